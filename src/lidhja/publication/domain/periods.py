"""Publication periods: a quarter (2009Q1) or a year (2009)."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_CODE = re.compile(r"^(?P<year>\d{4})(?:Q(?P<quarter>[1-4]))?$")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    quarter: int | None = None  # None: the whole year

    @classmethod
    def parse(cls, code: str) -> "Period":
        match = _CODE.match((code or "").strip().upper())
        if match is None or not 1900 <= int(match["year"]) <= 2999:
            raise ValidationError(
                {"period": _("Give a year (2009) or a quarter (2009Q1).")}, code="period"
            )
        quarter = match["quarter"]
        return cls(int(match["year"]), int(quarter) if quarter else None)

    @property
    def code(self) -> str:
        return f"{self.year}Q{self.quarter}" if self.quarter else str(self.year)

    @property
    def is_year(self) -> bool:
        return self.quarter is None

    @property
    def start(self) -> date:
        return date(self.year, 3 * (self.quarter or 1) - 2, 1)

    @property
    def end(self) -> date:
        if self.quarter is None or self.quarter == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.quarter + 1, 1) - timedelta(days=1)

    def previous(self) -> "Period":
        if self.quarter is None:
            return Period(self.year - 1)
        if self.quarter == 1:
            return Period(self.year - 1, 4)
        return Period(self.year, self.quarter - 1)

    def quarters(self) -> tuple["Period", ...]:
        """The four quarters of a year (a quarter has none)."""
        if self.quarter is not None:
            return ()
        return tuple(Period(self.year, q) for q in (1, 2, 3, 4))

    def __str__(self) -> str:
        return self.code
