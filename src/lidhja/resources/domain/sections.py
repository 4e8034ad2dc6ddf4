from typing import Any

from django.utils.translation import gettext as _

from lidhja.monitoring.domain.sections import Section, amount, percent
from lidhja.monitoring.models import ReportingPeriod
from lidhja.plans.models import Chapter, Plan
from lidhja.resources.domain.queries import resource_summaries


def resources_section(plan: Plan, period: ReportingPeriod) -> Section:
    """Plan against spend in lek, per year of the plan up to the report's period."""
    rows: list[tuple[Any, ...]] = []
    years = list(range(plan.start_year, period.year + 1))
    for year, summary in resource_summaries(plan, years).items():
        for chapter in Chapter.values:
            totals = summary.by_chapter.get(chapter)
            if totals and (totals.planned or totals.spent):
                rows.append((year, str(Chapter(chapter).label), totals.planned, totals.spent, ""))
        rows.append(
            (
                year,
                _("National share of spending (%)"),
                None,
                None,
                summary.national_share,
            )
        )
    return Section(
        "resources",
        _("Resources: plan against spend (ALL)"),
        [
            _("Year"),
            _("Chapter"),
            amount(_("Planned")),
            amount(_("Spent")),
            percent(_("National share")),
        ],
        rows,
    )
