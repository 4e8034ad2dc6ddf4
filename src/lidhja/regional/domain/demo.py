"""Demonstration assessments for `lidhja demo-data`: the half-years of 2009 and 2010, in every
state of the workflow, some committees missing, written through the services by demo members of the
committees (made here for the committees that have no demo user yet). Clearly synthetic."""

import random
from typing import Any

from lidhja.accounts.domain import services as accounts
from lidhja.accounts.domain.actors import SYSTEM
from lidhja.accounts.domain.permissions import can
from lidhja.accounts.models import Role, User
from lidhja.organisations.models import Organisation
from lidhja.regional.domain import services
from lidhja.regional.domain.halves import Half
from lidhja.regional.domain.sections import TREND_AREAS
from lidhja.regional.models import Adequacy, Direction, Likelihood, Priority

SYNTHETIC = "Synthetic demonstration text: "
# (committee, half-year, final state); the other committees have no assessment (missing).
PLAN = [
    ("RCAT-TR", "2009H1", "accepted"),
    ("RCAT-SH", "2009H1", "accepted"),
    ("RCAT-EL", "2009H1", "accepted"),
    ("RCAT-DR", "2009H1", "submitted"),
    ("RCAT-VL", "2009H1", "returned"),
    ("RCAT-KO", "2009H1", "draft"),
    ("RCAT-TR", "2009H2", "submitted"),
    ("RCAT-SH", "2009H2", "returned"),
    ("RCAT-EL", "2009H2", "submitted"),
    ("RCAT-DR", "2009H2", "draft"),
    # The plan's last year, which the list opens on: Tirana's second half still to write.
    ("RCAT-TR", "2010H1", "accepted"),
    ("RCAT-SH", "2010H1", "submitted"),
    ("RCAT-EL", "2010H1", "accepted"),
    ("RCAT-DR", "2010H1", "returned"),
    ("RCAT-VL", "2010H1", "submitted"),
    ("RCAT-SH", "2010H2", "draft"),
]


def _member(code: str, users: dict[str, Any]) -> User:
    organisation = Organisation.objects.get(code=code)
    for found in [*users.values(), *User.objects.filter(username=f"demo.{code.lower()}")]:
        if isinstance(found, User) and can(found, "regional.write", organisation):
            return found
    user = accounts.create_user(
        f"demo.{code.lower()}",
        organisation=organisation,
        role=Role.RCAT_MEMBER,
        password=accounts.generate_password(
            username=f"demo.{code.lower()}", first_name="Demo", last_name=code
        ),
        by=SYSTEM,
        approved=True,  # a synthetic author of demonstration assessments
        first_name="Demo",
        last_name=code,
    )
    # Not added to `users`: the command prints the passwords of its own users only; these
    # authors are never signed in as.
    return user


def _sections(rng: random.Random, qark: str) -> dict[str, dict[str, Any]]:
    def pick(choices: Any) -> str:
        return str(rng.choice(list(choices.values)))

    return {
        "trends": {
            "trends_text": f"{SYNTHETIC}trends observed in the qark of {qark}.",
            "trends": {area: pick(Direction) for area, _label in TREND_AREAS},
        },
        "risks": {
            "risks": [
                {
                    "risk": f"{SYNTHETIC}risk {n}",
                    "likelihood": pick(Likelihood),
                    "groups": f"{SYNTHETIC}group {n}",
                }
                for n in range(1, rng.randint(2, 4))
            ]
        },
        "resources": {
            "resources": [
                {
                    "resource": f"{SYNTHETIC}service {n}",
                    "held_by": f"{SYNTHETIC}provider {n}",
                    "adequacy": pick(Adequacy),
                }
                for n in range(1, 3)
            ]
        },
        "needs": {
            "needs": [
                {
                    "need": f"{SYNTHETIC}need {n}",
                    "priority": pick(Priority),
                    "actor": f"{SYNTHETIC}actor {n}",
                }
                for n in range(1, 3)
            ]
        },
        "narrative": {"narrative": f"{SYNTHETIC}narrative of the committee of {qark}."},
    }


def _write(
    member: User, onac: User, organisation: Organisation, half: str, state: str, rng: random.Random
) -> None:
    assessment = services.start_assessment(organisation, Half.parse(half), by=member)
    for name, data in _sections(rng, organisation.qark).items():
        assessment = services.save_section(
            assessment, name, data, version=assessment.version, by=member
        )
    if state == "draft":
        return
    assessment = services.transition(assessment, "submit", version=assessment.version, by=member)
    if state == "accepted":
        services.transition(assessment, "accept", version=assessment.version, by=onac)
    elif state == "returned":
        services.transition(
            assessment,
            "return",
            version=assessment.version,
            by=onac,
            comment=f"{SYNTHETIC}please add the services available in the qark.",
        )


def load_assessments(rng: random.Random, users: dict[str, Any]) -> str:
    onac = users["demo.onac"]
    for code, half, state in PLAN:
        _write(_member(code, users), onac, Organisation.objects.get(code=code), half, state, rng)
    return f"{len(PLAN)} regional situation assessments"
