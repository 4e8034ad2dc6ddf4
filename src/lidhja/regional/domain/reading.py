"""What an assessment shows, once for the page, the API and the XLSX: each section's text,
directions and rows with their labels, and the cases table (frozen at submission; computed
now, with the same suppression, for a draft)."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from lidhja.organisations.models import Organisation
from lidhja.regional.domain.aggregates import COLUMNS, TOTAL, CasesTable, cases_table
from lidhja.regional.domain.halves import Half
from lidhja.regional.domain.sections import SECTIONS, TREND_AREAS, Section
from lidhja.regional.models import Assessment, Direction

COLUMN_LABELS = {
    "all": _("Persons"),
    "female": _("Women and girls"),
    "male": _("Men and boys"),
    "adult": _("Adults (18 or over)"),
    "child": _("Children (under 18)"),
}
TOTAL_LABEL = _("Whole qark")


@dataclass(frozen=True)
class ShownSection:
    section: Section
    text: str
    trends: list[tuple[Any, Any]]  # (area label, direction label)
    header: list[Any]
    rows: list[list[Any]]  # labels of chosen values, text as written


def _label(column: Any, value: str) -> Any:
    return dict(column.choices).get(value, value) if column.choices else value


def shown_sections(assessment: Assessment) -> list[ShownSection]:
    directions = dict(Direction.choices)
    shown = []
    for section in SECTIONS.values():
        trends = []
        if section.trends:
            trends = [
                (label, directions.get(assessment.trends.get(area, ""), directions["unknown"]))
                for area, label in TREND_AREAS
            ]
        rows = [
            [_label(column, row.get(column.name, "")) for column in section.columns]
            for row in (getattr(assessment, section.name) if section.columns else [])
        ]
        shown.append(
            ShownSection(
                section,
                getattr(assessment, section.text_field) if section.text_field else "",
                trends,
                [column.label for column in section.columns],
                rows,
            )
        )
    return shown


def table_of(assessment: Assessment) -> tuple[CasesTable, bool]:
    """The cases table and whether it is the frozen one."""
    if assessment.computed is not None:
        return CasesTable.from_json(assessment.computed), True
    half = Half(assessment.year, assessment.half)
    return cases_table(assessment.organisation.qark, half), False


def table_rows(table: CasesTable) -> list[tuple[str, str, list[int | None]]]:
    """(code, name in the user's language, counts in COLUMNS order): the units, then the
    qark's total. A unit no longer known keeps the name frozen with the table."""
    known = {org.code: org.display_name for org in Organisation.objects.filter(code__in=table.rows)}
    return [
        (
            code,
            str(TOTAL_LABEL) if code == TOTAL else known.get(code, table.names.get(code, code)),
            [table.rows[code].get(c) for c in COLUMNS],
        )
        for code in [*table.units, TOTAL]
        if code in table.rows
    ]
