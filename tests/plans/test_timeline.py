"""Tests of the Timeline-cell reader (pure Python, no database).

The first table holds every distinct Timeline cell of the Action Plan 2008-2010 (as fixed in
the seed YAML), plus raw OCR variants from seed/000_9c75ca047f12b4ca.txt. Expected windows are
written out by hand from the rules, not computed by the code under test.
"""

import calendar
import dataclasses
import re
import string
from datetime import date as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lidhja.plans.domain.timeline import Timeline, TimelinePart, parse_timeline

PLAN_START, PLAN_END = D(2008, 1, 1), D(2010, 12, 31)
YEARLY_FEB = "FREQ=YEARLY;BYMONTH=2"

# --- Real cells of the document --------------------------------------------------------------
REAL = [
    # (cell text, start, end, recurrence)
    ("Ongoing", PLAN_START, PLAN_END, "ongoing"),
    ("Continuing", PLAN_START, PLAN_END, "ongoing"),
    ("2008", D(2008, 1, 1), D(2008, 12, 31), ""),
    ("2009", D(2009, 1, 1), D(2009, 12, 31), ""),
    ("2010", D(2010, 1, 1), D(2010, 12, 31), ""),
    ("Mid 2008", D(2008, 6, 1), D(2008, 7, 31), ""),
    ("Mid 2009", D(2009, 6, 1), D(2009, 7, 31), ""),
    ("Mid 2010", D(2010, 6, 1), D(2010, 7, 31), ""),
    ("End 2008", D(2008, 10, 1), D(2008, 12, 31), ""),
    ("End 2009", D(2009, 10, 1), D(2009, 12, 31), ""),
    ("End of 2009", D(2009, 10, 1), D(2009, 12, 31), ""),
    ("Beginning of 2009", D(2009, 1, 1), D(2009, 3, 31), ""),
    ("Early 2009", D(2009, 1, 1), D(2009, 3, 31), ""),
    ("First half 2009", D(2009, 1, 1), D(2009, 6, 30), ""),
    ("First quarter 2009", D(2009, 1, 1), D(2009, 3, 31), ""),
    ("First quarter of 2009", D(2009, 1, 1), D(2009, 3, 31), ""),
    ("Spring 2009", D(2009, 3, 1), D(2009, 5, 31), ""),
    ("Autumn 2008", D(2008, 9, 1), D(2008, 11, 30), ""),
    ("Autumn of 2009", D(2009, 9, 1), D(2009, 11, 30), ""),
    ("In the course of 2009", D(2009, 1, 1), D(2009, 12, 31), ""),
    ("By end 2008", None, D(2008, 12, 31), ""),
    ("By end 2010", None, D(2010, 12, 31), ""),
    ("By mid 2009", None, D(2009, 7, 31), ""),
    ("By mid 2010", None, D(2010, 7, 31), ""),
    ("By first half of 2009", None, D(2009, 6, 30), ""),
    ("Mid 2008 onwards", D(2008, 6, 1), None, "ongoing"),
    ("Starting by end of 2008", D(2008, 10, 1), None, "ongoing"),
    ("End 2008 – beginning 2009", D(2008, 10, 1), D(2009, 3, 31), ""),
    ("End 2008 - beginning 2009", D(2008, 10, 1), D(2009, 3, 31), ""),
    ("End 2008 - Mid 2009", D(2008, 10, 1), D(2009, 7, 31), ""),
    ("End 2008 - First half 2009", D(2008, 10, 1), D(2009, 6, 30), ""),
    ("2008 – Mid 2009", D(2008, 1, 1), D(2009, 7, 31), ""),
    ("2008 - 2009", D(2008, 1, 1), D(2009, 12, 31), ""),
    ("2009 – 2010", D(2009, 1, 1), D(2010, 12, 31), ""),
    ("2008 to 2010", D(2008, 1, 1), D(2010, 12, 31), ""),
    ("By Febr. of each year for the previous year", PLAN_START, PLAN_END, YEARLY_FEB),
    (
        "June 2008, and by March of each subsequent year",
        PLAN_START,
        PLAN_END,
        "FREQ=YEARLY;BYMONTH=3",
    ),
    # cells with one date per output, one line each
    ("Autumn 2008\nEnd 2008", D(2008, 9, 1), D(2008, 12, 31), ""),
    ("Mid 2008\nAutumn 2008\nEnd 2008\nFirst quarter of 2009", D(2008, 6, 1), D(2009, 3, 31), ""),
    ("End 2008\nMarch 2009\nMarch 2010", D(2008, 10, 1), D(2010, 3, 31), ""),
    ("End 2008\nJune 2009\nUntil 2010", D(2008, 10, 1), D(2010, 12, 31), ""),
    ("End 2008\nMarch 2009", D(2008, 10, 1), D(2009, 3, 31), ""),
    ("End 2008\nEnd 2008\n2010", D(2008, 10, 1), D(2010, 12, 31), ""),
    ("End 2008\n2010", D(2008, 10, 1), D(2010, 12, 31), ""),
    ("End 2008\nSpring 2009", D(2008, 10, 1), D(2009, 5, 31), ""),
    ("End 2008\nMid 2009\n2010", D(2008, 10, 1), D(2010, 12, 31), ""),
    ("2009\nEnd 2009", D(2009, 1, 1), D(2009, 12, 31), ""),
    ("2010\n2009", D(2009, 1, 1), D(2010, 12, 31), ""),
    ("2009\n2010", D(2009, 1, 1), D(2010, 12, 31), ""),
    ("2008\n2009", D(2008, 1, 1), D(2009, 12, 31), ""),
    ("2008\nMid 2009", D(2008, 1, 1), D(2009, 7, 31), ""),
    ("2008\nMid 2010", D(2008, 1, 1), D(2010, 7, 31), ""),
    ("June 2009\nJune 2009", D(2009, 6, 1), D(2009, 6, 30), ""),
    ("Mid 2010\nEnd of 2009", D(2009, 10, 1), D(2010, 7, 31), ""),
    ("First half 2009\nMid 2008", D(2008, 6, 1), D(2009, 6, 30), ""),
    ("Mid 2009\nMid 2010", D(2009, 6, 1), D(2010, 7, 31), ""),
    ("Spring 2009\nMid 2009", D(2009, 3, 1), D(2009, 7, 31), ""),
    ("Early 2009\nBeginning of 2009", D(2009, 1, 1), D(2009, 3, 31), ""),
    ("First quarter 2009\n2010", D(2009, 1, 1), D(2010, 12, 31), ""),
    ("By Mid 2009\n2009-2010", D(2009, 1, 1), D(2010, 12, 31), ""),
    ("Ongoing\n2009", PLAN_START, PLAN_END, "ongoing"),
    ("Ongoing\n2010", PLAN_START, PLAN_END, "ongoing"),
    ("2008\nEnd 2008\nMid 2009\n2009\nOngoing", PLAN_START, PLAN_END, "ongoing"),
    # raw OCR: cells wrapped over several lines, odd dashes
    ("Beginning of\n2009", D(2009, 1, 1), D(2009, 3, 31), ""),
    ("End 2008 —\nbeginning\n2009", D(2008, 10, 1), D(2009, 3, 31), ""),
    ("End 2008\n—beginning\n2009", D(2008, 10, 1), D(2009, 3, 31), ""),
    ("2008 — Mid\n2009", D(2008, 1, 1), D(2009, 7, 31), ""),
    ("Starting by\nend of 2008", D(2008, 10, 1), None, "ongoing"),
    ("Mid 2008\nonwards", D(2008, 6, 1), None, "ongoing"),
    ("By Febr. of\neach year\nfor the\nprevious\nyear", PLAN_START, PLAN_END, YEARLY_FEB),
    ("First\nquarter of\n2009", D(2009, 1, 1), D(2009, 3, 31), ""),
    ("By end\n2008", None, D(2008, 12, 31), ""),
]

REAL_FLAGGED = [
    ("", "no timeline given"),
    ("2008 -", "not understood: '2008 -'"),  # the end of the range is not printed
    ("First quarter of 2009 -", "not understood: 'First quarter of 2009 -'"),
    ("20010", "implausible year 20010: '20010'"),  # OCR of "2010"
]


@pytest.mark.parametrize(("text", "start", "end", "recurrence"), REAL)
def test_real_cells(text, start, end, recurrence):
    t = parse_timeline(text)
    assert (t.start, t.end, t.recurrence, t.problem) == (start, end, recurrence, "")
    assert not t.flagged and t.parts and t.text == text


@pytest.mark.parametrize(("text", "problem"), REAL_FLAGGED)
def test_real_cells_that_need_a_person(text, problem):
    t = parse_timeline(text)
    assert t.flagged and t.problem == problem
    assert (t.start, t.end, t.recurrence, t.parts) == (None, None, "", ())


def test_parts_of_a_stacked_cell():
    t = parse_timeline("End 2008\nJune 2009\nUntil 2010")
    assert t.parts == (
        TimelinePart("End 2008", D(2008, 10, 1), D(2008, 12, 31), ""),
        TimelinePart("June 2009", D(2009, 6, 1), D(2009, 6, 30), ""),
        TimelinePart("Until 2010", None, D(2010, 12, 31), ""),
    )


def test_parts_of_a_comma_cell_and_a_wrapped_cell():
    assert parse_timeline("June 2008, and by March of each subsequent year").parts == (
        TimelinePart("June 2008", D(2008, 6, 1), D(2008, 6, 30), ""),
        TimelinePart(
            "and by March of each subsequent year", PLAN_START, PLAN_END, "FREQ=YEARLY;BYMONTH=3"
        ),
    )
    assert parse_timeline("Beginning of\n2009").parts == (
        TimelinePart("Beginning of 2009", D(2009, 1, 1), D(2009, 3, 31), ""),
    )


# --- The rest of the vocabulary ------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "start", "end", "recurrence"),
    [
        ("Q1 2009", D(2009, 1, 1), D(2009, 3, 31), ""),
        ("second quarter of 2009", D(2009, 4, 1), D(2009, 6, 30), ""),
        ("Q3 2009", D(2009, 7, 1), D(2009, 9, 30), ""),
        ("fourth quarter 2009", D(2009, 10, 1), D(2009, 12, 31), ""),
        ("Second half of 2009", D(2009, 7, 1), D(2009, 12, 31), ""),
        ("Middle of 2009", D(2009, 6, 1), D(2009, 7, 31), ""),
        ("mid-2009", D(2009, 6, 1), D(2009, 7, 31), ""),
        ("Late 2009", D(2009, 10, 1), D(2009, 12, 31), ""),
        ("Start of 2010", D(2010, 1, 1), D(2010, 3, 31), ""),
        ("Summer 2009", D(2009, 6, 1), D(2009, 8, 31), ""),
        ("Fall 2009", D(2009, 9, 1), D(2009, 11, 30), ""),
        ("Winter 2009", D(2009, 12, 1), D(2010, 2, 28), ""),
        ("Winter 2007", D(2007, 12, 1), D(2008, 2, 29), ""),  # leap year
        ("Febr. 2009", D(2009, 2, 1), D(2009, 2, 28), ""),
        ("Sept 2008", D(2008, 9, 1), D(2008, 9, 30), ""),
        ("Not later than June 2009", None, D(2009, 6, 30), ""),
        ("Until end of 2009.", None, D(2009, 12, 31), ""),
        ("From 2009", D(2009, 1, 1), None, "ongoing"),
        ("Starting in 2010", D(2010, 1, 1), None, "ongoing"),
        ("Mid 2009 and ongoing", D(2009, 6, 1), None, "ongoing"),
        ("from 2008 to mid 2010", D(2008, 1, 1), D(2010, 7, 31), ""),
        ("2008-2009", D(2008, 1, 1), D(2009, 12, 31), ""),
        ("2010-2012", D(2010, 1, 1), D(2012, 12, 31), ""),
        ("End 2008, Mid 2009", D(2008, 10, 1), D(2009, 7, 31), ""),
        ("End 2008; Mid 2009", D(2008, 10, 1), D(2009, 7, 31), ""),
        ("Ongoing\nMid 2011", PLAN_START, D(2011, 7, 31), "ongoing"),
        ("By mid 2009\nBy end 2009", None, D(2009, 12, 31), ""),
        ("By mid 2009\nMid 2010 onwards", D(2010, 6, 1), None, "ongoing"),
        ("1990", D(1990, 1, 1), D(1990, 12, 31), ""),
        ("2100", D(2100, 1, 1), D(2100, 12, 31), ""),
    ],
)
def test_vocabulary(text, start, end, recurrence):
    t = parse_timeline(text)
    assert (t.start, t.end, t.recurrence, t.problem) == (start, end, recurrence, "")


@pytest.mark.parametrize(
    "word",
    [
        "Ongoing",
        "On-going",
        "Continuing",
        "Continuous",
        "Permanent",
        "Regularly",
        "Constantly",
        "Throughout",
        "ongoing.",
    ],
)
def test_ongoing_words_run_over_the_plan(word):
    t = parse_timeline(word, plan_start=D(2011, 1, 1), plan_end=D(2013, 12, 31))
    assert (t.start, t.end, t.recurrence, t.flagged) == (
        D(2011, 1, 1),
        D(2013, 12, 31),
        "ongoing",
        False,
    )


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("each year", "FREQ=YEARLY"),
        ("Every year", "FREQ=YEARLY"),
        ("Annually", "FREQ=YEARLY"),
        ("(yearly)", "FREQ=YEARLY"),
        ("quarterly", "FREQ=MONTHLY;INTERVAL=3"),
        ("every quarter", "FREQ=MONTHLY;INTERVAL=3"),
        ("every three months", "FREQ=MONTHLY;INTERVAL=3"),
        ("(quarterly)", "FREQ=MONTHLY;INTERVAL=3"),
        ("twice a year", "FREQ=MONTHLY;INTERVAL=6"),
        ("bi-annually", "FREQ=MONTHLY;INTERVAL=6"),
        ("bi-annual", "FREQ=MONTHLY;INTERVAL=6"),
        ("semi-annual", "FREQ=MONTHLY;INTERVAL=6"),
        ("every six months", "FREQ=MONTHLY;INTERVAL=6"),
        ("monthly", "FREQ=MONTHLY"),
        ("By Febr. of each year", YEARLY_FEB),
        ("every April", "FREQ=YEARLY;BYMONTH=4"),
        ("regular (quarterly)", "FREQ=MONTHLY;INTERVAL=3"),
    ],
)
def test_recurrences_run_over_the_plan(text, rule):
    t = parse_timeline(text)
    assert (t.start, t.end, t.recurrence, t.problem) == (PLAN_START, PLAN_END, rule, "")


def test_recurrence_with_a_year_range_runs_over_that_range():
    t = parse_timeline("annually 2009 - 2010")
    assert (t.start, t.end, t.recurrence) == (D(2009, 1, 1), D(2010, 12, 31), "FREQ=YEARLY")


def test_timeline_recurrence_is_empty_when_parts_disagree():
    assert parse_timeline("quarterly\nannually").recurrence == ""
    assert parse_timeline("Ongoing\nquarterly").recurrence == ""
    assert parse_timeline("Ongoing\nquarterly").parts[1].recurrence == "FREQ=MONTHLY;INTERVAL=3"
    assert parse_timeline("quarterly\n2009").recurrence == "FREQ=MONTHLY;INTERVAL=3"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("   \n ", "no timeline given"),
        ("upon approval of the law", "not understood: 'upon approval of the law'"),
        ("Immediately", "not understood: 'Immediately'"),
        ("June", "not understood: 'June'"),  # a month alone is not a date
        ("'09", 'not understood: "\'09"'),  # no two-digit years in the document
        ("09", "implausible year 09: '09'"),
        ("1989", "implausible year 1989: '1989'"),
        ("2101", "implausible year 2101: '2101'"),
        ("End 2009 - 2008", "range ends before it starts: 'End 2009 - 2008'"),
        ("2008 - 2009 - 2010", "not understood: '2008 - 2009 - 2010'"),
        ("quarterly by March", "not understood: 'quarterly by March'"),
        ("of the", "not understood: 'of the'"),
    ],
)
def test_not_understood_is_never_guessed(text, problem):
    t = parse_timeline(text)
    assert (t.problem, t.start, t.end, t.recurrence, t.parts) == (problem, None, None, "", ())


def test_one_bad_line_flags_the_cell_but_keeps_the_good_parts():
    t = parse_timeline("Autumn 2008\nupon approval\nof the law\nEnd 2008")
    assert t.problem == "not understood: 'upon approval of the law'"
    assert (t.start, t.end, t.recurrence) == (None, None, "")
    assert [p.text for p in t.parts] == ["Autumn 2008", "End 2008"]


def test_result_is_frozen():
    t = parse_timeline("2009")
    assert isinstance(t, Timeline) and not t.flagged
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.end = None  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.parts[0].end = None  # type: ignore[misc]


# --- Properties ------------------------------------------------------------------------------
def _window(year: int, first_month: int, months: int) -> tuple[D, D]:
    """Expected window, computed with calendar (the module uses dateutil)."""
    last = first_month + months - 1
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    return D(year, first_month, 1), D(
        end_year, end_month, calendar.monthrange(end_year, end_month)[1]
    )


MONTHS = [
    ("January", 1),
    ("Jan", 1),
    ("February", 2),
    ("Febr.", 2),
    ("Feb", 2),
    ("March", 3),
    ("Apr.", 4),
    ("May", 5),
    ("June", 6),
    ("Jul", 7),
    ("August", 8),
    ("Sept", 9),
    ("Sept.", 9),
    ("September", 9),
    ("Oct", 10),
    ("November", 11),
    ("Dec.", 12),
]
TERMS = [  # (how it is written, first month, length in months)
    ("", 1, 12),
    ("Early", 1, 3),
    ("Beginning of", 1, 3),
    ("Beginning", 1, 3),
    ("Start of", 1, 3),
    ("First quarter of", 1, 3),
    ("First quarter", 1, 3),
    ("Q1", 1, 3),
    ("Second quarter", 4, 3),
    ("Q2", 4, 3),
    ("Third quarter of", 7, 3),
    ("Q3", 7, 3),
    ("Fourth quarter", 10, 3),
    ("Q4", 10, 3),
    ("First half of", 1, 6),
    ("First half", 1, 6),
    ("Second half of", 7, 6),
    ("Mid", 6, 2),
    ("Middle of", 6, 2),
    ("mid-", 6, 2),
    ("End", 10, 3),
    ("End of", 10, 3),
    ("the end of", 10, 3),
    ("Late", 10, 3),
    ("Spring", 3, 3),
    ("Summer", 6, 3),
    ("Autumn", 9, 3),
    ("Autumn of", 9, 3),
    ("Fall", 9, 3),
    ("Winter", 12, 3),
    *[(name, month, 1) for name, month in MONTHS],
]


@st.composite
def expressions(draw):
    """(text, expected start, expected end) of a '[term] YEAR' expression."""
    term, first_month, months = draw(st.sampled_from(TERMS))
    year = draw(st.integers(2000, 2050))
    text = f"{term}{year}" if term.endswith("-") else f"{term} {year}".strip()
    return (text, *_window(year, first_month, months))


def _mangle(draw, text: str) -> str:
    """Random casing, extra spaces between words, surrounding whitespace."""
    text = "".join(c.upper() if draw(st.booleans()) else c.lower() for c in text)
    words = text.split(" ")
    text = "".join(w + " " * draw(st.integers(1, 3)) for w in words[:-1]) + words[-1]
    return (
        draw(st.sampled_from(["", " ", "\t", "  "]))
        + text
        + draw(st.sampled_from(["", " ", ".", "  "]))
    )


def _signature(t: Timeline):
    return (
        t.start,
        t.end,
        t.recurrence,
        t.flagged,
        [(p.start, p.end, p.recurrence) for p in t.parts],
    )


@given(expressions())
def test_every_term_names_its_window_inside_its_year(expr):
    text, start, end = expr
    t = parse_timeline(text)
    assert (t.start, t.end, t.recurrence, t.problem) == (start, end, "", "")
    assert t.start <= t.end
    assert t.start.year == start.year and t.end.year in (start.year, start.year + 1)
    if t.end.year != t.start.year:
        assert text.lower().startswith("winter")


@given(
    st.data(),
    st.one_of(
        expressions().map(lambda e: e[0]), st.sampled_from([row[0] for row in REAL + REAL_FLAGGED])
    ),
)
def test_case_and_whitespace_do_not_matter(data, text):
    assert _signature(parse_timeline(_mangle(data.draw, text))) == _signature(parse_timeline(text))


SEPARATORS = [" - ", "-", " – ", "–", " — ", " to ", "  to  ", " -"]


@given(expressions(), expressions(), st.sampled_from(SEPARATORS))
def test_range_runs_from_start_of_first_to_end_of_second(x, y, sep):
    t, tx, ty = parse_timeline(x[0] + sep + y[0]), parse_timeline(x[0]), parse_timeline(y[0])
    if tx.start <= ty.end:
        assert (t.start, t.end, t.recurrence, t.problem) == (tx.start, ty.end, "", "")
    else:
        assert t.flagged and t.problem.startswith("range ends before it starts")
        assert (t.start, t.end, t.parts) == (None, None, ())


@given(expressions(), st.sampled_from(["By", "by the", "Until", "until", "Not later than"]))
def test_by_x_is_due_at_the_end_of_x(x, prefix):
    t = parse_timeline(f"{prefix} {x[0]}")
    assert (t.start, t.end, t.recurrence, t.problem) == (None, x[2], "", "")


@given(
    expressions(),
    st.sampled_from(
        ["From {}", "Starting {}", "{} onwards", "{} and ongoing", "starting by {}", "{} onward"]
    ),
)
def test_open_ended_x_starts_with_x(x, pattern):
    t = parse_timeline(pattern.format(x[0]))
    assert (t.start, t.end, t.recurrence, t.problem) == (x[1], None, "ongoing", "")


VOCABULARY = {
    w
    for phrase in [t[0] for t in TERMS]
    + [m[0] for m in MONTHS]
    + [
        "start starting from onwards onward by until till later than to and ongoing going",
        "continuing continuous continuously permanent permanently regularly regular constantly",
        "constant throughout each every year years annual annually yearly quarterly quarter",
        "month months monthly twice biannual biannually semiannual semiannually bi semi",
        "six three half mar apr jun aug sep nov december april july october course previous",
        "subsequent fall winter summer spring mid middle end late early beginning",
    ]
    for w in re.findall(r"[a-z]+", phrase.lower())
}


@given(
    st.text(alphabet=string.ascii_letters + " \n-.,;()", max_size=60).filter(
        lambda s: not VOCABULARY & set(re.findall(r"[a-z]+", s.lower()))
    )
)
def test_text_without_dates_is_always_flagged(text):
    t = parse_timeline(text)
    assert t.flagged
    assert (t.start, t.end, t.recurrence, t.parts) == (None, None, "", ())


@given(
    st.lists(expressions(), min_size=1, max_size=4),
    st.sampled_from(["\n", "\n\n", ", ", "; ", " ;\n"]),
)
def test_several_lines_give_min_start_and_max_end(exprs, sep):
    t = parse_timeline(sep.join(e[0] for e in exprs))
    assert not t.flagged
    assert [(p.start, p.end) for p in t.parts] == [(e[1], e[2]) for e in exprs]
    assert (t.start, t.end) == (min(e[1] for e in exprs), max(e[2] for e in exprs))


@given(st.lists(expressions(), min_size=1, max_size=3), expressions())
def test_an_open_ended_line_makes_the_cell_open_ended(exprs, last):
    t = parse_timeline("\n".join([e[0] for e in exprs] + [f"{last[0]} onwards"]))
    assert t.end is None
    assert t.start == min([e[1] for e in exprs] + [last[1]])
