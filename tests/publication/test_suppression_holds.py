"""Suppression that holds across the tables of a period, a period and the one before it as
published, and a year and its quarters.

The property test generates registers, publishes the four quarters of a year one after the
other (with late entries, status changes and confirmed links arriving between publications,
which is what a reader who saved last quarter's table could subtract), then the year. The
attacker holds every published page: each period's tables beside the previous period as
published. They know every sum the tables satisfy (every table of a period adds up to the
period's total, the border points to the border cell, a year's cell to its quarters' cells plus
whatever changed, which they are assumed to know whenever nothing changed), and solve for the
hidden cells by linear elimination (numpy's rank, independent of the implementation). No hidden
cell, and no small change between a year and its quarters, ever follows."""

import os
from datetime import date

import numpy as np
import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lidhja.accounts.domain.actors import SYSTEM
from lidhja.cases.models import Case
from lidhja.publication.domain import services
from lidhja.publication.domain.periods import Period
from lidhja.publication.domain.queries import statistics_document
from lidhja.publication.domain.releases import period_lines
from lidhja.publication.domain.suppression import Line
from lidhja.publication.domain.tables import TABLES
from lidhja.publication.models import Release
from tests.publication.helpers import Entry, add_register

THRESHOLD = 3
YEAR = Period(2009)
QUARTERS = YEAR.quarters()


def determined(lines: list[Line], unknown: set, targets: set) -> set:
    """The targets whose value follows from the lines, every cell not in `unknown` known: a
    cell is determined exactly when every solution of the homogeneous system leaves it at zero
    (its coordinate vanishes across the null space, from one SVD)."""
    keys = sorted(unknown, key=repr)
    rows = [
        [(key in line.parts) - (key == line.total) for key in keys]
        for line in lines
        if unknown & set(line.cells)
    ]
    if not keys:
        return set()
    if not rows:
        return set()  # no sum names an unknown: nothing follows
    matrix = np.array(rows, dtype=float)
    _u, singular, vt = np.linalg.svd(matrix)
    rank = int((singular > 1e-9 * max(matrix.shape)).sum())
    null = vt[rank:]
    return {
        key
        for index, key in enumerate(keys)
        if key in targets and (null.shape[0] == 0 or np.abs(null[:, index]).max() < 1e-9)
    }


def reader(periods: list[Period]) -> tuple[dict, set, list[Line]]:
    """What the pages of `periods` show: (period, table, category) -> count, the hidden cells,
    and the sums a reader knows. The same cell on two pages (a period, and the next period's
    previous column) must read the same."""
    shown, hidden, lines = {}, set(), []
    for period in periods:
        document = statistics_document(period)
        for table in document.tables:
            rows = [(row, (table.code, row.value)) for row in table.rows]
            if table.total is not None:
                rows.append((table.total, TABLES[table.code].within))
            for row, key in rows:
                figures = zip(document.columns, row.figures, document.published, strict=True)
                for column, figure, published in figures:
                    if not published:
                        continue
                    cell = (column, *key)
                    if figure is None:
                        assert cell not in shown, cell
                        hidden.add(cell)
                    else:
                        assert cell not in hidden and shown.get(cell, figure) == figure, cell
                        shown[cell] = figure
        lines += period_lines(period.code)
    return shown, hidden, lines


def year_lines(truth: dict) -> tuple[list[Line], set]:
    """The year's cells as its quarters' plus a change; the changes that are zero are taken as
    known (the reader guesses that nothing changed, and is right)."""
    lines, unknown = [], set()
    for spec in TABLES.values():
        for key in spec.cells():
            change = ("change", *key)
            lines.append(Line((YEAR.code, *key), (*((q.code, *key) for q in QUARTERS), change)))
            if truth[change] != 0:
                unknown.add(change)
    return lines, unknown


def true_sums(lines: list[Line], truth: dict) -> tuple[list[Line], set]:
    """The reader's sums as they really hold. A person with cases in two categories (two
    forms of exploitation, two linked records) makes a table's rows add up to more than its
    total: that excess is unknown to the reader (taken as known when it is zero), and a sum
    that does not hold exactly must not count as a recovery (its answer would be wrong). The
    decision itself takes every sum as exact, the stronger reader."""
    exact, slacks = [], set()
    for index, line in enumerate(lines):
        excess = sum(truth[key] for key in line.parts) - truth[line.total]
        if excess == 0:
            exact.append(line)
            continue
        joined, slack = ("joined", index), ("excess", index)
        exact += [Line(joined, line.parts), Line(joined, (line.total, slack))]
        slacks |= {joined, slack}
    return exact, slacks


def true_counts() -> dict:
    from lidhja.publication.domain.releases import count_cells

    truth = {}
    for period in [*QUARTERS, YEAR]:
        release = Release.objects.get(period=period.code)
        for t, c, n in release.cells:
            truth[(period.code, t, c)] = n
        for t, c, n in release.withheld:
            truth[(period.code, t, c)] = n
    year = count_cells(YEAR)
    for key, n in year.items():
        truth[("change", *key)] = n - sum(truth[(q.code, *key)] for q in QUARTERS)
    return truth


entries = st.builds(
    Entry,
    identified_on=st.sampled_from([date(2009, m, 15) for m in (2, 5, 8, 11)]),
    status=st.sampled_from(["identified", "presumed"]),
    sex=st.sampled_from(["female", "male"]),
    age_band=st.sampled_from(["15-17", "18-24", ""]),
    citizenship=st.sampled_from(["AL", "XK", "FR"]),
    forms=st.sampled_from([("sexual",), ("labour",), ("sexual", "labour")]),
    source=st.sampled_from(["police", "border", "ngo"]),
    border_point=st.sampled_from(["rinas", "kakavije"]),
    transnational=st.booleans(),
    qark=st.sampled_from(["tirane", "vlore"]),
    risk_assessed=st.booleans(),
    reflection_on=st.sampled_from([None, None, date(2009, 3, 1), date(2009, 6, 1)]),
    re_trafficked_on=st.sampled_from([None, None, date(2009, 4, 1)]),
)


@pytest.mark.django_db
@settings(
    max_examples=int(os.environ.get("LIDHJA_SUPPRESSION_EXAMPLES", "8")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    register=st.lists(entries, min_size=0, max_size=70),
    late=st.lists(entries, min_size=0, max_size=12),
    linked=st.integers(0, 3),
)
def test_no_hidden_cell_follows_from_the_pages_of_a_year(
    register, late, linked, settings_threshold
):
    with transaction.atomic():
        _publish_a_year(register, late, linked)
        shown, hidden, lines = reader([*QUARTERS, YEAR])
        truth = true_counts()
        for key, n in shown.items():
            assert truth[key] == n
        assert {key for key in truth if key[0] != "change" and truth[key] < THRESHOLD} <= hidden
        more, changes = year_lines(truth)
        small_changes = {key for key in changes if abs(truth[key]) < THRESHOLD}
        true_lines, slacks = true_sums(lines, truth)
        found = determined(true_lines + more, hidden | changes | slacks, hidden | small_changes)
        assert found == set()
        for line in set(true_lines) & set(lines):  # subtraction alone: never one unknown
            assert len([key for key in line.cells if key in hidden]) != 1, line
        transaction.set_rollback(True)


def _publish_a_year(register: list[Entry], late: list[Entry], linked: int) -> None:
    """Each quarter's entries arrive before it is published; late ones (dated in an earlier
    quarter) and a few confirmed links arrive after, as the quarters go by."""
    for index, quarter in enumerate(QUARTERS):
        add_register([e for e in register if Period(2009, _quarter(e)) == quarter])
        if index > 0:
            add_register([e for i, e in enumerate(late) if i % 3 == index - 1])
            _confirm_links(linked)
            changed = Case.objects.filter(identified_on__lt=quarter.start, status="presumed")
            Case.objects.filter(pk__in=list(changed.values_list("pk", flat=True)[:1])).update(
                status="identified"
            )
        services.publish(quarter, by=SYSTEM)
    services.publish(YEAR, by=SYSTEM)


def _quarter(entry: Entry) -> int:
    return (entry.identified_on.month - 1) // 3 + 1


def _confirm_links(n: int) -> None:
    """Link the first persons to the last ones, as the Responsible Authority confirms."""
    from lidhja.cases.models import Person

    persons = list(Person.objects.filter(counted_as=None).order_by("id"))
    for first, second in list(zip(persons, reversed(persons), strict=True))[:n]:
        if first.pk < second.pk:
            Person.objects.filter(pk=second.pk).update(counted_as=first.pk)


@pytest.fixture
def settings_threshold(settings):
    settings.LIDHJA_PUBLICATION_THRESHOLD = THRESHOLD
    return THRESHOLD
