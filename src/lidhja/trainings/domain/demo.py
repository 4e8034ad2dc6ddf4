"""Clearly synthetic trainings for `lidhja demo-data`: modules, a roster whose names all begin
with "Demo-", and 2008–2010 events with counted and named participants. Coverage is left with
gaps on purpose (police below 50 %, a Serious Crimes judge untrained, crossing points without
a trained female officer), so the coverage page has something to flag."""

import random
from datetime import date, timedelta
from typing import Any

from lidhja.cases.models.choices import BorderPoint
from lidhja.organisations.models import Organisation
from lidhja.plans.models import PlanNode
from lidhja.trainings.domain import services
from lidhja.trainings.models import (
    Court,
    RosterFunction,
    RosterMember,
    Sex,
    TargetGroup,
)

MODULES = [
    (
        "PA-BASIC",
        "Basic anti-trafficking awareness",
        "Ndërgjegjësim bazë kundër trafikimit",
        "PACAD",
    ),
    (
        "PA-SPEC",
        "Specialised anti-trafficking investigation",
        "Hetim i specializuar kundër trafikimit",
        "PACAD",
    ),
    ("SOM-TIP", "Trafficking cases in court", "Çështjet e trafikimit në gjykatë", "SOM"),
    ("BMP-ID", "Initial identification at the border", "Identifikimi fillestar në kufi", "BMP"),
]
GIVEN = ["Arta", "Besa", "Drita", "Elira", "Genta", "Ilir", "Arben", "Dritan", "Gent", "Sokol"]
START = date(2008, 1, 1)


def _org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def _member(by: Any, n: int, org: str, function: str, sex: str, **extra: Any) -> RosterMember:
    values = {
        "given_name": f"Demo-{GIVEN[n % len(GIVEN)]}",
        "family_name": f"Demo-Roster-{n:02d}",
        "organisation": _org(org),
        "function": function,
        "sex": sex,
        "active_from": START,
        "active_until": None,
        **extra,
    }
    return services.add_member(by=by, values=values)


def _roster(by: Any) -> dict[str, list[RosterMember]]:
    n = iter(range(1, 1000))
    police = [
        _member(by, next(n), "ASP", RosterFunction.POLICE, Sex.FEMALE if i % 3 == 0 else Sex.MALE)
        for i in range(10)
    ]
    courts = [Court.SERIOUS_CRIMES] * 4 + [Court.SERIOUS_CRIMES_APPEAL] * 2
    judges = [
        _member(
            by, next(n), "SCC", RosterFunction.JUDGE, Sex.FEMALE if i % 2 else Sex.MALE, court=c
        )
        for i, c in enumerate(courts)
    ]
    prosecutors = [
        _member(by, next(n), "GPO", RosterFunction.PROSECUTOR, Sex.FEMALE) for _ in range(3)
    ]
    points = [p for p in BorderPoint if p != BorderPoint.OTHER]
    border = [
        _member(by, next(n), "BMP", RosterFunction.BORDER_OFFICER, Sex.FEMALE, border_point=p)
        for p in points[:8]
    ] + [
        _member(by, next(n), "BMP", RosterFunction.BORDER_OFFICER, Sex.MALE, border_point=p)
        for p in points[8:]
    ]
    social = [
        _member(by, next(n), "SSS", RosterFunction.SOCIAL_WORKER, Sex.FEMALE) for _ in range(3)
    ]
    trainers = [_member(by, next(n), "TDH", RosterFunction.TRAINER, Sex.MALE) for _ in range(2)]
    return {
        "police": police,
        "judges": judges,
        "prosecutors": prosecutors,
        "border": border,
        "social": social,
        "trainers": trainers,
    }


def _event(by: Any, module: Any, group: str, on: date, qark: str, node: PlanNode | None) -> Any:
    values = {
        "provider": module.provider,
        "module": module,
        "target_group": group,
        "starts_on": on,
        "ends_on": on + timedelta(days=2),
        "qark": qark,
        "place": "Demo training room",
        "node": node,
    }
    return services.record_event(by=by, values=values)


# Who sends participants of each target group to a training (the counted rows).
SENT_BY = {
    TargetGroup.POLICE: ("ASP",),
    TargetGroup.BORDER_POLICE: ("BMP",),
    TargetGroup.JUDGES: ("SCC",),
    TargetGroup.PROSECUTORS: ("GPO",),
    TargetGroup.SOCIAL_WORKERS: ("MUN-EL", "MUN-TR"),
}


def load_demo(rng: random.Random, users: dict[str, Any]) -> str:
    by = users["demo.onac"]
    modules = {
        code: services.add_module(by=by, code=code, title=t, title_sq=sq, provider=_org(p))
        for code, t, sq, p in MODULES
    }
    roster = _roster(by)
    node = PlanNode.objects.filter(chapter="prosecution", code="1.(b).2").first()
    border_node = PlanNode.objects.filter(chapter="protection", code="2.(c).2").first()
    plan = [
        ("PA-BASIC", TargetGroup.POLICE, date(2008, 5, 12), "tirane", node, roster["police"][:2]),
        ("PA-SPEC", TargetGroup.POLICE, date(2009, 3, 9), "durres", node, roster["police"][2:4]),
        ("SOM-TIP", TargetGroup.JUDGES, date(2009, 6, 15), "tirane", node, roster["judges"][:5]),
        (
            "SOM-TIP",
            TargetGroup.PROSECUTORS,
            date(2009, 10, 5),
            "tirane",
            node,
            roster["prosecutors"][:2],
        ),
        (
            "BMP-ID",
            TargetGroup.BORDER_POLICE,
            date(2009, 4, 20),
            "korce",
            border_node,
            roster["border"][:4],
        ),
        (
            "BMP-ID",
            TargetGroup.BORDER_POLICE,
            date(2010, 2, 8),
            "shkoder",
            border_node,
            roster["border"][4:6],
        ),
        (
            "PA-BASIC",
            TargetGroup.SOCIAL_WORKERS,
            date(2010, 5, 17),
            "elbasan",
            None,
            roster["social"][:2],
        ),
    ]
    counted = 0
    for code, group, on, qark, activity, named in plan:
        event = _event(by, modules[code], group, on, qark, activity)
        rows = [
            services.CountRow(_org(org), group, sex, rng.randint(5, 25))
            for org in SENT_BY[group]
            for sex in (Sex.FEMALE, Sex.MALE)
        ]
        counted += sum(r.count for r in rows)
        services.replace_attendance(event, by=by, version=event.version, counts=rows, members=named)
    members = sum(len(v) for v in roster.values())
    return f"{len(plan)} training events ({counted} counted participants), {members} roster members"
