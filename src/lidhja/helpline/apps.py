from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelplineConfig(AppConfig):
    name = "lidhja.helpline"
    label = "helpline"
    verbose_name = _("Helpline")

    def ready(self) -> None:
        # The call indicators join the indicators' registry (and the seed plan's items); the
        # synthetic calls join `lidhja demo-data`.
        from lidhja.core.demo import register_demo
        from lidhja.helpline.domain import demo, indicators  # noqa: F401

        register_demo(demo.load)
