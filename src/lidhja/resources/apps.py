from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "lidhja.resources"
    verbose_name = _("Resources")

    def ready(self) -> None:
        from lidhja.monitoring.domain.sections import register_midterm_section
        from lidhja.resources.domain.sections import resources_section

        register_midterm_section(resources_section)
