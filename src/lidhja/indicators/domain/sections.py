from decimal import Decimal

from django.utils.translation import gettext as _

from lidhja.core import figures
from lidhja.indicators.domain.computations import REGISTRY, indicator_name
from lidhja.indicators.models import Indicator, IndicatorValue, Unit
from lidhja.monitoring.domain.sections import Section, measured
from lidhja.monitoring.models import ReportingPeriod
from lidhja.plans.models import Plan


def indicators_section(plan: Plan, period: ReportingPeriod) -> Section:
    """Every indicator with a target or a value: its latest whole value against the target."""
    latest = {}
    values = (
        IndicatorValue.objects.filter(
            indicator__node__plan=plan, cell="", period__end__lte=period.end
        )
        .order_by("period__year", "period__quarter")
        .values_list("indicator_id", "period__code", "value")
    )
    for indicator_id, code, value in values:
        latest[indicator_id] = (code, value)
    indicators = (
        Indicator.objects.filter(node__plan=plan)
        .select_related("node")
        .order_by("node__position", "position")
    )
    rows = [
        (
            f"{i.node.get_chapter_display()} {i.node.code}",
            indicator_name(i),
            i.get_unit_display(),
            i.baseline,
            i.target,
            *(latest.get(i.pk) or ("", None)),
        )
        for i in indicators
        if i.pk in latest or i.target is not None
    ]
    return Section(
        "indicators",
        _("Indicators against targets"),
        [
            _("Item"),
            _("Indicator"),
            _("Unit"),
            measured(_("Baseline")),
            measured(_("Target")),
            _("Period"),
            measured(_("Latest value")),
        ],
        rows,
        _("Indicators with neither a target nor a value are left out."),
    )


def shown_value(value: Decimal | None, unit: str) -> str | None:
    """A computed value as the reports print it, in the reader's language."""
    if value is None:
        return None
    if unit == Unit.YES_NO:
        return _("Yes") if value else _("No")
    if unit == Unit.PERCENT:
        return figures.percent(value)
    return figures.decimal(value)


def computed_section(plan: Plan, period: ReportingPeriod) -> Section:
    """The seed's indicators that Lidhja computes (meetings held, decisions closed, assessments
    submitted, people trained, calls, campaign reach, statistics …), each computed for the
    report's period from the data held now. A computation is run once however many items
    carry it; an unpublished or unknown value prints as a dash."""
    indicators = (
        Indicator.objects.filter(node__plan=plan)
        .exclude(computation="")
        .select_related("node")
        .order_by("node__position", "position")
    )
    values: dict[str, Decimal | None] = {}
    rows = []
    for i in indicators:
        spec = REGISTRY.get(i.computation)
        if spec is None:
            continue
        if i.computation not in values:
            values[i.computation] = spec.function(plan, period)
        rows.append(
            (
                f"{i.node.get_chapter_display()} {i.node.code}",
                str(spec.label),  # the registry's wording, in the reader's language
                shown_value(values[i.computation], i.unit),
                i.target,
            )
        )
    return Section(
        "computed",
        _("Computed indicators, %(period)s") % {"period": period.code},
        [_("Item"), _("Indicator"), _("Value"), measured(_("Target"))],
        rows,
        _(
            "Computed from the records held now for the period; a dash marks a value not "
            "published (below the publication threshold) or not available."
        ),
    )
