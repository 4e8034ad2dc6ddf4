"""Charts as SVG, drawn by matplotlib: the same drawing is shown on screen and put in the PDF."""

import io
from collections import Counter

import matplotlib

matplotlib.use("Agg")  # no display; must precede pyplot
import matplotlib.pyplot as plt
from django.utils.translation import gettext as _

from lidhja.monitoring.domain.reporting import NO_REPORT, TrendPoint
from lidhja.monitoring.models import ImplementationStatus
from lidhja.plans.models import Chapter

# Colour-blind-safe palette (Okabe-Ito), one colour per implementation status.
COLOURS = {
    ImplementationStatus.COMPLETED: "#009E73",
    ImplementationStatus.ON_TRACK: "#56B4E9",
    ImplementationStatus.DELAYED: "#E69F00",
    ImplementationStatus.NOT_STARTED: "#CC79A7",
    ImplementationStatus.CANCELLED: "#555555",
    ImplementationStatus.NOT_APPLICABLE: "#BBBBBB",
    NO_REPORT: "#F0F0F0",
}
plt.rcParams.update(
    {"font.family": "DejaVu Sans", "font.size": 9, "svg.fonttype": "none", "svg.hashsalt": "lidhja"}
)


def _svg(figure, prefix: str) -> str:
    """The figure as an SVG element that can sit inside HTML next to other charts: no XML
    prolog, and element ids prefixed so that two charts on one page do not share ids."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    for before, after in (
        ('id="', f'id="{prefix}-'),
        ("url(#", f"url(#{prefix}-"),
        ('href="#', f'href="#{prefix}-'),
    ):
        text = text.replace(before, after)
    return text


def status_chart(by_chapter: dict[str, Counter]) -> str:
    """Horizontal stacked bars: activities per implementation status, one bar per chapter."""
    labels = dict(Chapter.choices)
    chapters = list(by_chapter)
    statuses = [*ImplementationStatus.values, NO_REPORT]
    names = {**dict(ImplementationStatus.choices), NO_REPORT: _("No report")}
    figure, axes = plt.subplots(figsize=(6.8, 2.6))
    left = [0] * len(chapters)
    for status in statuses:
        values = [by_chapter[c][status] for c in chapters]
        axes.barh(
            [str(labels[c]) for c in chapters],
            values,
            left=left,
            label=str(names[status]),
            color=COLOURS[status],
            edgecolor="#666666",
            linewidth=0.4,
        )
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.invert_yaxis()
    axes.set_xlabel(_("Activities"))
    axes.legend(ncol=4, fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.3), frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure, "status")


def trend_chart(trend: list[TrendPoint]) -> str:
    """Share of reports submitted on time, per period."""
    figure, axes = plt.subplots(figsize=(6.8, 2.4))
    codes = [point.period.code for point in trend]
    values = [point.on_time_percent or 0 for point in trend]
    axes.plot(codes, values, marker="o", color="#0B4F8A")
    axes.set_ylim(0, 100)
    axes.set_ylabel(_("On time (%)"))
    step = max(1, len(codes) // 12)
    axes.set_xticks(range(0, len(codes), step), codes[::step], rotation=45, ha="right")
    axes.grid(axis="y", color="#DDDDDD")
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure, "trend")
