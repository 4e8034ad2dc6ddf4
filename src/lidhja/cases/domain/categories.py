"""The statistical categories of a person and a case: what aggregates count by, kept outside
the sealed identity. Each is derived here from the identity when it is stored, and nowhere
else; none of them, alone, says who anyone is."""

from datetime import date

from django.db.models import F
from django.db.models.functions import Coalesce

from lidhja.cases.models.choices import AgeBand, Sex

# Who a case counts as, for statistics that count persons: the person, or the person it was
# confirmed to be. Count(PERSON_KEY, distinct=True) over cases counts each person once.
PERSON_KEY = Coalesce(F("person__counted_as_id"), F("person_id"))

# Upper bounds (inclusive) of each band, in years of age.
_BANDS: tuple[tuple[int, AgeBand], ...] = (
    (11, AgeBand.UNDER_12),
    (14, AgeBand.FROM_12),
    (17, AgeBand.FROM_15),
    (24, AgeBand.FROM_18),
    (34, AgeBand.FROM_25),
    (49, AgeBand.FROM_35),
)


def age(born: date, on: date) -> int:
    """Whole years of age on `on`."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_band(born: date | None, on: date) -> AgeBand:
    """The band of the age on `on`; unknown without a date of birth, or with one after `on`."""
    if born is None or born > on:
        return AgeBand.UNKNOWN
    years = age(born, on)
    return next((band for last, band in _BANDS if years <= last), AgeBand.FROM_50)


def sex(value: str) -> str:
    return value if value in Sex.values else ""


def citizenship(value: str) -> str:
    """An ISO 3166-1 alpha-2 code, upper case, or empty."""
    value = (value or "").strip().upper()
    return value if len(value) == 2 and value.isalpha() else ""
