from datetime import date
from typing import Any

from lidhja.organisations.models import Organisation
from lidhja.trainings.domain import services
from lidhja.trainings.models import Curriculum, RosterFunction, Sex, TargetGroup


def org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def module(by, code: str = "PA-BASIC", provider: str = "ASP") -> Curriculum:
    existing = Curriculum.objects.filter(code=code).first()
    return existing or services.add_module(
        by=by,
        code=code,
        title="Basic awareness",
        title_sq="Ndërgjegjësim bazë",
        provider=org(provider),
    )


def event(
    by,
    *,
    provider: str = "ASP",
    starts: date = date(2009, 3, 2),
    ends: date | None = None,
    **extra: Any,
):
    values = {
        "provider": org(provider),
        "module": extra.pop("module", None) or module(by),
        "target_group": TargetGroup.POLICE,
        "starts_on": starts,
        "ends_on": ends or starts,
        "qark": "tirane",
        "place": "Police Academy",
        "node": None,
        **extra,
    }
    return services.record_event(by=by, values=values)


def member(
    by,
    *,
    organisation: str = "ASP",
    function: str = RosterFunction.POLICE,
    sex: str = Sex.MALE,
    name: str = "Testmember",
    **extra: Any,
):
    values = {
        "given_name": "Synthetic",
        "family_name": name,
        "organisation": org(organisation),
        "function": function,
        "sex": sex,
        "active_from": date(2008, 1, 1),
        "active_until": None,
        **extra,
    }
    return services.add_member(by=by, values=values)


def attend(by, ev, members, counts=()):
    ev.refresh_from_db()
    return services.replace_attendance(
        ev, by=by, version=ev.version, counts=list(counts), members=list(members)
    )
