"""The work queues of the monitoring: a focal point's reports of the period, ONAC's review
queue with "next report", who has not reported, the plan's work, and the empty state with its
"Open the period" button. Every count is checked against the list its link opens."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from lidhja.evaluation.models import ActionStatus, RemedialAction
from lidhja.monitoring.domain import services
from lidhja.monitoring.models import Obligation, ReportingPeriod
from lidhja.organisations.models import Organisation
from lidhja.plans.models import Plan, PlanNode, TimelineStatus
from tests.home.helpers import assert_lists_agree, queue, sections

GOOD = {
    "implementation_status": "on_track",
    "narrative": "Two trainings held.",
    "outputs_achieved": "40 officers trained",
    "expenditure": Decimal("1000.00"),
    "currency": "ALL",
    "funding_source": "state",
    "donor": None,
}
COMMENT = "Add the number of female officers trained in each of the twelve regions, please."


def owed_by(code: str) -> list[Obligation]:
    return list(
        Obligation.objects.filter(period__code="2009Q1", organisation__code=code)
        .select_related("node")
        .order_by("node__position")
    )


def draft(obligation, by):
    return services.save_report(obligation, GOOD, version=None, by=by)


def submit(obligation, by):
    report = draft(obligation, by)
    return services.transition(report, "submit", version=report.version, by=by)


def returned(obligation, focal, onac, comment=COMMENT):
    report = submit(obligation, focal)
    return services.transition(report, "return", version=report.version, by=onac, comment=comment)


@pytest.fixture
def asp_reports(persona):
    """ASP: two drafts, one submitted, one returned with a comment; the rest not started."""
    focal, onac = persona("focal_asp"), persona("onac")
    owed = owed_by("ASP")
    draft(owed[0], focal)
    draft(owed[1], focal)
    submit(owed[2], focal)
    returned(owed[3], focal, onac)
    return owed


@pytest.mark.django_db
def test_a_focal_point_sees_what_is_left_to_do_drafts_and_returned_reports(client_for, asp_reports):
    owed = len(asp_reports)
    assert owed > 4
    client = client_for("focal_asp")
    assert queue(client)["reports"] == {
        "Not started": owed - 4,
        "Drafts to finish and submit": 2,
        "Returned with a comment from ONAC": 1,
    }
    section = sections(client)["reports"]
    assert (section.facts.period, section.facts.owed, section.facts.left) == (
        "2009Q1",
        owed,
        owed - 1,
    )
    (returned_item,) = [i for i in section.items if i.rows]
    (row,) = returned_item.rows
    assert row.url == reverse("monitoring:report", args=[asp_reports[3].pk])
    assert row.note == COMMENT  # shorter than the 90 characters shown
    html = client.get(reverse("core:home")).content.decode()
    assert row.url in html and "Add the number of female officers" in html
    assert_lists_agree(client)


@pytest.mark.django_db
def test_a_focal_point_never_counts_another_organisations_reports(client_for, asp_reports):
    client = client_for("focal_moi")
    assert queue(client)["reports"] == {
        "Not started": len(owed_by("MOI")),
        "Drafts to finish and submit": 0,
        "Returned with a comment from ONAC": 0,
    }
    html = client.get(reverse("core:home")).content.decode()
    assert html.count("Nothing waiting") >= 2
    assert COMMENT[:30] not in html
    assert_lists_agree(client)


@pytest.mark.django_db
def test_onac_sees_the_review_queue_missing_organisations_and_the_plans_work(
    client_for, persona, asp_reports
):
    submit(owed_by("MOI")[0], persona("focal_moi"))
    today = timezone.localdate()
    node = PlanNode.objects.filter(plan__code="nap-2008-2010", level="activity").first()
    onac_org = Organisation.objects.get(code="ONAC")
    for due, status in [
        (today - timedelta(days=3), ActionStatus.OPEN),
        (today - timedelta(days=30), ActionStatus.IN_PROGRESS),
        (today - timedelta(days=30), ActionStatus.CLOSED),
        (today + timedelta(days=30), ActionStatus.OPEN),
    ]:
        RemedialAction.objects.create(
            node=node, description="Fix it.", owner=onac_org, due_date=due, status=status
        )
    client = client_for("onac")
    found = queue(client)
    organisations = Obligation.objects.filter(period__code="2009Q1").values("organisation")
    flagged = PlanNode.objects.filter(
        plan__code="nap-2008-2010", timeline_status=TimelineStatus.FLAGGED
    ).count()
    assert found["period"] == {
        "Reports waiting for review": 2,
        # 2009Q1's due date has passed and every organisation still owes reports.
        "Organisations with reports missing": organisations.distinct().count(),
    }
    assert found["plan"]["Timelines to fix"] == flagged
    assert found["plan"]["Overdue remedial actions"] == 2
    assert set(found["plan"]) == {
        "Activities at risk",
        "Timelines to fix",
        "Overdue remedial actions",
    }
    assert_lists_agree(client)


@pytest.mark.django_db
def test_overdue_coordination_decisions_are_counted_in_the_users_scope(client_for, persona):
    from tests.coordination.helpers import decision, held

    onac = persona("onac")
    meeting = held("NTF", date(2009, 1, 15), onac)
    asp, moi = Organisation.objects.get(code="ASP"), Organisation.objects.get(code="MOI")
    decision(meeting, asp, date(2009, 2, 1), onac)
    decision(meeting, moi, date(2009, 2, 1), onac)
    decision(meeting, moi, timezone.localdate() + timedelta(days=9), onac)
    label = "Coordination decisions past their due date"
    assert queue(client_for("onac"))["coordination"] == {label: 2}
    for who in ("onac", "focal_asp", "observer", "secretary"):
        assert_lists_agree(client_for(who))


@pytest.mark.django_db
def test_next_report_after_each_review_in_a_stable_order(client_for, persona):
    focal_asp, focal_moi = persona("focal_asp"), persona("focal_moi")
    first, second = owed_by("ASP")[:2]
    third = owed_by("MOI")[0]
    for obligation, by in [(first, focal_asp), (second, focal_asp), (third, focal_moi)]:
        submit(obligation, by)
    onac = client_for("onac")

    def review(obligation, decision, comment=""):
        report = obligation.report
        report.refresh_from_db()
        url = reverse("monitoring:review", args=[obligation.pk])
        data = {"decision": decision, "comment": comment, "version": report.version}
        response = onac.post(url, data, follow=True)
        assert response.status_code == 200
        return response.context["next_review"], response.content.decode()

    shown, _html = review(first, "accept")
    assert shown == second
    shown, html = review(second, "return", "Add the dates.")
    assert shown == third
    assert reverse("monitoring:report", args=[third.pk]) in html
    assert "Review the next report waiting" in html
    assert onac.get(reverse("monitoring:report", args=[third.pk])).context["next_review"] is None
    shown, html = review(third, "accept")
    assert shown is None and "next report waiting" not in html
    assert queue(onac)["period"]["Reports waiting for review"] == 0


@pytest.mark.django_db
def test_the_next_report_kept_for_a_page_is_renewed_by_a_review(client_for, persona):
    """The next report is kept per page until monitoring data change: once the one offered is
    reviewed, the same page offers the one after it."""
    focal = persona("focal_asp")
    first, second, third = owed_by("ASP")[:3]
    for obligation in (first, second, third):
        submit(obligation, focal)
    onac = client_for("onac")
    page = reverse("monitoring:report", args=[first.pk])
    assert onac.get(page).context["next_review"] == second
    assert onac.get(page).context["next_review"] == second  # kept, and still right
    second.report.refresh_from_db()
    data = {"decision": "accept", "comment": "", "version": second.report.version}
    assert onac.post(reverse("monitoring:review", args=[second.pk]), data).status_code == 302
    assert onac.get(page).context["next_review"] == third


@pytest.mark.django_db
def test_next_report_follows_the_review_order_and_wraps(client_for, persona):
    focal = persona("focal_asp")
    owed = owed_by("ASP")[:3]
    for obligation in owed:
        submit(obligation, focal)
    onac = client_for("onac")
    nexts = [
        onac.get(reverse("monitoring:report", args=[o.pk])).context["next_review"] for o in owed
    ]
    assert nexts == [owed[1], owed[2], owed[0]]


@pytest.mark.django_db
def test_next_report_goes_on_to_the_next_period_holding_one_and_wraps(client_for, persona):
    """Periods in order, skipping a period with nothing waiting; after the last, the first."""
    from django.core.management import call_command

    for code in ("2009Q2", "2009Q3"):
        call_command("monitoring", "open-period", code, verbosity=0)
    focal = persona("focal_asp")

    def owed(code):
        return Obligation.objects.filter(period__code=code, organisation__code="ASP").order_by(
            "node__position"
        )

    first, second = owed("2009Q1")[:2]
    later = owed("2009Q3")[0]  # 2009Q2 has nothing waiting
    for obligation in (later, second, first):  # submitted out of order: the period leads
        submit(obligation, focal)
    onac = client_for("onac")

    def next_after(obligation):
        url = reverse("monitoring:report", args=[obligation.pk])
        return onac.get(url).context["next_review"]

    assert [next_after(o) for o in (second, first, later)] == [first, later, second]


@pytest.mark.django_db
def test_with_no_period_onac_is_offered_to_open_it(client_for):
    Obligation.objects.all().delete()
    client = client_for("onac")
    section = sections(client)["period"]
    today = timezone.localdate()
    code = f"{today.year}Q{(today.month - 1) // 3 + 1}"
    assert section.items == []
    assert section.action.fields == {"period": code, "plan": "nap-2008-2010"}
    html = client.get(reverse("core:home")).content.decode()
    assert f"Open the period {code}" in html
    assert f'action="{reverse("monitoring:periods")}"' in html
    assert "No reporting period is open." in html
    response = client.post(reverse("monitoring:periods"), section.action.fields)
    assert response.status_code == 302
    period = ReportingPeriod.objects.get(code=code)
    assert period.obligations.count() > 0
    assert sections(client)["period"].facts.period == code


@pytest.mark.django_db
def test_with_several_plans_the_button_leads_to_the_form(client_for, seed_plan):
    Obligation.objects.all().delete()
    Plan.objects.create(code="nap-2011-2013", title="Second plan", start_year=2011, end_year=2013)
    action = sections(client_for("onac"))["period"].action
    assert (action.fields, action.url) == (None, reverse("monitoring:periods") + "#open-heading")


@pytest.mark.django_db
def test_with_no_period_others_are_told_what_comes_next(client_for):
    Obligation.objects.all().delete()
    focal = sections(client_for("focal_asp"))["reports"]
    assert (focal.items, focal.action) == ([], None)
    assert "ONAC opens each quarter" in str(focal.empty)
    observer = sections(client_for("observer"))["period"]
    assert (observer.items, observer.action) == ([], None)


@pytest.mark.django_db
def test_the_task_force_sees_no_review_queue(client_for, asp_reports):
    found = queue(client_for("observer"))
    assert set(found["period"]) == {"Organisations with reports missing"}
    assert set(found["plan"]) == {"Activities at risk"}
    assert_lists_agree(client_for("observer"))


@pytest.mark.django_db
def test_the_home_page_runs_as_many_queries_whatever_the_number_of_reports(
    client_for, persona, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    focal = persona("focal_asp")
    owed = owed_by("ASP")
    client = client_for("onac")
    submit(owed[0], focal)
    client.get(reverse("core:home"))  # the session's own first queries
    submit(owed[8], focal)
    # Both measures are the first view after a write, so both compute the stored figures.
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("core:home"))
    for obligation in owed[1:6]:
        returned(obligation, focal, persona("onac"))
    submit(owed[7], focal)
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("core:home"))
    assert len(more) == len(few)
    focal_client = client_for("focal_asp")
    with CaptureQueriesContext(connection) as focal_queries:
        focal_client.get(reverse("core:home"))
    assert len(focal_queries) < 40


@pytest.mark.django_db
def test_the_at_risk_count_is_the_length_of_the_at_risk_list(seed_plan, persona):
    from lidhja.monitoring.domain.periods import ensure_period
    from lidhja.monitoring.domain.reporting import at_risk_activities, at_risk_count

    submit(owed_by("ASP")[0], persona("focal_asp"))
    counts = {}
    for year in (2008, 2009, 2010):
        for quarter in (1, 2, 3, 4):
            period = ensure_period(f"{year}Q{quarter}")
            counts[period.code] = at_risk_count(seed_plan, period)
            assert counts[period.code] == len(at_risk_activities(seed_plan, period)), period
    assert sum(counts.values()) > 0  # the comparison was made on activities at risk
