from django.utils.translation import gettext as _

from lidhja.indicators.models import Indicator, IndicatorValue
from lidhja.monitoring.domain.sections import Section
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
            i.name,
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
            _("Baseline"),
            _("Target"),
            _("Period"),
            _("Latest value"),
        ],
        rows,
        _("Indicators with neither a target nor a value are left out."),
    )
