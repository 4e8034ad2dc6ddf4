"""The cases of a qark in a half-year, by managing unit (municipality), sex and age: the
computed section of a situation assessment and the figures of the committee's home page.

Persons are counted once per row (a confirmed link included, cases.domain.categories), from
the statistical categories only. Every cell goes through the one suppression of published
figures (publication.domain.suppression.decide) with the publication threshold: a count below
it is hidden, and more cells are hidden until none can be worked out from the row and column
totals. Only the shown counts leave this module; a hidden cell is None.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import F
from django.db.models.functions import Coalesce

from lidhja.cases.models import Case
from lidhja.cases.models.choices import CHILD_BANDS, AgeBand, Sex
from lidhja.organisations.models import Organisation
from lidhja.publication.domain.suppression import Line, decide
from lidhja.regional.domain.halves import Half

TOTAL = "total"  # the qark's row
COLUMNS = ("all", "female", "male", "adult", "child")
Cell = tuple[str, str]  # (row: a managing organisation's code, or TOTAL; column)


@dataclass(frozen=True)
class CasesTable:
    """The table as shown: row code -> column -> count, None where suppressed."""

    half: str
    qark: str
    threshold: int
    rows: dict[str, dict[str, int | None]]
    names: dict[str, str]  # row code -> organisation name, in English (as frozen)

    def as_json(self) -> dict[str, Any]:
        return {
            "half": self.half,
            "qark": self.qark,
            "threshold": self.threshold,
            "rows": self.rows,
            "names": self.names,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "CasesTable":
        return cls(data["half"], data["qark"], data["threshold"], data["rows"], data["names"])

    @property
    def units(self) -> list[str]:
        return [code for code in self.rows if code != TOTAL]


def _columns_of(sex: str, band: str) -> set[str]:
    found = {"all"}
    if sex in (Sex.FEMALE, Sex.MALE):
        found.add(str(sex))
    if band and band != AgeBand.UNKNOWN:
        found.add("child" if band in CHILD_BANDS else "adult")
    return found


def counts(qark: str, half: Half) -> dict[Cell, int]:
    """Persons by (managing unit, column), and the qark's totals; every cell of every row
    that has a case, zeros included."""
    rows = (
        Case.objects.filter(qark=qark, identified_on__range=(half.start, half.end))
        .annotate(counted=Coalesce(F("person__counted_as_id"), F("person_id")))
        .values_list("managing_organisation__code", "counted", "person__stat_sex", "age_band")
    )
    persons: dict[Cell, set[int]] = {}
    for unit, person, sex, band in rows:
        for column in _columns_of(sex, band):
            persons.setdefault((unit, column), set()).add(person)
            persons.setdefault((TOTAL, column), set()).add(person)
    units = sorted({unit for unit, _column in persons if unit != TOTAL})
    return {
        (row, column): len(persons.get((row, column), ()))
        for row in [*units, TOTAL]
        for column in COLUMNS
    }


def lines(row_codes: Iterable[str]) -> list[Line[Cell]]:
    """The sums a reader knows: in each row, women + men and adults + children make the
    persons; each column's units make the qark's total. (Persons of unrecorded sex or age, or
    counted in two units, make the sums inexact: the reader who takes them as exact is the
    stronger one, and the one guarded against.)"""
    codes = [code for code in row_codes if code != TOTAL]
    found: list[Line[Cell]] = []
    for row in [*codes, TOTAL]:
        found.append(Line((row, "all"), ((row, "female"), (row, "male"))))
        found.append(Line((row, "all"), ((row, "adult"), (row, "child"))))
    if codes:
        for column in COLUMNS:
            found.append(Line((TOTAL, column), tuple((code, column) for code in codes)))
    return found


def suppressed(found: dict[Cell, int], threshold: int) -> dict[Cell, int | None]:
    row_codes = list(dict.fromkeys(row for row, _column in found))
    hidden = decide(found, lines(row_codes), threshold)
    return {cell: None if cell in hidden else count for cell, count in found.items()}


def cases_table(qark: str, half: Half) -> CasesTable:
    threshold = settings.LIDHJA_PUBLICATION_THRESHOLD
    shown = suppressed(counts(qark, half), threshold)
    rows: dict[str, dict[str, int | None]] = {}
    for (row, column), value in shown.items():
        rows.setdefault(row, {})[column] = value
    names = dict(Organisation.objects.filter(code__in=rows).values_list("code", "name"))
    return CasesTable(half.code, qark, threshold, rows, names)
