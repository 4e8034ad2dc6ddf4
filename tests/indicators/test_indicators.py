from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lidhja.accounts.domain.actors import SYSTEM
from lidhja.accounts.domain.errors import PermissionDenied, StaleObject
from lidhja.audit.models import AuditEntry
from lidhja.indicators.domain import services
from lidhja.indicators.domain.seed import indicators_from_plan, pieces, unit_of
from lidhja.indicators.models import Indicator, IndicatorValue
from lidhja.monitoring.domain import services as monitoring
from lidhja.monitoring.domain.periods import ensure_period
from lidhja.monitoring.models import Obligation
from lidhja.plans.models import PlanNode


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("number and per cent of convictions based on pro-active evidence", "percent"),
        ("Number of anti-trafficking cases including financial investigations", "number"),
        ("Office of Criminal Analysis is operational", "yes_no"),
        ("Existence of SOPs", "yes_no"),
        ("At least 1 officer in each Regional Directorate is trained", "number"),
        ("Workshop held", "number"),
    ],
)
def test_units_are_read_from_the_wording(text, unit):
    assert unit_of(text) == unit


def test_indicator_text_is_split_on_semicolons_and_lines():
    assert pieces("Number of arrests; per cent of victims\nExistence of SOPs.") == [
        "Number of arrests",
        "per cent of victims",
        "Existence of SOPs",
    ]


@pytest.mark.django_db
def test_every_aim_and_objective_with_indicator_text_has_indicators(seed_plan):
    nodes = PlanNode.objects.filter(plan=seed_plan).exclude(level="activity").exclude(indicators="")
    for node in nodes:
        names = list(node.indicator_set.filter(computation="").values_list("name", flat=True))
        assert names == pieces(node.indicators), node.code
    assert indicators_from_plan(seed_plan, by=SYSTEM) == 0  # already done by set-up: idempotent
    computed = Indicator.objects.exclude(computation="").values_list(
        "node__chapter", "node__code", "computation"
    )
    assert sorted(computed) == [
        ("coordination", "1.(a).4", "coordination.donors_quarterly"),
        ("coordination", "1.(b).4", "coordination.task_force_quarterly"),
        ("coordination", "1.(c).2.1", "coordination.decisions_closed_percent"),
        ("coordination", "1.(c).2.1", "coordination.meetings_held"),
        ("coordination", "1.(c).2.1", "coordination.state_committee_twice_yearly"),
        ("coordination", "1.(c).2.1", "coordination.task_force_quarterly"),
        ("coordination", "2.(a).1.4", "regional.assessments_submitted"),
        ("coordination", "2.(a).1.4", "regional.assessments_submitted_percent"),
        ("coordination", "4", "monitoring.activities_on_schedule"),
        ("coordination", "4", "monitoring.agencies_reporting_on_time"),
        ("coordination", "4.(a).1.1", "regional.assessments_submitted"),
        ("coordination", "4.(a).1.1", "regional.assessments_submitted_percent"),
        ("prevention", "1.(a).1", "campaigns.events_held"),
        ("prevention", "1.(a).1", "campaigns.people_reached"),
        ("prevention", "1.(a).1", "campaigns.running"),
        ("prevention", "1.(a).3", "campaigns.running"),
        ("prevention", "1.(a).5", "campaigns.materials_distributed"),
        ("prevention", "1.(a).6", "helpline.migration_calls"),
        ("prevention", "1.(b)", "campaigns.youth_reached"),
        ("prevention", "3.(b).1", "regional.assessments_submitted"),
        ("prevention", "3.(b).1", "regional.assessments_submitted_percent"),
        ("prosecution", "1", "justice.persons_arrested"),
        ("prosecution", "1", "justice.persons_convicted"),
        ("prosecution", "1", "justice.persons_prosecuted"),
        ("prosecution", "1", "justice.victims_as_witnesses"),
        ("prosecution", "1.(b)", "trainings.people_trained"),
        ("prosecution", "1.(b).2", "trainings.police_trained_percent"),
        ("prosecution", "1.(b).2", "trainings.serious_crimes_judges_trained"),
        ("prosecution", "1.(e)", "prosecution.joint_reports"),
        ("prosecution", "1.(h)", "justice.amount_confiscated"),
        ("prosecution", "1.(h)", "justice.assets_confiscated"),
        ("prosecution", "1.(h)", "justice.special_fund_share"),
        ("prosecution", "1.(i)", "helpline.complicity_reports"),
        ("prosecution", "1.(i)", "justice.officials_convicted"),
        ("prosecution", "1.(i)", "justice.officials_prosecuted"),
        ("prosecution", "1.(i).3.1", "helpline.complicity_reports"),
        ("protection", "1.(b).6.1", "cases.employed_a_year_after_reintegration"),
        ("protection", "1.(b).6.1", "cases.identified_victims"),
        ("protection", "1.(b).6.1", "cases.referrals_accepted"),
        ("protection", "2.(c)", "protection.identified_at_border"),
        *sorted(("protection", "2.(c)", f"protection.identified_at_border.{p}") for p in POINTS),
        ("protection", "2.(c).2", "trainings.border_points_with_trained_female_officer"),
        ("protection", "2.(d).1", "helpline.calls"),
        ("protection", "2.(e)", "protection.reflection_periods"),
        ("protection", "3.(b)", "protection.re_trafficked"),
        ("protection", "4", "justice.victims_as_witnesses"),
        ("protection", "4", "protection.risk_assessed"),
    ]


POINTS = [
    "durres_port", "hani_hotit", "kakavije", "kapshtice", "morine", "muriqan", "other",
    "qafe_bote", "qafe_prush", "qafe_thane", "rinas", "sarande_port", "tushemisht", "vlore_port",
]  # fmt: skip


@pytest.fixture
def manual(seed_plan):
    return Indicator.objects.filter(node__plan=seed_plan, computation="", unit="percent").first()


def test_values_are_checked_against_the_unit(manual, persona):
    period, onac = ensure_period("2009Q1"), persona("onac")
    with pytest.raises(ValidationError) as error:
        services.set_value(manual, period, Decimal("120"), by=onac)
    assert list(error.value.message_dict) == ["value"]
    with pytest.raises(ValidationError) as error:
        services.set_value(manual, period, Decimal("12"), by=onac, cell="sex=female")
    assert list(error.value.message_dict) == ["cell"]
    assert not IndicatorValue.objects.filter(indicator=manual).exists()
    manual = services.update_indicator(
        manual, version=manual.version, by=onac, disaggregations=["sex"]
    )
    services.set_value(manual, period, Decimal("12.5"), by=onac, cell="sex=female", source="ASP")
    services.set_value(manual, period, Decimal("13"), by=onac, cell="sex=female", source="ASP")
    row = IndicatorValue.objects.get(indicator=manual, period=period, cell="sex=female")
    assert row.value == Decimal("13.00")
    entry = AuditEntry.objects.filter(action="indicator.value_set").order_by("-seq").first()
    assert entry.changes == {"period": "2009Q1", "cell": "sex=female", "value": ["12.50", "13"]}


def test_only_onac_manages_indicators(manual, persona):
    for key in ("focal_asp", "observer", "ra", "sysadmin"):
        with pytest.raises(PermissionDenied):
            services.set_value(manual, ensure_period("2009Q1"), Decimal("1"), by=persona(key))
        with pytest.raises(PermissionDenied):
            services.update_indicator(
                manual, version=manual.version, by=persona(key), target=Decimal("50")
            )


def test_stale_definition_edit_is_refused(manual, persona):
    onac = persona("onac")
    services.update_indicator(manual, version=manual.version, by=onac, target=Decimal("50"))
    with pytest.raises(StaleObject):
        services.update_indicator(manual, version=manual.version, by=onac, target=Decimal("60"))


def test_computed_values_match_the_reports(seed_plan, persona):
    period = ensure_period("2009Q1")
    focal = persona("focal_asp")
    leads = list(
        Obligation.objects.filter(period=period, organisation__code="ASP", role="lead")[:3]
    )
    for obligation, status in zip(leads, ["on_track", "completed", "delayed"], strict=True):
        report = monitoring.save_report(
            obligation,
            {"implementation_status": status, "narrative": "x", "currency": "ALL"},
            version=None,
            by=focal,
        )
        monitoring.transition(report, "submit", version=report.version, by=focal)
    # Two from the reports, the joint statistical reports published so far (none), the
    # regional assessments submitted (none: a number and a share on each of three items), the
    # campaigns running (none, on Prevention 1.(a).1 and 1.(a).3), the people trained and the
    # crossing points with a trained female officer (none), and the meetings: held (none), the
    # Task Force quarterly (no, on two items), the donors' group quarterly (no). Counts of calls,
    # persons and amounts are below the publication threshold or unpublished: no value.
    assert services.compute_values(seed_plan, period, by=persona("onac")) == 17
    values = dict(
        IndicatorValue.objects.filter(period=period, computed=True).values_list(
            "indicator__computation", "value"
        )
    )
    activities = PlanNode.objects.filter(plan=seed_plan, level="activity").count()
    assert values["monitoring.activities_on_schedule"] == (Decimal(200) / activities).quantize(
        Decimal("0.01")
    )
    # ASP submitted 3 of its reports, the rest nothing: no organisation reported everything on time.
    assert values["monitoring.agencies_reporting_on_time"] == Decimal("0.00")
    assert values["prosecution.joint_reports"] == Decimal(0)
    assert values["regional.assessments_submitted"] == Decimal(0)
    computed = Indicator.objects.exclude(computation="").first()
    with pytest.raises(ValidationError):
        services.set_value(computed, period, Decimal("5"), by=persona("onac"))


def test_indicator_pages(client_for, manual):
    client = client_for("onac")
    response = client.get(reverse("indicators:list"), {"chapter": manual.node.chapter})
    assert response.context["list_count"] >= 1
    assert reverse("indicators:detail", args=[manual.pk]) in response.content.decode()
    url = reverse("indicators:add_value", args=[manual.pk])
    bad = client.post(url, {"period": "2009Q1", "value": "150", "cell": ""})
    assert bad.status_code == 400 and "value" in bad.context["value_form"].errors
    assert client.post(url, {"period": "2009Q1", "value": "40", "cell": ""}).status_code == 302
    assert IndicatorValue.objects.get(indicator=manual).value == Decimal("40")
    api = (
        client_for("observer")
        .get(reverse("indicators-api:list", args=["nap-2008-2010"]), {"limit": 1000})
        .json()
    )
    row = next(r for r in api["results"] if r["id"] == manual.pk)
    assert row["values"] == [
        {
            "period": "2009Q1",
            "cell": "",
            "value": "40.00",
            "source": "",
            "note": "",
            "computed": False,
        }
    ]


@pytest.mark.django_db
def test_setup_adds_computed_indicators_learnt_after_the_plan_was_loaded(seed_plan):
    """An installation upgraded with a new module gets its computed indicators on items that
    already have indicators; ONAC's own indicators are not touched."""
    node = PlanNode.objects.get(plan=seed_plan, chapter="coordination", code="4")
    manual = list(node.indicator_set.filter(computation="").values_list("pk", "name"))
    node.indicator_set.filter(computation="monitoring.agencies_reporting_on_time").delete()
    assert indicators_from_plan(seed_plan, by=SYSTEM) == 1
    again = node.indicator_set.get(computation="monitoring.agencies_reporting_on_time")
    assert again.position == max(node.indicator_set.values_list("position", flat=True))
    assert list(node.indicator_set.filter(computation="").values_list("pk", "name")) == manual
    assert indicators_from_plan(seed_plan, by=SYSTEM) == 0
