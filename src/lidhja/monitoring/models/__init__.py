from lidhja.monitoring.models.document import DocumentStatus, StoredDocument
from lidhja.monitoring.models.evidence import Evidence
from lidhja.monitoring.models.figures import StoredFigures
from lidhja.monitoring.models.obligation import Obligation
from lidhja.monitoring.models.period import ReportingPeriod
from lidhja.monitoring.models.reminder import Reminder, ReminderKind
from lidhja.monitoring.models.report import (
    Currency,
    FundingSource,
    ImplementationStatus,
    ProgressReport,
    ReportEvent,
    ReportStatus,
)

__all__ = [
    "Currency",
    "DocumentStatus",
    "Evidence",
    "FundingSource",
    "ImplementationStatus",
    "Obligation",
    "ProgressReport",
    "Reminder",
    "ReminderKind",
    "ReportEvent",
    "ReportStatus",
    "ReportingPeriod",
    "StoredDocument",
    "StoredFigures",
]
