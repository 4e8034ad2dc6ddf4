from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lidhja.accounts.domain.errors import PermissionDenied
from lidhja.monitoring.domain import services as monitoring
from lidhja.monitoring.models import Obligation
from lidhja.organisations.models import Organisation
from lidhja.plans.models import PlanNode
from lidhja.resources.domain import services
from lidhja.resources.domain.queries import resource_summary
from lidhja.resources.models import ResourcePlanLine


@pytest.fixture
def asp_activity(seed_plan):
    return PlanNode.objects.get(plan=seed_plan, chapter="prosecution", code="1.(a).1")


def _plan(by, node, **kwargs):
    values = {
        "year": 2009,
        "organisation": Organisation.objects.get(code="ASP"),
        "node": node,
        "funding_source": "state",
        "amount": Decimal("1000000"),
        "currency": "ALL",
    }
    return services.plan_resources(by=by, **{**values, **kwargs})


def test_focal_point_plans_for_own_organisation_only(persona, asp_activity):
    line = _plan(persona("focal_asp"), asp_activity)
    assert (line.amount, line.version) == (Decimal("1000000"), 1)
    line = _plan(persona("focal_asp"), asp_activity, amount=Decimal("1200000"))
    assert (line.amount, line.version) == (Decimal("1200000"), 2)
    assert ResourcePlanLine.objects.count() == 1
    with pytest.raises(PermissionDenied):
        _plan(persona("focal_moi"), asp_activity)
    with pytest.raises(PermissionDenied):
        _plan(persona("observer"), asp_activity)


def test_bad_lines_name_the_field(persona, seed_plan, asp_activity):
    onac = persona("onac")
    other = (
        PlanNode.objects.filter(plan=seed_plan, level="activity")
        .exclude(agency_links__organisation__code="ASP")
        .first()
    )
    with pytest.raises(ValidationError) as error:
        _plan(onac, other)
    assert list(error.value.message_dict) == ["node"]
    with pytest.raises(ValidationError) as error:
        _plan(onac, asp_activity, funding_source="donor")
    assert list(error.value.message_dict) == ["donor"]
    assert not ResourcePlanLine.objects.exists()


def test_plan_and_spend_in_lek_with_the_national_share(persona, asp_activity, seed_plan):
    onac, focal = persona("onac"), persona("focal_asp")
    services.set_rate(2009, "EUR", Decimal("132.0600"), by=onac)
    _plan(focal, asp_activity, amount=Decimal("1000000"))
    _plan(
        focal,
        asp_activity,
        funding_source="donor",
        donor=Organisation.objects.get(code="EC"),
        amount=Decimal("10000"),
        currency="EUR",
    )
    obligations = Obligation.objects.filter(
        period__code="2009Q1", organisation__code="ASP", role="lead"
    )[:3]
    spends = [("300000", "ALL", "state"), ("2000", "EUR", "donor"), ("500", "USD", "state")]
    for obligation, (amount, currency, source) in zip(obligations, spends, strict=True):
        report = monitoring.save_report(
            obligation,
            {
                "implementation_status": "on_track",
                "narrative": "x",
                "expenditure": Decimal(amount),
                "currency": currency,
                "funding_source": source,
                "donor": Organisation.objects.get(code="EC") if source == "donor" else None,
            },
            version=None,
            by=focal,
        )
        monitoring.transition(report, "submit", version=report.version, by=focal)
    summary = resource_summary(seed_plan, 2009)
    assert summary.by_chapter["prosecution"].planned == Decimal("1000000") + Decimal("1320600.00")
    # USD has no rate for 2009: it is left out and said so, never guessed.
    assert summary.missing_rates == {"USD"}
    assert summary.total_spent == Decimal("300000") + Decimal("264120.00")
    assert summary.national_spent == Decimal("300000")
    assert summary.national_share == Decimal("53.2")
    assert summary.meets_target is True


def test_resource_pages(client_for, asp_activity):
    client = client_for("focal_asp")
    response = client.post(
        reverse("resources:plan"),
        {
            "year": 2009,
            "organisation": "ASP",
            "node": asp_activity.pk,
            "funding_source": "state",
            "amount": "-5",
            "currency": "ALL",
        },
    )
    assert response.status_code == 400 and "amount" in response.context["form"].errors
    response = client.post(
        reverse("resources:plan"),
        {
            "year": 2009,
            "organisation": "ASP",
            "node": asp_activity.pk,
            "funding_source": "state",
            "amount": "5000",
            "currency": "ALL",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("resources:summary"), {"year": 2009}).context["summary"].by_chapter[
        "prosecution"
    ].planned == Decimal("5000")
    other = client_for("focal_moi").post(
        reverse("resources:plan"),
        {
            "year": 2009,
            "organisation": "ASP",
            "node": asp_activity.pk,
            "funding_source": "state",
            "amount": "1",
            "currency": "ALL",
        },
    )
    assert other.status_code == 400  # ASP is not among MoI's choices
    assert ResourcePlanLine.objects.get().amount == Decimal("5000")
    api = client_for("observer").get(reverse("resources-api:lines", args=["nap-2008-2010"])).json()
    assert api["results"] == [
        {
            "year": 2009,
            "organisation": "ASP",
            "chapter": "prosecution",
            "activity": "1.(a).1",
            "funding_source": "state",
            "donor": None,
            "amount": "5000.00",
            "currency": "ALL",
        }
    ]


def test_the_database_refuses_a_second_line_for_the_same_source(persona, asp_activity):
    from django.db import IntegrityError, transaction

    line = _plan(persona("focal_asp"), asp_activity)
    duplicate = ResourcePlanLine(
        year=line.year,
        organisation=line.organisation,
        node=line.node,
        funding_source=line.funding_source,
        amount=Decimal("1"),
        currency="ALL",
        entered_by=line.entered_by,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
