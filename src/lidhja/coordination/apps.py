from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "lidhja.coordination"
    label = "coordination"
    verbose_name = _("Coordination bodies and meetings")

    def ready(self) -> None:
        from lidhja.coordination.domain import indicators  # noqa: F401 -- registers them
        from lidhja.coordination.domain.demo import load_demo
        from lidhja.coordination.domain.minutes import sealed_minutes_files
        from lidhja.core import sealed
        from lidhja.core.demo import register_demo

        sealed.register("coordination.minutes", sealed_minutes_files)
        register_demo(load_demo)
