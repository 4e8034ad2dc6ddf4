"""Lidhja's own figures for the exchange with UNODC: the published cells of a year, nothing
counted here.

A figure is a count of persons for a year, keyed by (indicator, sex, age):
- indicator: "detected" (detected victims), "prosecuted" (persons prosecuted) or
  "convicted" (persons convicted);
- sex: "female", "male", or "" for all persons;
- age: "adult", "child", or "" for all persons.

Each indicator is a table of the national statistics by sex and age
(publication.domain.crosstab): the detected victims are `victims.detected`
(exchange.domain.tables); persons prosecuted and convicted are the justice module's
`justice.prosecuted_sex_age` and `justice.convicted_sex_age`, registered here when that module
is installed (exchange.apps; until then those figures stay empty). A figure is the year's cell
as frozen in the year's release (publication.domain.releases), decided with every other table
of the year and its quarters: the comparison and the GLOTIP export show what the statistics
page of the year shows, and nothing a reader could subtract from it. A year that is not
published has no figures.

A hidden cell is written with a dash, as on the statistics page. It is not written "<5": the
page does not tell a small count from a complement hidden to protect one, and telling them
apart here would give a reader bounds the page withholds.
"""

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from lidhja.publication.domain.crosstab import cell
from lidhja.publication.domain.periods import Period
from lidhja.publication.domain.releases import published as release_of
from lidhja.publication.domain.tables import CellKey

DETECTED = "detected"
PROSECUTED = "prosecuted"
CONVICTED = "convicted"
INDICATORS = (DETECTED, PROSECUTED, CONVICTED)
JUSTICE_INDICATORS = (PROSECUTED, CONVICTED)

TOTAL = ""
ADULT = "adult"
CHILD = "child"
# The sexes and ages published beside UNODC's (UNODC publishes no third sex).
SEXES = (TOTAL, "female", "male")
AGES = (TOTAL, ADULT, CHILD)
HIDDEN_MARK = "–"

Key = tuple[str, str, str]  # (indicator, sex, age)


@dataclass(frozen=True)
class Source:
    """Where an indicator's figures are published: a table by sex and age, and its total."""

    code: str
    total: CellKey

    def cell(self, sex: str, age: str) -> CellKey:
        return cell(self.code, self.total, sex, age)


@dataclass(frozen=True)
class Figure:
    """One published figure: `count` when shown; `text` as it is written ("12", "–")."""

    count: int | None
    text: str

    @property
    def hidden(self) -> bool:
        return self.count is None


_SOURCES: dict[str, Source] = {}


def register(source: Source, indicators: Iterable[str]) -> None:
    """Let `source` give the figures of `indicators` (replacing any source they had)."""
    for indicator in indicators:
        if indicator not in INDICATORS:
            raise ValueError(f"unknown indicator {indicator!r}")
        _SOURCES[indicator] = source


def provided() -> frozenset[str]:
    """The indicators that have a source."""
    return frozenset(_SOURCES)


@contextmanager
def sources(replacement: Mapping[str, Source]) -> Iterator[None]:
    """Sources in place of the registered ones, for a test."""
    saved = dict(_SOURCES)
    _SOURCES.clear()
    _SOURCES.update(replacement)
    try:
        yield
    finally:
        _SOURCES.clear()
        _SOURCES.update(saved)


def published(year: int) -> dict[Key, Figure]:
    """The figures of `year` as its release shows them; empty when the year is not published
    (or when none of its indicators has a source)."""
    release = release_of(Period(year))
    if release is None:
        return {}
    found = {}
    for indicator, source in sorted(_SOURCES.items(), key=lambda item: INDICATORS.index(item[0])):
        for sex in SEXES:
            for age in AGES:
                key = source.cell(sex, age)
                if key in release.cells:  # a table added after the year was published: none
                    found[(indicator, sex, age)] = _figure(release.cells[key])
    return found


def is_published(year: int) -> bool:
    return release_of(Period(year)) is not None


def _figure(n: int | None) -> Figure:
    return Figure(None, HIDDEN_MARK) if n is None else Figure(n, str(n))


register(Source("victims.detected", ("victims.detected", "all")), [DETECTED])
