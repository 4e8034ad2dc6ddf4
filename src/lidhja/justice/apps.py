from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JusticeConfig(AppConfig):
    name = "lidhja.justice"
    label = "justice"
    verbose_name = _("Criminal justice")

    def ready(self) -> None:
        # The justice tables join the national statistics (publication), the justice plan
        # indicators join the indicators' registry, and the sealed identities
        # of defendants join key rotation (`lidhja cases reencrypt`).
        from lidhja.justice.domain import indicators, sealed, tables  # noqa: F401
