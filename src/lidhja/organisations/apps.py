from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "lidhja.organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from lidhja.audit.domain.wording import Term, register
        from lidhja.organisations.models import ServiceKind

        # The audit log's words for the registry's entries (the services' codes).
        register(
            "organisation",
            {"services": Term(_("services provided"), lambda: ServiceKind.choices)},
        )
