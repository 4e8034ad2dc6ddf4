"""Plan indicators computed from the proceedings (indicators.domain.computations), for the
seed plan's Prosecution aim 1 (arrests, prosecutions, convictions), objective 1.(h) (assets
confiscated, their amount in lek, the share to the Special Fund) and objective 1.(i) (officials
prosecuted and convicted), and the per cent of victims appearing as witnesses (Prosecution aim 1,
Protection aim 4).

Each reads the frozen cells of the quarter's release (domain/tables.py, decided with every
other table of the period by publication.domain.releases), as the victim-side indicators do
(publication.domain.indicators): a hidden cell gives no value here either, a quarter not yet
published has none, and an amount exists only beside its shown count."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from lidhja.indicators.domain.computations import ComputationFunction, percent, register
from lidhja.indicators.domain.seed import SYSTEM
from lidhja.justice.domain.tables import NOT_OFFICIAL
from lidhja.justice.models.choices import AssetKind, VictimRole
from lidhja.monitoring.models import ReportingPeriod
from lidhja.plans.models import Plan
from lidhja.publication.domain.indicators import cell
from lidhja.publication.domain.periods import Period
from lidhja.publication.domain.releases import published
from lidhja.publication.domain.tables import ALL


def _count(table: str, category: str) -> ComputationFunction:
    def compute(plan: Plan, period: ReportingPeriod) -> Decimal | None:
        value = cell(period, table, category)
        return None if value is None else Decimal(value)

    return compute


def _officials(name: str) -> ComputationFunction:
    """Officials prosecuted (convicted) in all services: the total less the defendants who are
    not officials, two shown cells of one line (so nothing the tables hide follows from it)."""

    def compute(plan: Plan, period: ReportingPeriod) -> Decimal | None:
        total = cell(period, f"justice.{name}", ALL)
        others = cell(period, f"justice.complicity_{name}", NOT_OFFICIAL)
        return None if total is None or others is None else Decimal(total - others)

    return compute


def _amount(period: ReportingPeriod, kind: str) -> Decimal | None:
    release = published(Period(period.year, period.quarter))
    return None if release is None else release.amount("justice.assets", kind)


COUNTS = [
    ("justice.persons_arrested", _("Number of persons arrested (trafficking proceedings)"),
     _count("justice.arrested", ALL), ("prosecution", "1")),
    ("justice.persons_prosecuted", _("Number of persons prosecuted (indicted)"),
     _count("justice.prosecuted", ALL), ("prosecution", "1")),
    ("justice.persons_convicted", _("Number of persons convicted by a final decision"),
     _count("justice.convicted", ALL), ("prosecution", "1")),
    ("justice.assets_confiscated", _("Number of confiscations of assets"),
     _count("justice.assets", AssetKind.CONFISCATED.value), ("prosecution", "1.(h)")),
    ("justice.officials_prosecuted", _("Number of public officials prosecuted for complicity"),
     _officials("prosecuted"), ("prosecution", "1.(i)")),
    ("justice.officials_convicted", _("Number of public officials convicted for complicity"),
     _officials("convicted"), ("prosecution", "1.(i)")),
]  # fmt: skip

for name, label, function, node in COUNTS:
    register(name, label, "number")(function)
    SYSTEM.setdefault(node, []).append(name)


@register(
    "justice.amount_confiscated",
    _("Amount of assets confiscated in the period (ALL)"),
    "number",
)
def amount_confiscated(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    """Shown only with its count of confiscations (a sum over few would be nearly one)."""
    return _amount(period, AssetKind.CONFISCATED)


@register(
    "justice.special_fund_share",
    _("Per cent of confiscation proceeds allocated to the Special Fund (target: at least 50)"),
    "percent",
)
def special_fund_share(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    confiscated = _amount(period, AssetKind.CONFISCATED)
    to_fund = _amount(period, AssetKind.SPECIAL_FUND)
    if not confiscated or to_fund is None:
        return None
    return (Decimal(100) * to_fund / confiscated).quantize(Decimal("0.01"), ROUND_HALF_UP)


@register(
    "justice.victims_as_witnesses",
    _("Per cent of victims in proceedings who appear as witnesses"),
    "percent",
)
def victims_as_witnesses(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    """Of the persons whose case is linked to a proceeding registered in the quarter (the link
    confirmed by the case's unit), the share linked as a witness: two shown cells of one table,
    produced only when both are shown."""
    witnesses = cell(period, "justice.victims", VictimRole.WITNESS)
    linked = cell(period, "justice.victims", ALL)
    return None if witnesses is None or linked is None else percent(witnesses, linked)


# Prosecution aim 1 and Protection aim 4 of the seed plan name it.
SYSTEM.setdefault(("prosecution", "1"), []).append("justice.victims_as_witnesses")
SYSTEM.setdefault(("protection", "4"), []).append("justice.victims_as_witnesses")
SYSTEM.setdefault(("prosecution", "1.(h)"), []).extend(
    ["justice.amount_confiscated", "justice.special_fund_share"]
)
