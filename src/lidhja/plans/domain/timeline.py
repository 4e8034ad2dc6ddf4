"""Read the free-text "Timeline" cell of an Action Plan activity into a due window.

A cell such as "End 2008 – beginning 2009" or "By Febr. of each year" becomes one or more
`TimelinePart`s, each a window (start, end) whose end is the due date, plus a recurrence.
The reader is deliberately strict: whatever it does not recognise is reported in
`Timeline.problem` for a person to fix, never guessed.

Pure Python (stdlib + python-dateutil) so that it can be tested without Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

MIN_YEAR, MAX_YEAR = 1990, 2100  # a year outside this range is an OCR slip ("20010"), not a date


@dataclass(frozen=True)
class TimelinePart:
    text: str  # the piece of text this part was read from (stripped)
    start: date | None  # start of the due window; None = open (from plan start)
    end: date | None  # end of the due window = the due date; None = open-ended
    recurrence: str  # "", "ongoing", or an RFC 5545 RRULE body


@dataclass(frozen=True)
class Timeline:
    text: str
    parts: tuple[TimelinePart, ...]
    start: date | None
    end: date | None
    recurrence: str
    problem: str  # "" when understood, otherwise a short English reason

    @property
    def flagged(self) -> bool:
        return bool(self.problem)


# --- Vocabulary -----------------------------------------------------------------------------
# Month names as printed, full or abbreviated ("Febr.", "Sept"; dots are dropped beforehand).
_MONTH_NAMES = [
    "january jan", "february febr feb", "march mar", "april apr", "may", "june jun", "july jul",
    "august aug", "september sept sep", "october oct", "november nov", "december dec",
]  # fmt: skip
_MONTHS = {name: month for month, names in enumerate(_MONTH_NAMES, 1) for name in names.split()}
# A qualifier before a year names a window: (first month, length in months).
_QUALIFIERS = {
    "": (1, 12),  # a bare year
    "early|beginning|start": (1, 3),
    "first quarter|1st quarter|q1": (1, 3),
    "second quarter|2nd quarter|q2": (4, 3),
    "third quarter|3rd quarter|q3": (7, 3),
    "fourth quarter|4th quarter|last quarter|q4": (10, 3),
    "first half|1st half": (1, 6),
    "second half|2nd half": (7, 6),
    "mid|middle": (6, 2),
    "end|late": (10, 3),
    "spring": (3, 3),
    "summer": (6, 3),
    "autumn|fall": (9, 3),
    "winter": (12, 3),  # December to February of the next year
}
_WINDOWS = {name: w for names, w in _QUALIFIERS.items() for name in names.split("|")} | {
    name: (month, 1) for name, month in _MONTHS.items()
}
# Words that mean "continuously over the whole plan period".
_ONGOING = {
    "ongoing", "continuing", "continuous", "continuously", "permanent", "permanently",
    "regularly", "regular", "constantly", "constant", "throughout",
}  # fmt: skip
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
# Recurrence phrases, most specific first: "half yearly" must not be read as "yearly".
_RECURRENCES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), rule)
    for p, rule in [
        (
            r"\btwice a year\b|\b(?:bi|semi)annual(?:ly)?\b|\bevery (?:six|6) months\b"
            r"|\bhalf yearly\b|\bsix monthly\b",
            "FREQ=MONTHLY;INTERVAL=6",
        ),
        (
            r"\bquarterly\b|\b(?:each|every) quarter\b|\bevery (?:three|3) months\b"
            r"|\bthree monthly\b",
            "FREQ=MONTHLY;INTERVAL=3",
        ),
        (r"\b(?:each|every) year\b|\bannual(?:ly)?\b|\byearly\b", "FREQ=YEARLY"),
        (r"\bmonthly\b|\b(?:each|every) month\b", "FREQ=MONTHLY"),
        (rf"\b(?:each|every)\b(?= (?:{_MONTH_RE})$)", "FREQ=YEARLY"),  # "every April"
    ]
]
# Phrases that carry no date information of their own ("in the course of 2009" = "2009";
# a yearly report is "for the previous year"; "each subsequent year" = "each year").
_FILLER = re.compile(
    r"\bin the course of\b|\bfor the previous year\b|\bsubsequent\b"
    r"|\b(?:of|the|in)\b"
)
_OPEN_START = re.compile(r"^(?:starting|from|as from|as of)(?: by| from)? (.+)$")
_OPEN_END = re.compile(r"^(.+?) (?:onwards?|and ongoing|and continuing)$")
_DUE_BY = re.compile(r"^(?:by|until|till|not later than|no later than) (.+)$")
_RANGE_SEP = re.compile(r" ?(?:-|\bto\b) ?")
_MAX_WRAP = 8  # a date wraps over at most 6 lines in the document; bounds the work per line


class _NotUnderstood(Exception):
    """A piece of text that is not a timeline we can read; the message is the reason."""


# --- Normalising ----------------------------------------------------------------------------
def _normalise(text: str) -> str:
    """Lower-case, one kind of dash, no dots or brackets, no filler words, single spaces."""
    s = text.lower()
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)  # OCR and Word use every dash there is
    s = re.sub(r"\bon-going\b", "ongoing", s)
    s = re.sub(r"\b(bi|semi)[\s-]*annual", r"\1annual", s)  # not a range "bi - annual"
    s = re.sub(r"\b(three|six)-monthly\b", r"\1 monthly", s)
    s = re.sub(r"\b([a-z]+)\s*-\s*(?=\d)", r"\1 ", s)  # "mid-2009" is a point, not a range
    s = re.sub(r"[.()\[\]\s]+", " ", s)  # "Febr.", trailing dots, "(quarterly)", extra spaces
    s = _FILLER.sub(" ", s)  # after the line above: the filler phrases have single spaces
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub(r"^and\b ?", "", s)  # "June 2008, and by March ..."


# --- Reading one part -----------------------------------------------------------------------
def _point(s: str) -> tuple[date, date]:
    """'[qualifier] YEAR' -> the window it names."""
    *words, year = s.split() or [""]
    term = " ".join(words)
    if not re.fullmatch(r"[0-9]+", year) or term not in _WINDOWS:
        raise _NotUnderstood("not understood")
    if len(year) > 4 or not MIN_YEAR <= int(year) <= MAX_YEAR:  # len first: int() of huge strings
        raise _NotUnderstood(f"implausible year {year}")
    first_month, months = _WINDOWS[term]
    start = date(int(year), first_month, 1)
    return start, start + relativedelta(months=months, days=-1)


def _window(s: str, plan: tuple[date, date]) -> tuple[date | None, date | None, str]:
    """A part without a recurrence phrase -> (start, end, "" or "ongoing")."""
    if s in _ONGOING:
        return plan[0], plan[1], "ongoing"
    if s.startswith("from ") and _RANGE_SEP.search(s):  # "from X to Y" is a plain range
        s = s[len("from ") :]
    if (inner := _OPEN_START.sub(r"\1", _OPEN_END.sub(r"\1", s))) != s:  # "from X onwards"
        return _point(inner)[0], None, "ongoing"
    if m := _DUE_BY.match(s):
        return None, _point(m.group(1))[1], ""
    if _RANGE_SEP.search(s):
        pieces = _RANGE_SEP.split(s)
        if len(pieces) != 2:
            raise _NotUnderstood("not understood")
        start, end = _point(pieces[0])[0], _point(pieces[1])[1]
        if start > end:
            raise _NotUnderstood("range ends before it starts")
        return start, end, ""
    start, end = _point(s)
    return start, end, ""


def _recurring(s: str, plan: tuple[date, date]) -> tuple[date | None, date | None, str] | None:
    """A part with a recurrence phrase; it runs over the plan unless a window is given."""
    for pattern, rule in _RECURRENCES:
        if not (m := pattern.search(s)):
            continue
        rest = (s[: m.start()] + s[m.end() :]).strip()
        if month := re.fullmatch(rf"(?:by |until )?({_MONTH_RE})", rest):
            if rule != "FREQ=YEARLY":  # BYMONTH on a monthly rule would mean something else
                raise _NotUnderstood("not understood")
            return plan[0], plan[1], f"{rule};BYMONTH={_MONTHS[month.group(1)]}"
        if not rest:
            return plan[0], plan[1], rule
        start, end, _ = _window(rest, plan)
        return start, end, rule
    return None


def _parse_part(text: str, plan: tuple[date, date]) -> TimelinePart:
    s = _normalise(text)
    if not s:
        raise _NotUnderstood("not understood")
    start, end, recurrence = _recurring(s, plan) or _window(s, plan)
    return TimelinePart(text=text.strip(), start=start, end=end, recurrence=recurrence)


# --- Reading a whole cell -------------------------------------------------------------------
def _try(text: str, plan: tuple[date, date]) -> TimelinePart | str:
    try:
        return _parse_part(text, plan)
    except _NotUnderstood as error:
        return f"{error}: {text.strip()!r}"


def _read_lines(lines: list[str], plan: tuple[date, date]) -> list[TimelinePart | str]:
    """Group the lines of a cell into parts.

    A printed cell wraps ("Beginning of" / "2009") but also stacks one date per output
    ("Autumn 2008" / "End 2008"). We choose the grouping that leaves the fewest lines
    unread, then has the most parts (one per date), then the fewest unread pieces.
    """
    best: list[tuple[tuple[int, int, int], list[TimelinePart | str]]] = [((0, 0, 0), [])]
    for j in range(1, len(lines) + 1):
        options = []
        for i in range(max(0, j - _MAX_WRAP), j):
            result = _try(" ".join(lines[i:j]), plan)
            bad = isinstance(result, str)
            (unread, good, pieces), found = best[i]
            cost = (unread + (j - i) * bad, good - (not bad), pieces + bad)
            options.append((cost, [*found, result]))
        best.append(min(options, key=lambda option: option[0]))
    return best[-1][1]


def _combine(text: str, results: list[TimelinePart | str]) -> Timeline:
    parts = tuple(r for r in results if isinstance(r, TimelinePart))
    problems = [r for r in results if isinstance(r, str)]
    if problems:  # never a guess: the summary stays empty, the parts that were read stay
        return Timeline(text, parts, None, None, "", "; ".join(problems))
    starts = [p.start for p in parts if p.start is not None]
    ends = [p.end for p in parts if p.end is not None]
    open_ended = len(ends) < len(parts)
    recurrences = {p.recurrence for p in parts if p.recurrence}
    return Timeline(
        text=text,
        parts=parts,
        start=min(starts) if starts else None,
        end=None if open_ended else max(ends),
        recurrence=recurrences.pop() if len(recurrences) == 1 else "",
        problem="",
    )


def parse_timeline(
    text: str, *, plan_start: date = date(2008, 1, 1), plan_end: date = date(2010, 12, 31)
) -> Timeline:
    """Read a Timeline cell; see the module docstring."""
    plan = (plan_start, plan_end)
    results: list[TimelinePart | str] = []
    for segment in re.split(r"[;,]", text or ""):  # explicit separators always split
        lines = [line.strip() for line in segment.splitlines() if line.strip()]
        results.extend(_read_lines(lines, plan))
    if not results:
        return Timeline(text, (), None, None, "", "no timeline given")
    return _combine(text, results)
