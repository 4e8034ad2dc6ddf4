"""The campaigns table of the mid-term report: the plan's campaigns with their reach."""

from django.utils.translation import gettext as _

from lidhja.campaigns.domain.queries import plan_campaigns
from lidhja.monitoring.domain.sections import Section, count
from lidhja.monitoring.models import ReportingPeriod
from lidhja.plans.models import Plan


def campaigns_section(plan: Plan, period: ReportingPeriod) -> Section:
    campaigns = list(plan_campaigns(plan))
    rows = [
        (
            row.campaign.code,
            row.campaign.title,
            row.campaign.lead.short_name,
            row.campaign.starts_on,
            row.campaign.ends_on,
            row.campaign.get_status_display(),
            row.quarters,
            row.people,
            row.distributed,
            row.held,
        )
        for row in campaigns
    ]
    note = _(
        "Reach as the lead organisations reported it, submitted quarters only; "
        "%(count)s campaigns linked to activities of the plan."
    ) % {"count": len(campaigns)}
    return Section(
        "campaigns",
        _("Awareness campaigns"),
        [
            _("Code"),
            _("Campaign"),
            _("Lead"),
            _("Start"),
            _("End"),
            _("Status"),
            count(_("Quarters reported")),
            count(_("People reached")),
            count(_("Materials distributed")),
            count(_("Events held")),
        ],
        rows,
        note,
    )
