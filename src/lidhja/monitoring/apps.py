from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "lidhja.monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from lidhja.core import sealed
        from lidhja.core.demo import register_demo
        from lidhja.monitoring.domain.demo import open_last_quarter
        from lidhja.monitoring.domain.documents import stored_files
        from lidhja.monitoring.domain.evidence import sealed_evidence_files

        sealed.register("monitoring.evidence", sealed_evidence_files)
        sealed.register("monitoring.documents", stored_files)
        register_demo(open_last_quarter)
