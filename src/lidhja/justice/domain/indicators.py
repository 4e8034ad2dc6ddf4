"""Plan indicators computed from the proceedings (indicators.domain.computations), for the
seed plan's Prosecution aim 1 (arrests, prosecutions, convictions), objective 1.(h) (assets
confiscated, their amount in lek, the share to the Special Fund) and objective 1.(i) (officials
prosecuted and convicted). Each publishes a quarter cell of the justice statistics, hidden with
the page's tables (domain/statistics.py): nothing below the publication threshold, and nothing
that would give back a hidden cell of the page."""

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from lidhja.indicators.domain.computations import ComputationFunction, register
from lidhja.indicators.domain.seed import SYSTEM
from lidhja.justice.domain import statistics
from lidhja.justice.models.choices import AssetKind
from lidhja.monitoring.models import ReportingPeriod
from lidhja.plans.models import Plan


def _count(table: str, column: str) -> ComputationFunction:
    def compute(plan: Plan, period: ReportingPeriod) -> Decimal | None:
        cell = statistics.published((table, period.year, period.quarter, column))
        return None if cell is None else Decimal(cell[0])

    return compute


def _amount(kind: str) -> Callable[[ReportingPeriod], Decimal | None]:
    def amount(period: ReportingPeriod) -> Decimal | None:
        cell = statistics.published(("assets", period.year, period.quarter, kind))
        return None if cell is None else cell[1]

    return amount


COUNTS = [
    ("justice.persons_arrested", _("Number of persons arrested (trafficking proceedings)"),
     "persons", "arrested", ("prosecution", "1")),
    ("justice.persons_prosecuted", _("Number of persons prosecuted (indicted)"),
     "persons", "prosecuted", ("prosecution", "1")),
    ("justice.persons_convicted", _("Number of persons convicted by a final decision"),
     "persons", "convicted", ("prosecution", "1")),
    ("justice.assets_confiscated", _("Number of confiscations of assets"),
     "assets", AssetKind.CONFISCATED.value, ("prosecution", "1.(h)")),
    ("justice.officials_prosecuted", _("Number of public officials prosecuted for complicity"),
     "officials_prosecuted", "all", ("prosecution", "1.(i)")),
    ("justice.officials_convicted", _("Number of public officials convicted for complicity"),
     "officials_convicted", "all", ("prosecution", "1.(i)")),
]  # fmt: skip

for name, label, table, column, node in COUNTS:
    register(name, label, "number")(_count(table, column))
    SYSTEM.setdefault(node, []).append(name)


@register(
    "justice.amount_confiscated",
    _("Amount of assets confiscated in the period (ALL)"),
    "number",
)
def amount_confiscated(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    """Shown only with its count of confiscations (a sum over few would be nearly one)."""
    return _amount(AssetKind.CONFISCATED)(period)


@register(
    "justice.special_fund_share",
    _("Per cent of confiscation proceeds allocated to the Special Fund (target: at least 50)"),
    "percent",
)
def special_fund_share(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    confiscated = _amount(AssetKind.CONFISCATED)(period)
    to_fund = _amount(AssetKind.SPECIAL_FUND)(period)
    if not confiscated or to_fund is None:
        return None
    return (Decimal(100) * to_fund / confiscated).quantize(Decimal("0.01"), ROUND_HALF_UP)


SYSTEM.setdefault(("prosecution", "1.(h)"), []).extend(
    ["justice.amount_confiscated", "justice.special_fund_share"]
)
