"""The permission policy, in one table: permission -> role -> scope.

A role missing from a permission's row does not have it. Scopes say how far it reaches:
ALL (every object), OWN (objects of the user's own organisation), and, for case data designed
for the referral mechanism, REFERRED (cases referred to the user's organisation while the
referral is open), QARK (escalated cases of the user's qark) and OPENED (cases the user's
organisation opened, for police, whose cases are managed by a municipal unit). The system
administrator, ONAC analysts and observers appear in no row of personal case data, by design,
nor in the rows of criminal-justice proceedings (whose defendants' identities are sealed too).
"""

from enum import StrEnum

from django.contrib.auth.models import AnonymousUser

from lidhja.accounts.domain.actors import Actor
from lidhja.accounts.models import Role, User
from lidhja.organisations.models import Organisation


class Scope(StrEnum):
    ALL = "all"
    OWN = "own_organisation"
    REFERRED = "referred_to_own_organisation"
    QARK = "escalated_in_own_qark"
    OPENED = "opened_by_own_organisation"


EVERY_ROLE = dict.fromkeys(Role, Scope.ALL)
_JUSTICE_OFFICES = dict.fromkeys([Role.PROSECUTOR, Role.INVESTIGATOR, Role.COURT_CLERK], Scope.OWN)

POLICY: dict[str, dict[Role, Scope]] = {
    "plan.view": EVERY_ROLE,
    "organisation.view": EVERY_ROLE,
    "plan.manage": {Role.ONAC_ANALYST: Scope.ALL},
    "plan.export": {
        Role.ONAC_ANALYST: Scope.ALL,
        Role.FOCAL_POINT: Scope.ALL,
        Role.OBSERVER: Scope.ALL,
    },
    "user.manage": {Role.SYSADMIN: Scope.ALL},
    # Monitoring of the plan: focal points report for their own organisation, ONAC reviews.
    # A regional committee has no focal point of its own: its members report what it owes.
    "monitoring.view": {
        Role.ONAC_ANALYST: Scope.ALL,
        Role.OBSERVER: Scope.ALL,
        Role.FOCAL_POINT: Scope.OWN,
        Role.RCAT_MEMBER: Scope.OWN,
    },
    "monitoring.report": {Role.FOCAL_POINT: Scope.OWN, Role.RCAT_MEMBER: Scope.OWN},
    "monitoring.review": {Role.ONAC_ANALYST: Scope.ALL},
    "indicator.view": {
        Role.ONAC_ANALYST: Scope.ALL,
        Role.OBSERVER: Scope.ALL,
        Role.FOCAL_POINT: Scope.ALL,
    },
    "indicator.manage": {Role.ONAC_ANALYST: Scope.ALL},
    "resources.view": {
        Role.ONAC_ANALYST: Scope.ALL,
        Role.OBSERVER: Scope.ALL,
        Role.FOCAL_POINT: Scope.ALL,
    },
    "resources.plan": {Role.ONAC_ANALYST: Scope.ALL, Role.FOCAL_POINT: Scope.OWN},
    "resources.rates": {Role.ONAC_ANALYST: Scope.ALL},
    "evaluation.view": {
        Role.ONAC_ANALYST: Scope.ALL,
        Role.OBSERVER: Scope.ALL,
        Role.FOCAL_POINT: Scope.ALL,
    },
    "evaluation.manage": {Role.ONAC_ANALYST: Scope.ALL},
    "audit.view": {Role.SYSADMIN: Scope.ALL},
    # Personal case data (National Referral Mechanism): need to know only.
    "case.view_personal": {
        Role.RA_OFFICER: Scope.ALL,
        Role.SOCIAL_WORKER: Scope.OWN,
        Role.POLICE: Scope.OPENED,
        Role.SERVICE_PROVIDER: Scope.REFERRED,
        Role.RCAT_MEMBER: Scope.QARK,
    },
    "case.edit": {
        Role.RA_OFFICER: Scope.ALL,
        Role.SOCIAL_WORKER: Scope.OWN,
        Role.POLICE: Scope.OPENED,
        Role.SERVICE_PROVIDER: Scope.REFERRED,
        Role.RCAT_MEMBER: Scope.QARK,
    },
    # OWN: opened for the user's own unit; ALL: the user names the managing unit.
    "case.open": {
        Role.RA_OFFICER: Scope.ALL,
        Role.SOCIAL_WORKER: Scope.OWN,
        Role.POLICE: Scope.ALL,
    },
    "case.erase": {Role.RA_OFFICER: Scope.ALL},
    # ALL: any escalation; QARK: escalations to the regional committee of the user's qark.
    "case.resolve_escalation": {Role.RA_OFFICER: Scope.ALL, Role.RCAT_MEMBER: Scope.QARK},
    # Referrals received by the user's organisation, listed on a page of their own.
    "case.referral_inbox": {Role.SERVICE_PROVIDER: Scope.OWN},
    "statistics.view": {role: Scope.ALL for role in Role if role != Role.SYSADMIN},
    # Requests of criminal-justice offices to link a case to a proceeding (a victim as witness
    # or injured party): the Responsible Authority and the case's managing unit confirm or
    # decline them, on cases they see whole and may change (cases.domain.access).
    "case.decide_proceeding_link": {Role.RA_OFFICER: Scope.ALL, Role.SOCIAL_WORKER: Scope.OWN},
    # Links between persons who may be the same: the Responsible Authority confirms or rejects.
    "person.link_review": {Role.RA_OFFICER: Scope.ALL},
    # Exchange with UNODC and CTDC: the comparison of Lidhja's figures with UNODC's published
    # ones is read by ONAC and the Task Force; the reference series and the exports are the
    # operator's (command line) or ONAC's.
    "exchange.compare": {Role.ONAC_ANALYST: Scope.ALL, Role.OBSERVER: Scope.ALL},
    "exchange.import": {Role.ONAC_ANALYST: Scope.ALL},
    "exchange.export": {Role.ONAC_ANALYST: Scope.ALL},
    # Criminal-justice proceedings (lidhja.justice): each office records and follows its own
    # proceedings; ONAC and observers see the aggregates of the statistics page only.
    "justice.view_personal": _JUSTICE_OFFICES,
    "justice.edit": _JUSTICE_OFFICES,
    "justice.offences_view": {
        **dict.fromkeys(_JUSTICE_OFFICES, Scope.ALL),
        Role.ONAC_ANALYST: Scope.ALL,
        Role.OBSERVER: Scope.ALL,
    },
    "justice.offences_manage": {Role.ONAC_ANALYST: Scope.ALL},
    # National statistics (publication): ONAC publishes periods and keeps the definitions.
    "statistics.publish": {Role.ONAC_ANALYST: Scope.ALL},
    "statistics.define": {Role.ONAC_ANALYST: Scope.ALL},
    # Trainings and the roster of specialised staff (lidhja.trainings): ONAC, observers and
    # focal points read events and coverage; ONAC records any event, a focal point those its
    # organisation provides. The roster's sealed names are shown to ONAC and to the focal point
    # of the member's own organisation only (each read audited); the same edit the roster.
    "training.view": {
        Role.ONAC_ANALYST: Scope.ALL,
        Role.OBSERVER: Scope.ALL,
        Role.FOCAL_POINT: Scope.ALL,
    },
    "training.record": {Role.ONAC_ANALYST: Scope.ALL, Role.FOCAL_POINT: Scope.OWN},
    "training.modules": {Role.ONAC_ANALYST: Scope.ALL},
    "training.roster_names": {Role.ONAC_ANALYST: Scope.ALL, Role.FOCAL_POINT: Scope.OWN},
    "training.roster_edit": {Role.ONAC_ANALYST: Scope.ALL, Role.FOCAL_POINT: Scope.OWN},
    # Helpline (lidhja.helpline): the operators of a line log and correct the calls of their
    # own organisation and open potential cases from them, naming the managing unit (ALL, like
    # the police); they see no case afterwards, only its code on the call. Nobody else sees the
    # call list; the call statistics (suppressed aggregates) are for every role but the
    # administrator.
    "helpline.log": {Role.HELPLINE_OPERATOR: Scope.OWN},
    "helpline.open_case": {Role.HELPLINE_OPERATOR: Scope.ALL},
    "helpline.statistics": {role: Scope.ALL for role in Role if role != Role.SYSADMIN},
    # Regional anti-trafficking committees (lidhja.regional): each committee's members write
    # and submit its situation assessments and have a home page of their own; ONAC reviews
    # every committee's, and reads them with the Task Force.
    "regional.view": {
        Role.ONAC_ANALYST: Scope.ALL,
        Role.OBSERVER: Scope.ALL,
        Role.RCAT_MEMBER: Scope.OWN,
    },
    "regional.write": {Role.RCAT_MEMBER: Scope.OWN},
    "regional.review": {Role.ONAC_ANALYST: Scope.ALL},
    "regional.home": {Role.RCAT_MEMBER: Scope.OWN},
    # Coordination bodies and meetings (lidhja.coordination). OWN reaches the bodies the user's
    # organisation belongs to (member, chair, secretariat, or the organisation that is the
    # body), decided from the membership data in coordination.domain.access; for recording, the
    # bodies whose secretariat it is; for closing a decision, also the decisions it owns.
    "coordination.view": {
        Role.ONAC_ANALYST: Scope.ALL,
        Role.OBSERVER: Scope.ALL,
        Role.FOCAL_POINT: Scope.OWN,
        Role.RCAT_MEMBER: Scope.OWN,
        Role.RA_OFFICER: Scope.OWN,
        Role.BODY_SECRETARY: Scope.OWN,
    },
    # Minutes: the body's members, its secretariat and ONAC.
    "coordination.minutes": {
        Role.ONAC_ANALYST: Scope.ALL,
        Role.OBSERVER: Scope.OWN,
        Role.FOCAL_POINT: Scope.OWN,
        Role.RCAT_MEMBER: Scope.OWN,
        Role.RA_OFFICER: Scope.OWN,
        Role.BODY_SECRETARY: Scope.OWN,
    },
    "coordination.manage": {Role.ONAC_ANALYST: Scope.ALL},
    "coordination.record": {Role.ONAC_ANALYST: Scope.ALL, Role.BODY_SECRETARY: Scope.OWN},
    "coordination.close_decision": {
        Role.ONAC_ANALYST: Scope.ALL,
        Role.BODY_SECRETARY: Scope.OWN,
        Role.FOCAL_POINT: Scope.OWN,
    },
    # Awareness campaigns (lidhja.campaigns, Prevention 1.(a), 1.(b)): everyone who sees the plan
    # sees its campaigns and their public materials; ONAC keeps every campaign, a focal point
    # those its organisation leads; the lead organisation reports their reach each quarter
    # (ONAC itself leads several campaigns of the seed, 1.(a).1 and 1.(a).3); ONAC returns a
    # reach report and reads which lead organisations have not reported.
    "campaigns.view": EVERY_ROLE,
    "campaigns.manage": {Role.ONAC_ANALYST: Scope.ALL, Role.FOCAL_POINT: Scope.OWN},
    "campaigns.report_reach": {Role.ONAC_ANALYST: Scope.OWN, Role.FOCAL_POINT: Scope.OWN},
    "campaigns.review_reach": {Role.ONAC_ANALYST: Scope.ALL},
    # Registry of organisations (issue 10, part 1): ONAC and the system administrator add,
    # edit, deactivate, merge, import and export organisations and classes of actors.
    "organisation.manage": {Role.ONAC_ANALYST: Scope.ALL, Role.SYSADMIN: Scope.ALL},
    # Bilingual plan content (issue 11, part 5): ONAC enters the Albanian text of plan items
    # on the activity page.
    "plan.translate": {Role.ONAC_ANALYST: Scope.ALL},
}

# Accounts that can reach personal data, and the administrators who make accounts, are guarded:
# they sign in with a second factor, and they become active only once a second administrator
# approves them. Derived from the case rows, so a role given case access is guarded with it.
_GUARDED = dict.fromkeys(
    [*POLICY["case.view_personal"], *POLICY["justice.view_personal"], *POLICY["user.manage"]],
    Scope.ALL,
)
POLICY["account.second_factor_required"] = _GUARDED
POLICY["account.approval_required"] = _GUARDED


# Whoever a permission is asked for: a user, the system, or a visitor who is not signed in.
Someone = Actor | AnonymousUser | None


def scope_of(user: Someone, permission: str) -> Scope | None:
    """The scope `user` holds `permission` with, or None. Unknown permissions fail closed.

    Only a signed-in, active user holds permissions: never the system nor a visitor."""
    if not isinstance(user, User) or not user.is_active:
        return None
    try:
        return POLICY[permission].get(Role(user.role))
    except (KeyError, ValueError):
        return None


def can(user: Someone, permission: str, organisation: Organisation | None = None) -> bool:
    """May `user` exercise `permission`, on an object of `organisation` if one is given?"""
    scope = scope_of(user, permission)
    if scope is None:
        return False
    if scope is Scope.ALL or organisation is None:
        return True
    if scope is Scope.OWN:
        return isinstance(user, User) and organisation.pk == user.organisation_id
    # Referral and escalation scopes need the case itself; they are decided by the case module.
    return False


def role_holds(role: str, permission: str) -> bool:
    """Does `role` hold `permission` at all (for a user being created or changed)?"""
    try:
        return Role(role) in POLICY.get(permission, {})
    except ValueError:
        return False


def permissions_of(user: Someone) -> frozenset[str]:
    return frozenset(name for name in POLICY if scope_of(user, name) is not None)
