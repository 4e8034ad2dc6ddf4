from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "lidhja.trainings"
    label = "trainings"
    verbose_name = _("Trainings")

    def ready(self) -> None:
        # The coverage indicators join the indicators' registry, the sealed roster names join
        # key rotation (`lidhja cases reencrypt`), and the demo loader joins `lidhja demo-data`.
        from lidhja.core.demo import register_demo
        from lidhja.trainings.domain import indicators, sealed  # noqa: F401
        from lidhja.trainings.domain.demo import load_demo

        register_demo(load_demo)
