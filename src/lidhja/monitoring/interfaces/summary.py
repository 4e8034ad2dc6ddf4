"""A report's answers as readable text: what ONAC reviews, and what anyone who may not edit the
report reads (GOV.UK's summary list), instead of greyed-out form fields."""

from dataclasses import dataclass

from lidhja.core.figures import NBSP, amount, lek
from lidhja.monitoring.interfaces.forms import ReportForm
from lidhja.monitoring.models import Currency, ProgressReport


@dataclass(frozen=True)
class Answer:
    key: str
    label: str
    value: str  # "" when the report holds no answer
    multiline: bool = False


def _expenditure(report: ProgressReport) -> str:
    if report.expenditure is None:
        return ""
    if report.currency == Currency.ALL:
        return lek(report.expenditure)
    return f"{amount(report.expenditure)}{NBSP}{report.currency}"


def report_answers(report: ProgressReport) -> list[Answer]:
    """The answers of `report`, labelled and ordered as the form asks them, in the reader's
    language."""
    labels = {key: str(field.label) for key, field in ReportForm.base_fields.items()}
    donor = report.donor.display_name if report.donor is not None else ""
    funding = report.get_funding_source_display() if report.funding_source else ""
    values = {
        "implementation_status": (report.get_implementation_status_display(), False),
        "narrative": (report.narrative.strip(), True),
        "outputs_achieved": (report.outputs_achieved.strip(), True),
        "expenditure": (_expenditure(report), False),
        "funding_source": (funding, False),
        "donor": (donor, False),
    }
    return [Answer(key, labels[key], value, many) for key, (value, many) in values.items()]
