from django.utils.translation import gettext as _

from lidhja.core import figures
from lidhja.evaluation.domain.services import EVALUATED_TARGET, evaluated_share
from lidhja.evaluation.models import RemedialAction
from lidhja.monitoring.domain.sections import Section
from lidhja.monitoring.models import ReportingPeriod
from lidhja.plans.models import Plan


def remedial_actions_section(plan: Plan, period: ReportingPeriod) -> Section:
    evaluated, total, share = evaluated_share(plan)
    actions = RemedialAction.objects.filter(node__plan=plan).select_related("node", "owner")
    rows = [
        (
            f"{a.node.get_chapter_display()} {a.node.code}",
            a.description,
            a.owner.short_name,
            a.due_date,
            a.get_status_display(),
        )
        for a in actions
    ]
    note = _("%(evaluated)s of %(total)s activities evaluated (%(share)s; target %(target)s).") % {
        "evaluated": figures.count(evaluated),
        "total": figures.count(total),
        "share": figures.percent(share or 0),
        "target": figures.percent(EVALUATED_TARGET),
    }
    return Section(
        "remedial_actions",
        _("Evaluation and remedial actions"),
        [_("Activity"), _("Action"), _("Owner"), _("Due date"), _("Status")],
        rows,
        note,
    )
