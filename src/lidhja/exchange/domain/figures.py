"""Lidhja's own figures for the exchange with UNODC: a small registry of providers, and the
figures as they may be published.

A figure is a count of persons for a year, keyed by (indicator, sex, age):
- indicator: "detected" (detected victims), "prosecuted" (persons prosecuted) or
  "convicted" (persons convicted);
- sex: a value of `cases.models.choices.Sex`, or "" for all persons;
- age: "adult", "child", or "" for all persons (a person whose age is not known is counted in
  the totals only).

A provider is a function `year -> {(indicator, sex, age): count}`. The cases module's victims
are registered here; the justice module registers `persons_by_outcome` for persons prosecuted
and convicted (`exchange.apps`), and until it does those figures stay empty. A provider that
gives only the detailed cells has its totals added up here; one that gives nothing for a year
(no data) leaves the year empty.

Published, each count is text: the number, or "<5" (with the threshold
`LIDHJA_PUBLICATION_THRESHOLD`) below the threshold, as UNODC writes its own small counts; and a
count that would give a hidden one back by subtraction from its totals is hidden as well
(`publication.domain.suppression.decide`), shown as a dash.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q

from lidhja.cases.domain.categories import PERSON_KEY
from lidhja.cases.models import Case
from lidhja.cases.models.choices import CHILD_BANDS, AgeBand, CaseKind, Sex
from lidhja.publication.domain.suppression import Line, decide

DETECTED = "detected"
PROSECUTED = "prosecuted"
CONVICTED = "convicted"
INDICATORS = (DETECTED, PROSECUTED, CONVICTED)
JUSTICE_INDICATORS = (PROSECUTED, CONVICTED)

TOTAL = ""
ADULT = "adult"
CHILD = "child"
# The sexes and ages published beside UNODC's (UNODC publishes no third sex); a provider's
# other values count in the totals.
SEXES = (TOTAL, Sex.FEMALE.value, Sex.MALE.value)
AGES = (TOTAL, ADULT, CHILD)
HIDDEN_MARK = "–"

Key = tuple[str, str, str]  # (indicator, sex, age)
Provider = Callable[[int], Mapping[Key, int]]


@dataclass(frozen=True)
class Figure:
    """One published figure: `count` when shown; `text` as it is written ("12", "<5", "–")."""

    count: int | None
    text: str

    @property
    def hidden(self) -> bool:
        return self.count is None


_PROVIDERS: dict[str, Provider] = {}


def register(provider: Provider, indicators: Iterable[str]) -> None:
    """Let `provider` give the figures of `indicators` (replacing any provider they had)."""
    for indicator in indicators:
        if indicator not in INDICATORS:
            raise ValueError(f"unknown indicator {indicator!r}")
        _PROVIDERS[indicator] = provider


def provided() -> frozenset[str]:
    """The indicators that have a provider."""
    return frozenset(_PROVIDERS)


@contextmanager
def providers(replacement: Mapping[str, Provider]) -> Iterator[None]:
    """Providers in place of the registered ones, for a test or a benchmark."""
    saved = dict(_PROVIDERS)
    _PROVIDERS.clear()
    _PROVIDERS.update(replacement)
    try:
        yield
    finally:
        _PROVIDERS.clear()
        _PROVIDERS.update(saved)


def counts(year: int) -> dict[Key, int]:
    """Every count the providers give for `year`, totals included."""
    found: dict[Key, int] = {}
    for provider in dict.fromkeys(_PROVIDERS.values()):  # each provider once, in order
        given = provider(year)
        found |= {key: int(n) for key, n in given.items() if _PROVIDERS.get(key[0]) is provider}
    return _with_totals(found)


def published(year: int) -> dict[Key, Figure]:
    """The figures of `year` as they may be shown: the published cells of every indicator
    that has data for the year, small counts and their complements hidden."""
    found = counts(year)
    indicators = sorted({key[0] for key in found}, key=INDICATORS.index)
    cells = {(i, s, a): found.get((i, s, a), 0) for i in indicators for s in SEXES for a in AGES}
    hidden = decide(cells, _lines(indicators), settings.LIDHJA_PUBLICATION_THRESHOLD)
    return {key: _figure(key, n, hidden) for key, n in cells.items()}


def _figure(key: Key, n: int, hidden: frozenset[Key]) -> Figure:
    threshold = settings.LIDHJA_PUBLICATION_THRESHOLD
    if n < threshold:
        return Figure(None, f"<{threshold}")
    if key in hidden:
        return Figure(None, HIDDEN_MARK)
    return Figure(n, str(n))


def _lines(indicators: list[str]) -> list[Line[Key]]:
    """The sums a reader takes the published cells to satisfy: a total is its women and men,
    and its adults and children. (Persons of another or unknown sex or age make the total
    larger than its parts: the reader who takes them to add up exactly is the stronger one,
    and the one guarded against.)"""
    lines: list[Line[Key]] = []
    for i in indicators:
        for a in AGES:
            lines.append(Line((i, TOTAL, a), tuple((i, s, a) for s in SEXES if s != TOTAL)))
        for s in SEXES:
            lines.append(Line((i, s, TOTAL), tuple((i, s, a) for a in AGES if a != TOTAL)))
    return lines


def _with_totals(found: dict[Key, int]) -> dict[Key, int]:
    """Add the totals a provider left out, as the sum of their parts."""
    complete = dict(found)
    for indicator in {key[0] for key in found}:
        sexes = {s for i, s, _a in found if i == indicator} | set(SEXES)
        for s in sorted(sexes - {TOTAL}):
            _fill(complete, (indicator, s, TOTAL), [(indicator, s, a) for a in (ADULT, CHILD)])
        for a in (TOTAL, ADULT, CHILD):
            parts = [(indicator, s, a) for s in sorted(sexes - {TOTAL})]
            _fill(complete, (indicator, TOTAL, a), parts)
    return complete


def _fill(found: dict[Key, int], total: Key, parts: list[Key]) -> None:
    if total not in found and any(part in found for part in parts):
        found[total] = sum(found.get(part, 0) for part in parts)


# --- the victims, from the cases ------------------------------------------------------------

_CHILD = Q(age_band__in=CHILD_BANDS)
_ADULT = ~Q(age_band__in=CHILD_BANDS) & ~Q(age_band=AgeBand.UNKNOWN)
_AGE_FILTERS = {TOTAL: Q(), ADULT: _ADULT, CHILD: _CHILD}


def detected_victims(year: int) -> dict[Key, int]:
    """Detected victims: the persons of the cases of trafficked persons first contacted
    (`identified_on`) in `year`, whatever their status, each person counted once. Empty for
    a year without any such case."""
    sexes = [TOTAL, *Sex.values]
    columns = {
        f"n_{s or 'all'}_{a or 'all'}": Count(
            PERSON_KEY,
            distinct=True,
            filter=_AGE_FILTERS[a] & (Q(person__stat_sex=s) if s else Q()),
        )
        for s in sexes
        for a in AGES
    }
    row = Case.objects.filter(kind=CaseKind.TRAFFICKING, identified_on__year=year).aggregate(
        **columns
    )
    if not row["n_all_all"]:
        return {}
    return {(DETECTED, s, a): int(row[f"n_{s or 'all'}_{a or 'all'}"]) for s in sexes for a in AGES}


register(detected_victims, [DETECTED])
