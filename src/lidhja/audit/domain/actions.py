"""Registered audit action names. An action not listed here cannot be recorded."""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "user.created": _("User created"),
    "user.updated": _("User updated"),
    "user.password_set": _("Password set"),
    "user.logged_in": _("Signed in"),
    "user.logged_out": _("Signed out"),
    "user.login_failed": _("Failed sign-in"),
    "user.locked_out": _("Locked out after failed sign-ins"),
    "organisation.created": _("Organisation created"),
    "organisation.updated": _("Organisation updated"),
    "plan.imported": _("Plan imported"),
    "plan.exported": _("Plan exported"),
    "plan_node.timeline_set": _("Activity timeline corrected"),
    "audit.verified": _("Audit log verified"),
    "monitoring.obligations_derived": _("Reporting obligations derived"),
    "monitoring.report_saved": _("Progress report saved"),
    "monitoring.report_submitted": _("Progress report submitted"),
    "monitoring.report_accepted": _("Progress report accepted"),
    "monitoring.report_returned": _("Progress report returned"),
    "monitoring.document_exported": _("Monitoring report downloaded"),
    "monitoring.evidence_added": _("Evidence file added to a report"),
    "monitoring.reminders_queued": _("Reporting reminders queued"),
    "monitoring.due_date_set": _("Reporting due date changed"),
    "monitoring.evidence_downloaded": _("Evidence file downloaded"),
    "indicator.seeded": _("Indicators read from the plan"),
    "resources.planned": _("Resource plan line recorded"),
    "evaluation.recorded": _("Evaluation recorded"),
    "evaluation.action_opened": _("Remedial action opened"),
    "evaluation.action_moved": _("Remedial action status changed"),
    "resources.rate_set": _("Exchange rate set"),
    "indicator.updated": _("Indicator updated"),
    "indicator.value_set": _("Indicator value entered"),
    "indicator.values_computed": _("Indicator values computed"),
}

# Keys whose values never enter the log in clear.
SECRET_KEYS = frozenset({"password", "token", "secret", "key", "otp"})
