from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "lidhja.campaigns"
    verbose_name = _("Awareness campaigns")

    def ready(self) -> None:
        from lidhja.campaigns.domain import indicators  # noqa: F401 -- registers computations
        from lidhja.campaigns.domain.demo import load_campaigns
        from lidhja.campaigns.domain.sections import campaigns_section
        from lidhja.campaigns.domain.services import sealed_material_files
        from lidhja.core import sealed
        from lidhja.core.demo import register_demo
        from lidhja.monitoring.domain.sections import register_midterm_section

        register_midterm_section(campaigns_section)
        sealed.register("campaigns.materials", sealed_material_files)
        register_demo(load_campaigns)
