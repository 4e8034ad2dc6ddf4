"""Computed plan indicators from the calls, each one cell of the year's decided statistics
(helpline.domain.statistics): a count the statistics hide is no value here either, so an
indicator never shows what a table hides, nor lets a hidden cell be worked out."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from lidhja.helpline.domain.statistics import NOT_RECORDED, TOTAL, Cell, decided
from lidhja.helpline.models import CallTopic
from lidhja.indicators.domain.computations import register
from lidhja.indicators.domain.seed import SYSTEM
from lidhja.monitoring.models import ReportingPeriod
from lidhja.plans.models import Plan


def _cell(period: ReportingPeriod, dimension: str, category: str) -> Decimal | None:
    cell: Cell = (dimension, category, f"{period.year}Q{period.quarter}")
    shown = decided(period.year).shown(cell)
    return None if shown is None else Decimal(shown)


@register("helpline.calls", _("Number of calls received by the helplines in the quarter"), "number")
def calls(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    return _cell(period, TOTAL, NOT_RECORDED)


@register(
    "helpline.migration_calls",
    _("Number of calls asking for job vetting or safe migration advice in the quarter"),
    "number",
)
def migration_calls(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    return _cell(period, "topic", CallTopic.MIGRATION)


@register(
    "helpline.complicity_reports",
    _("Number of calls reporting official complicity in trafficking in the quarter"),
    "number",
)
def complicity_reports(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    return _cell(period, "topic", CallTopic.COMPLICITY)


# Where the seed plan asks for them: the toll-free line (Protection 2.(d).1), the job vetting
# and information hotline (Prevention 1.(a).6), confidential reports of official complicity
# (Prosecution objective 1.(i) and its hotline, 1.(i).3.1).
for _node, _names in (
    (("protection", "2.(d).1"), ["helpline.calls"]),
    (("prevention", "1.(a).6"), ["helpline.migration_calls"]),
    (("prosecution", "1.(i)"), ["helpline.complicity_reports"]),
    (("prosecution", "1.(i).3.1"), ["helpline.complicity_reports"]),
):
    SYSTEM.setdefault(_node, []).extend(_names)
