"""Half-years, the rhythm of the regional situation assessments ("bi-annual", Coordination
4.(a).1.1): 2009H1 is January to June 2009. An assessment is due one month after its
half-year ends."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

DUE_AFTER = timedelta(days=31)
_CODE = re.compile(r"^([0-9]{4})H([12])$")


class BadHalf(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Half:
    year: int
    half: int

    @classmethod
    def parse(cls, code: str) -> "Half":
        found = _CODE.match(code.strip().upper())
        if found is None or not 2000 <= int(found.group(1)) <= 2100:
            raise BadHalf(code)
        return cls(int(found.group(1)), int(found.group(2)))

    @classmethod
    def containing(cls, day: date) -> "Half":
        return cls(day.year, 1 if day.month <= 6 else 2)

    @classmethod
    def of_quarter(cls, year: int, quarter: int) -> "Half":
        return cls(year, 1 if quarter <= 2 else 2)

    @property
    def code(self) -> str:
        return f"{self.year}H{self.half}"

    @property
    def start(self) -> date:
        return date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self) -> date:
        return date(self.year, 6, 30) if self.half == 1 else date(self.year, 12, 31)

    @property
    def due(self) -> date:
        return self.end + DUE_AFTER

    @property
    def previous(self) -> "Half":
        return Half(self.year - 1, 2) if self.half == 1 else Half(self.year, 1)

    def __str__(self) -> str:
        return self.code
