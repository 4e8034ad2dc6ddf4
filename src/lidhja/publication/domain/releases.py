"""Which cells of a period are published, decided once and frozen.

What a reader can subtract, and why each way is closed:

1. **Within a period.** Every table of the period shares its total (persons of the period), the
   border crossing points add up to the source table's border cell, and so on (tables.py,
   `within`). The hidden cells of all tables of the period are decided together
   (publication.domain.suppression), so no table's total or shown cells give back a cell
   another table hides, on the page, in a download or in the report.

2. **The same table one period earlier.** Quarters (and years) are disjoint: a person is placed
   in a period by a date (the definition's reference date), so this quarter's table and last
   quarter's share no sum. What a reader who saved last quarter's table could subtract is a
   *revision*: last quarter counted again after a late entry, a changed status or a confirmed
   link ("Q1 now" minus "Q1 as published" = the few persons who changed). So a period is
   published once and frozen (publication.models.Release): the previous period on a page, in a
   download or in the report is always the previous period *as published*, cell for cell, and
   nothing is ever recomputed for a published period. No cumulative figure is published except
   from frozen periods.

3. **A year and its quarters.** A year's figures are counted afresh (late entries belong to
   the year they happened in), so a year cell is its four frozen quarter cells plus a
   difference: late entries, changes since, and persons of several quarters counted once. A
   year is published only after its four quarters, and it is decided in one system with them:
   the quarter cells are fixed (a shown one is known, a hidden one stays unknown), each
   difference is a cell of its own that is never published, and it is protected like a small
   count when it is not zero and below the threshold. A zero difference is taken as known (a
   reader may guess that nothing changed; the decision assumes they guess right). So neither a
   hidden quarter cell nor a small revision follows from the year.

4. **Amounts in lek** (the justice side's assets). A sum of money cannot be suppressed like a
   count, so it is not decided at all: an amount is frozen and shown only beside its count,
   when that count is shown and is at least the threshold (`shown_amounts`). Amounts add up
   exactly as their counts do (the same measures, in the same periods), so a hidden amount
   would follow only from sums whose counts would give back the hidden count, which the
   decision already prevents; and a shown amount is a sum over at least threshold measures.
   (A sum dominated by one large measure is not guarded against.)

The computed plan indicators read the same frozen cells (publication.domain.indicators,
justice.domain.indicators), and so do the UNODC comparison and the GLOTIP export
(exchange.domain.figures).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.conf import settings

from lidhja.publication.domain.periods import Period
from lidhja.publication.domain.suppression import Line, decide
from lidhja.publication.domain.tables import TABLES, CellKey, TableSpec
from lidhja.publication.models import Release

Key = tuple[str, str, str]  # (period or difference, table, category)


@dataclass(frozen=True)
class Decided:
    """The cells of a period as readers see them: a count, or None when hidden."""

    period: Period
    cells: dict[CellKey, int | None]
    threshold: int
    published_at: datetime | None = None  # None: a draft, not published
    definitions: dict[str, int] | None = None
    amounts: dict[CellKey, Decimal] = field(default_factory=dict)  # shown ones only

    def count(self, table: str, category: str) -> int | None:
        return self.cells.get((table, category))

    def amount(self, table: str, category: str) -> Decimal | None:
        return self.amounts.get((table, category))


def count_cells(period: Period, tables: Iterable[TableSpec] | None = None) -> dict[CellKey, int]:
    """Every cell of the period, counted now (one query per table)."""
    counts: dict[CellKey, int] = {}
    for spec in tables if tables is not None else TABLES.values():
        found = spec.count(period.start, period.end)
        counts |= {key: found.get(key[1], 0) for key in spec.cells()}
    return counts


def count_amounts(period: Period) -> dict[CellKey, Decimal]:
    """Every amount of the period, summed now (one query per table that has amounts)."""
    amounts: dict[CellKey, Decimal] = {}
    for spec in TABLES.values():
        if spec.amount is not None:
            found = spec.amount(period.start, period.end)
            amounts |= {key: Decimal(found.get(key[1], 0)) for key in spec.cells()}
    return amounts


def shown_amounts(
    amounts: dict[CellKey, Decimal], cells: dict[CellKey, int | None], threshold: int
) -> dict[CellKey, Decimal]:
    """The amounts that may be shown: each beside a shown count of at least `threshold`."""
    return {
        key: amount
        for key, amount in amounts.items()
        if (n := cells.get(key)) is not None and n >= threshold
    }


def period_lines(code: str, tables: Iterable[TableSpec] | None = None) -> list[Line[Key]]:
    """The sums every table of a period satisfies, as a reader of that period knows them."""
    lines = []
    for spec in tables if tables is not None else TABLES.values():
        if spec.within is not None:
            parts = tuple((code, *key) for key in spec.cells())
            lines.append(Line((code, *spec.within), parts))
        for total, summed in spec.sums:
            lines.append(Line((code, *total), tuple((code, *key) for key in summed)))
    return lines


def decide_period(
    period: Period, counts: dict[CellKey, int], quarters: list[Release] | None = None
) -> frozenset[CellKey]:
    """The hidden cells of `period` given its counts; a year needs its four frozen quarters."""
    threshold = settings.LIDHJA_PUBLICATION_THRESHOLD
    code = period.code
    system: dict[Key, int] = {(code, *key): n for key, n in counts.items()}
    lines = period_lines(code)
    known: set[Key] = set()
    withheld: set[Key] = set()
    unprotected: set[Key] = set()
    for release in quarters or []:
        shown, hidden = release_counts(release)
        for key, n in shown.items():
            system[(release.period, *key)] = n
            known.add((release.period, *key))
        for key, n in hidden.items():
            system[(release.period, *key)] = n
            withheld.add((release.period, *key))
        lines += [
            line
            for line in period_lines(release.period)
            if all(cell in system for cell in line.cells)  # a table added since: not frozen
        ]
    if quarters:
        for key, n in counts.items():
            # A quarter published before the table existed has no cell: the difference holds it.
            parts = [(r.period, *key) for r in quarters if (r.period, *key) in system]
            difference: Key = (f"{code}-difference", *key)
            system[difference] = n - sum(system.get(part, 0) for part in parts)
            if system[difference] == 0:
                known.add(difference)
            else:
                withheld.add(difference)
                if abs(system[difference]) >= threshold:
                    unprotected.add(difference)
            lines.append(Line((code, *key), (*parts, difference)))
    decided = decide(
        system,
        lines,
        threshold,
        known=frozenset(known),
        withheld=frozenset(withheld),
        unprotected=frozenset(unprotected),
    )
    return frozenset((table, category) for p, table, category in decided if p == code)


def release_counts(release: Release) -> tuple[dict[CellKey, int], dict[CellKey, int]]:
    """The shown and the hidden counts of a frozen release (the hidden ones for decisions
    only)."""
    shown = {(t, c): n for t, c, n in release.cells if n is not None}
    hidden = {(t, c): n for t, c, n in release.withheld}
    return shown, hidden


def as_published(release: Release) -> Decided:
    cells = {(t, c): n for t, c, n in release.cells}
    return Decided(
        Period.parse(release.period),
        cells,
        release.threshold,
        release.published_at,
        dict(release.definitions),
        {(t, c): Decimal(a) for t, c, a in release.amounts},
    )


def published(period: Period) -> Decided | None:
    """The frozen cells of a published period, or None."""
    release = Release.objects.filter(period=period.code).first()
    return None if release is None else as_published(release)


def quarter_releases(period: Period) -> list[Release]:
    """The frozen quarters of a year, in order; fewer than four if some are unpublished."""
    codes = [q.code for q in period.quarters()]
    found = {r.period: r for r in Release.objects.filter(period__in=codes)}
    return [found[c] for c in codes if c in found]


def draft(period: Period) -> Decided:
    """The cells the period would be published with now (shown to the publisher only)."""
    counts = count_cells(period)
    quarters = quarter_releases(period) if period.is_year else None
    hidden = decide_period(period, counts, quarters)
    cells = {key: None if key in hidden else n for key, n in counts.items()}
    threshold = settings.LIDHJA_PUBLICATION_THRESHOLD
    amounts = shown_amounts(count_amounts(period), cells, threshold)
    return Decided(period, cells, threshold, amounts=amounts)
