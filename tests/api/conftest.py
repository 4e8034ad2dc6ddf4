"""Data for the API tests: something in every list, so that a page and its checks have rows."""

from datetime import date
from decimal import Decimal

import pytest

from lidhja.coordination.domain import services as coordination
from lidhja.coordination.models import Body
from lidhja.justice.domain import services as justice
from lidhja.organisations.models import Organisation
from lidhja.plans.models import PlanNode
from lidhja.regional.domain import services as regional
from lidhja.regional.domain.halves import Half
from lidhja.resources.domain import services as resources
from tests.campaigns.helpers import make_campaign
from tests.cases.helpers import act, open_case_by_post
from tests.helpline.helpers import log
from tests.trainings import helpers as trainings


@pytest.fixture
def api_data(client_for, persona, seed_plan):
    """A case of Tirana referred to the shelter (DEQ), a second one, a resource line, and a
    proceeding of the General Prosecutor's Office."""
    social = client_for("social_tirana")
    case = open_case_by_post(social)
    act(social, case, "referral", direction="domestic", to_organisation="DEQ", service="shelter")
    open_case_by_post(social, status="identified", identified_on="2025-07-01")
    resources.plan_resources(
        by=persona("focal_asp"),
        year=2009,
        organisation=Organisation.objects.get(code="ASP"),
        node=PlanNode.objects.get(plan=seed_plan, chapter="prosecution", code="1.(a).1"),
        funding_source="state",
        amount=Decimal("1000000"),
        currency="ALL",
    )
    justice.register_proceeding(
        by=persona("prosecutor"), registered_on=date(2026, 1, 5), offences=["110/a"]
    )
    _publish_2009q1()
    _coordination_and_prevention(persona)
    return case


def _coordination_and_prevention(persona) -> None:
    """A meeting of the Task Force with a decision, a committee's draft assessment, a helpline
    call, a campaign, and a training event of ASP with a named participant of the roster,
    through their services."""
    onac = persona("onac")
    meeting = coordination.record_meeting(
        Body.objects.get(code="NTF"), date=date(2009, 3, 5), status="held", by=onac
    )
    coordination.record_decision(
        meeting,
        text="Synthetic decision",
        owner=Organisation.objects.get(code="ASP"),
        due_date=date(2009, 6, 30),
        by=onac,
    )
    regional.start_assessment(
        Organisation.objects.get(code="RCAT-TR"), Half(2009, 1), by=persona("rcat")
    )
    log(persona("helpline"))
    make_campaign(onac)
    trainings.attend(onac, trainings.event(onac), [trainings.member(onac)])


def _publish_2009q1() -> None:
    """A published period, so that the statistics API lists one."""
    from lidhja.accounts.domain.actors import SYSTEM
    from lidhja.publication.domain.periods import Period
    from lidhja.publication.domain.services import publish

    publish(Period(2009, 1), by=SYSTEM)
