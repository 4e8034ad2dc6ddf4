"""The comparison chart, drawn on the server as SVG geometry for the template: no script, no
inline style (the classes are in `exchange/exchange.css`), so the strict CSP holds.

One chart per indicator, for all persons: each year two bars, Lidhja's figure and UNODC's. A
published range ("<5") is drawn up to its bound, outlined only; a hidden or missing figure has
no bar, only its mark.
"""

from dataclasses import dataclass

from lidhja.exchange.domain import figures, reference
from lidhja.exchange.domain.comparison import Row

WIDTH = 640
HEIGHT = 240
LEFT = 48  # room for the axis labels
BOTTOM = 28  # room for the years
TOP = 16
BAR = 22
GAP = 6


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    text: str  # the figure as published, written above the bar
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class YearLabel:
    x: float
    label: str


@dataclass(frozen=True)
class Chart:
    indicator: str
    width: int
    height: int
    left: int
    baseline: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    years: tuple[YearLabel, ...]


def _value(text: str) -> tuple[float | None, bool]:
    """The height a published text stands for, and whether it is a range ("<5")."""
    number = reference.number(text)
    if number is not None:
        return float(number), False
    if reference.BELOW.fullmatch(text):
        return float(text.lstrip("<").strip()), True
    return None, False


def charts(rows: list[Row]) -> list[Chart]:
    """A chart for each indicator with any figure in `rows`."""
    found = []
    for indicator in figures.INDICATORS:
        totals = [r for r in rows if r.key == (indicator, figures.TOTAL, figures.TOTAL)]
        if any(r.lidhja_text or r.unodc for r in totals):
            found.append(_chart(indicator, totals))
    return found


def _chart(indicator: str, rows: list[Row]) -> Chart:
    heights = [_value(text)[0] or 0.0 for r in rows for text in (r.lidhja_text, r.unodc)]
    top = _nice(max([*heights, 1.0]))
    plot = HEIGHT - BOTTOM - TOP
    baseline = HEIGHT - BOTTOM
    step = (WIDTH - LEFT) / max(len(rows), 1)
    bars, years = [], []
    for index, row in enumerate(rows):
        centre = LEFT + step * (index + 0.5)
        years.append(YearLabel(centre, str(row.year)))
        for offset, text, css in (
            (-(BAR + GAP / 2), row.lidhja_text, "bar-lidhja"),
            (GAP / 2, row.unodc, "bar-unodc"),
        ):
            value, is_range = _value(text)
            height = 0.0 if value is None else plot * value / top
            x = centre + offset
            bars.append(
                Bar(
                    x=round(x, 1),
                    y=round(baseline - height, 1),
                    width=BAR,
                    height=round(height, 1),
                    css=css + (" bar-range" if is_range else ""),
                    text=text or "",
                    text_x=round(x + BAR / 2, 1),
                    text_y=round(baseline - height - 4, 1),
                )
            )
    ticks = tuple(Tick(round(baseline - plot * i / 4, 1), f"{top * i / 4:g}") for i in range(5))
    return Chart(indicator, WIDTH, HEIGHT, LEFT, baseline, tuple(bars), ticks, tuple(years))


def _nice(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^n at or above `value`."""
    scale = 1.0
    while scale * 10 < value:
        scale *= 10
    return next(m * scale for m in (1, 2, 2.5, 5, 10) if m * scale >= value)
