"""Case-level open data in the columns of the Counter Trafficking Data Collaborative (CTDC)
condensed victim-perpetrator file, k-anonymous (`exchange.domain.kanon`).

One record per person (a person confirmed to be another counts once, `PERSON_KEY`), from the
person's first case of a trafficked person. A record holds only categories: no code, no date
finer than a year, no free text. Empty cells are missing values; ";" joins several values.

What each column holds, at its finest (level 0), and how it is generalised:

| column | from | generalised to |
|---|---|---|
| yearRegister | year of first contact | 3-year band (2008-2010), 9-year band (2008-2016), missing |
| gender | the person's sex (Female, Male; another or unknown: missing) | missing |
| majorityStatus | age band at identification (Minor below 18, Adult) | missing |
| isForcedLabour | "1" for forced labour, slavery or servitude, forced begging | missing |
| isSexualExploit | "1" for sexual exploitation | missing |
| UN_COO_Region | M49 sub-region of the citizenship | CTDC region, missing |
| UN_COE_Region | M49 sub-regions of the countries of exploitation (1) | CTDC region, missing |
| IP_Relation | relation to the recruiter, in CTDC's three groups | missing |

(1) the home country (`LIDHJA_COUNTRY`) for a case within the country.

The other perpetrator columns (IP_Exploiter, ...) stay empty: cases do not record perpetrators.
Every column is taken as a quasi-identifier: each published combination of all of them stands
for at least k persons (`LIDHJA_CTDC_K`).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pycountry
from django.conf import settings

from lidhja.cases.domain.categories import PERSON_KEY
from lidhja.cases.models import Case, CaseExploitation
from lidhja.cases.models.choices import (
    CHILD_BANDS,
    AgeBand,
    CaseKind,
    ExploitationForm,
    RecruiterRelation,
    Sex,
)
from lidhja.exchange.domain import regions
from lidhja.exchange.domain.kanon import SEPARATOR, Hierarchy, Result, Row, anonymise

COLUMNS = (
    "yearRegister",
    "gender",
    "majorityStatus",
    "isForcedLabour",
    "isSexualExploit",
    "UN_COO_Region",
    "UN_COE_Region",
    "IP_Exploiter",
    "IP_Gender",
    "IP_ageBroad",
    "IP_citizen_UNRegion",
    "IP_Relation",
    "IP_PayMoney",
    "IP_RecruiterBroker",
    "IP_TransactionProcess",
    "IP_ControlAbuseKidnap",
)
# The columns Lidhja fills; the others are always empty.
FILLED = (
    "yearRegister",
    "gender",
    "majorityStatus",
    "isForcedLabour",
    "isSexualExploit",
    "UN_COO_Region",
    "UN_COE_Region",
    "IP_Relation",
)

GENDER = {Sex.FEMALE: "Female", Sex.MALE: "Male"}
FORCED_LABOUR = frozenset(
    {ExploitationForm.LABOUR, ExploitationForm.SLAVERY, ExploitationForm.BEGGING}
)
SEXUAL = frozenset({ExploitationForm.SEXUAL})
RELATION = {
    RecruiterRelation.FAMILY: "FamilyIntimatePartner",
    RecruiterRelation.PARTNER: "FamilyIntimatePartner",
    RecruiterRelation.ACQUAINTANCE: "FriendAcquaintance",
    RecruiterRelation.STRANGER: "StrangerUnknownOther",
    RecruiterRelation.EMPLOYER: "StrangerUnknownOther",
    RecruiterRelation.OTHER: "StrangerUnknownOther",
    RecruiterRelation.UNKNOWN: "StrangerUnknownOther",
}
BAND_START = 2008  # bands of years are counted from the first year of the seed plan


@dataclass(frozen=True)
class YearBand:
    width: int

    def __call__(self, value: str) -> str:
        start = BAND_START + (int(value) - BAND_START) // self.width * self.width
        return f"{start}-{start + self.width - 1}"


HIERARCHIES = {
    "yearRegister": Hierarchy("yearRegister", (YearBand(3), YearBand(9))),
    "gender": Hierarchy("gender"),
    "majorityStatus": Hierarchy("majorityStatus"),
    "isForcedLabour": Hierarchy("isForcedLabour"),
    "isSexualExploit": Hierarchy("isSexualExploit"),
    "UN_COO_Region": Hierarchy("UN_COO_Region", (regions.widen,)),
    "UN_COE_Region": Hierarchy("UN_COE_Region", (regions.widen,)),
    "IP_Relation": Hierarchy("IP_Relation"),
}
# Which values are blanked first when a record must give up one (step 2 of `kanon`): the
# least asked-for first; the year last.
LOCAL_ORDER = (
    "IP_Relation",
    "UN_COE_Region",
    "UN_COO_Region",
    "isSexualExploit",
    "isForcedLabour",
    "majorityStatus",
    "gender",
    "yearRegister",
)


def home_alpha2() -> str:
    country = pycountry.countries.get(alpha_3=settings.LIDHJA_COUNTRY)
    return str(country.alpha_2) if country is not None else ""


def records() -> list[Row]:
    """One record per person, in the filled columns' order, before any generalisation."""
    cases = (
        Case.objects.filter(kind=CaseKind.TRAFFICKING)
        .annotate(counted=PERSON_KEY)
        .order_by("counted", "identified_on", "id")
        .values(
            "id",
            "counted",
            "identified_on",
            "age_band",
            "transnational",
            "exploitation_countries",
            "recruiter_relation",
            "person__stat_sex",
            "person__stat_citizenship",
        )
    )
    first: dict[int, dict[str, Any]] = {}
    for case in cases.iterator(chunk_size=5000):
        first.setdefault(case["counted"], case)
    forms = _forms(case["id"] for case in first.values())
    home = home_alpha2()
    return [_record(case, forms.get(case["id"], set()), home) for case in first.values()]


def _forms(ids: Iterable[int]) -> dict[int, set[str]]:
    wanted = set(ids)
    found: dict[int, set[str]] = {}
    rows = (
        CaseExploitation.objects.filter(case__kind=CaseKind.TRAFFICKING)
        .values_list("case_id", "form")
        .iterator(chunk_size=5000)
    )
    for case_id, form in rows:
        if case_id in wanted:
            found.setdefault(case_id, set()).add(form)
    return found


def _record(case: dict[str, Any], forms: set[str], home: str) -> Row:
    identified: date = case["identified_on"]
    band = case["age_band"]
    countries = list(case["exploitation_countries"] or [])
    if not countries and not case["transnational"] and home:
        countries = [home]
    values = {
        "yearRegister": str(identified.year),
        "gender": GENDER.get(case["person__stat_sex"], ""),
        "majorityStatus": ""
        if band == AgeBand.UNKNOWN
        else "Minor"
        if band in CHILD_BANDS
        else "Adult",
        "isForcedLabour": "1" if forms & FORCED_LABOUR else "",
        "isSexualExploit": "1" if forms & SEXUAL else "",
        "UN_COO_Region": regions.subregion(case["person__stat_citizenship"]),
        "UN_COE_Region": _joined(regions.subregion(code) for code in countries),
        "IP_Relation": RELATION.get(case["recruiter_relation"], ""),
    }
    return tuple(values[column] for column in FILLED)


def _joined(values: Iterable[str]) -> str:
    return SEPARATOR.join(sorted(set(values) - {""}))


def anonymised(rows: list[Row] | None = None, k: int | None = None) -> Result:
    """The records made k-anonymous, in the filled columns' order."""
    return anonymise(
        records() if rows is None else rows,
        [HIERARCHIES[column] for column in FILLED],
        settings.LIDHJA_CTDC_K if k is None else k,
        local_order=[FILLED.index(column) for column in LOCAL_ORDER],
    )


def full_row(row: Row) -> list[str]:
    """A record in all of CTDC's columns, the unfilled ones empty."""
    values = dict(zip(FILLED, row, strict=True))
    return [values.get(column, "") for column in COLUMNS]
