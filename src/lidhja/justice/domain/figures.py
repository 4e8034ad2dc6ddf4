"""Raw justice figures for comparisons with published series (UNODC GLOTIP): persons
prosecuted and convicted in a year by sex and age, unsuppressed. Callers that publish them
suppress them first; nothing here is shown to a user as it is."""

from lidhja.cases.models.choices import CHILD_BANDS, AgeBand, Sex
from lidhja.justice.domain.statistics import SELECT, first_dates

INDICATORS = {"prosecuted": "prosecuted", "convicted": "convicted"}


def _age(band: str) -> str:
    if band == AgeBand.UNKNOWN:
        return ""
    return "child" if band in CHILD_BANDS else "adult"


def _sex(value: str) -> str:
    return value if value in Sex.values else Sex.OTHER.value


def persons_by_outcome(year: int) -> dict[tuple[str, str, str], int]:
    """Defendants counted once each, keyed (indicator, sex, age):

    - indicator "prosecuted": defendants whose first indictment (not dismissed) is dated in
      `year`; "convicted": defendants whose final decision, a conviction, is dated in `year`;
    - sex: a `cases.models.choices.Sex` value (a defendant whose sex is not recorded counts
      as `Sex.OTHER`, "other or not stated");
    - age: "adult" or "child" from the defendant's age band (at the registration of the
      proceeding; the child bands are `CHILD_BANDS`), "" when the age is not known.

    Raw counts, not suppressed; cells with no one are absent.
    """
    counts: dict[tuple[str, str, str], int] = {}
    for indicator, statistic in INDICATORS.items():
        for row in first_dates(SELECT[statistic]):
            if row["first"].year == year:
                key = (indicator, _sex(row["sex"]), _age(row["age_band"]))
                counts[key] = counts.get(key, 0) + 1
    return counts
