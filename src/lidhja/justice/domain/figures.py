"""Raw justice figures for comparisons with published series (UNODC GLOTIP): persons
prosecuted and convicted in a year by sex and age, unsuppressed."""

from datetime import date

from lidhja.cases.models.choices import CHILD_BANDS, AgeBand, Sex
from lidhja.justice.domain.tables import first_stages

INDICATORS = ("prosecuted", "convicted")


def _age(band: str) -> str:
    if band in ("", AgeBand.UNKNOWN):
        return ""
    return "child" if band in CHILD_BANDS else "adult"


def _sex(value: str) -> str:
    return value if value in Sex.values else Sex.OTHER.value


def persons_by_outcome(year: int) -> dict[tuple[str, str, str], int]:
    counts: dict[tuple[str, str, str], int] = {}
    for indicator in INDICATORS:
        for row in first_stages(indicator, date(year, 1, 1), date(year, 12, 31)):
            key = (indicator, _sex(row["defendant__sex"]), _age(row["defendant__age_band"]))
            counts[key] = counts.get(key, 0) + 1
    return counts
