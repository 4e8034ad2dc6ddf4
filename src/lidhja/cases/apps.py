from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "lidhja.cases"
    label = "cases"
    verbose_name = _("National Referral Mechanism")

    def ready(self) -> None:
        # The mechanism's computed plan indicators join the indicators' registry.
        from lidhja.cases.domain import indicators  # noqa: F401
        from lidhja.cases.domain.wording import register_terms

        # The audit log's words for the cases' entries.
        register_terms()
