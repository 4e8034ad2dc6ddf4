from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionalConfig(AppConfig):
    name = "lidhja.regional"
    verbose_name = _("Regional anti-trafficking committees")

    def ready(self) -> None:
        from lidhja.core.demo import register_demo
        from lidhja.regional.domain import indicators  # noqa: F401 -- registers computations
        from lidhja.regional.domain.demo import load_assessments

        register_demo(load_assessments)
