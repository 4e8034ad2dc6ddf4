from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lidhja.accounts.domain.actors import SYSTEM
from lidhja.accounts.domain.errors import PermissionDenied, StaleObject
from lidhja.audit.models import AuditEntry
from lidhja.monitoring.domain import services
from lidhja.monitoring.domain.periods import ensure_period
from lidhja.monitoring.domain.queries import compliance
from lidhja.monitoring.models import Obligation, ProgressReport, ReportStatus

GOOD = {
    "implementation_status": "on_track",
    "narrative": "Two trainings held.",
    "outputs_achieved": "40 officers trained",
    "expenditure": Decimal("125000.50"),
    "currency": "ALL",
    "funding_source": "state",
    "donor": None,
}


@pytest.fixture
def asp_obligation(db):
    return Obligation.objects.select_related("organisation").get(
        period__code="2009Q1",
        node__chapter="prosecution",
        node__code="1.(a).1",
        organisation__code="ASP",
    )


def test_the_full_cycle_draft_submit_return_resubmit_accept(asp_obligation, persona):
    focal, onac = persona("focal_asp"), persona("onac")
    report = services.save_report(asp_obligation, GOOD, version=None, by=focal)
    assert (report.status, report.version) == (ReportStatus.DRAFT, 1)
    report = services.transition(report, "submit", version=1, by=focal)
    first_submission = report.submitted_at
    report = services.transition(
        report,
        "return",
        version=report.version,
        by=onac,
        comment="Add the number of female officers.",
    )
    assert report.status == ReportStatus.RETURNED
    report = services.save_report(
        asp_obligation,
        {**GOOD, "narrative": "Two trainings; 12 women."},
        version=report.version,
        by=focal,
    )
    report = services.transition(report, "submit", version=report.version, by=focal)
    report = services.transition(report, "accept", version=report.version, by=onac)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert report.submitted_at == first_submission  # timeliness counts the first submission
    assert report.narrative == "Two trainings; 12 women."
    assert [(e.from_status, e.to_status, e.actor.username) for e in report.events.all()] == [
        ("draft", "submitted", "asp.focal"),
        ("submitted", "returned", "onac.analyst"),
        ("returned", "submitted", "asp.focal"),
        ("submitted", "accepted", "onac.analyst"),
    ]
    actions = list(
        AuditEntry.objects.filter(
            object_type="monitoring.progressreport", object_id=str(report.pk)
        ).values_list("action", flat=True)
    )
    assert actions == [
        "monitoring.report_saved",
        "monitoring.report_submitted",
        "monitoring.report_returned",
        "monitoring.report_saved",
        "monitoring.report_submitted",
        "monitoring.report_accepted",
    ]


def test_only_the_owning_focal_point_reports(asp_obligation, persona):
    for key in ("focal_moi", "onac", "observer", "ra", "sysadmin"):
        with pytest.raises(PermissionDenied):
            services.save_report(asp_obligation, GOOD, version=None, by=persona(key))
    assert not ProgressReport.objects.filter(obligation=asp_obligation).exists()


def test_only_onac_reviews(asp_obligation, persona):
    focal = persona("focal_asp")
    report = services.save_report(asp_obligation, GOOD, version=None, by=focal)
    report = services.transition(report, "submit", version=1, by=focal)
    for key in ("focal_asp", "observer", "sysadmin"):
        with pytest.raises(PermissionDenied):
            services.transition(report, "accept", version=report.version, by=persona(key))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_an_incomplete_report_cannot_be_submitted(asp_obligation, persona):
    focal = persona("focal_asp")
    report = services.save_report(
        asp_obligation, {**GOOD, "narrative": "", "funding_source": ""}, version=None, by=focal
    )
    with pytest.raises(ValidationError) as error:
        services.transition(report, "submit", version=1, by=focal)
    assert set(error.value.message_dict) == {"narrative", "funding_source"}
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.submitted_at is None


def test_return_needs_a_comment_and_accepted_reports_are_frozen(asp_obligation, persona):
    focal, onac = persona("focal_asp"), persona("onac")
    report = services.save_report(asp_obligation, GOOD, version=None, by=focal)
    report = services.transition(report, "submit", version=1, by=focal)
    with pytest.raises(ValidationError):
        services.transition(report, "return", version=report.version, by=onac, comment=" ")
    report = services.transition(report, "accept", version=report.version, by=onac)
    with pytest.raises(services.WrongState):
        services.save_report(asp_obligation, GOOD, version=report.version, by=focal)
    with pytest.raises(services.WrongState):
        services.transition(report, "submit", version=report.version, by=focal)


def test_a_stale_save_is_refused(asp_obligation, persona):
    focal = persona("focal_asp")
    services.save_report(asp_obligation, GOOD, version=None, by=focal)
    services.save_report(asp_obligation, {**GOOD, "narrative": "Second"}, version=1, by=focal)
    with pytest.raises(StaleObject):
        services.save_report(
            asp_obligation, {**GOOD, "narrative": "Lost update"}, version=1, by=focal
        )
    assert ProgressReport.objects.get(obligation=asp_obligation).narrative == "Second"


def test_compliance_counts_on_time_late_and_missing(persona, monkeypatch):
    period = ensure_period("2009Q1")
    focal = persona("focal_asp")
    asp = list(Obligation.objects.filter(period=period, organisation__code="ASP")[:3])
    moments = [datetime(2009, 4, 10, 9, tzinfo=UTC), datetime(2009, 5, 2, 9, tzinfo=UTC)]
    for obligation, moment in zip(asp[:2], moments, strict=True):
        report = services.save_report(obligation, GOOD, version=None, by=focal)
        monkeypatch.setattr(services.timezone, "now", lambda moment=moment: moment)
        services.transition(report, "submit", version=report.version, by=focal)
        monkeypatch.undo()
    rows = {row.organisation.code: row for row in compliance(period)}
    owed = Obligation.objects.filter(period=period, organisation__code="ASP").count()
    assert (rows["ASP"].owed, rows["ASP"].on_time, rows["ASP"].late) == (owed, 1, 1)
    assert rows["ASP"].unsubmitted == owed - 2 and rows["ASP"].overdue is True
    assert rows["ASP"].on_time_percent == round(100 / owed, 1)
    assert (rows["MOI"].on_time, rows["MOI"].late) == (0, 0)


def test_report_page_flow_for_the_focal_point(client_for, asp_obligation):
    client = client_for("focal_asp")
    url = reverse("monitoring:report", args=[asp_obligation.pk])
    form = {**GOOD, "expenditure": "125000.50", "donor": "", "version": ""}
    assert client.post(url, form).status_code == 302
    report = ProgressReport.objects.get(obligation=asp_obligation)
    response = client.post(
        reverse("monitoring:submit", args=[asp_obligation.pk]), {"version": report.version}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    # Submitted: the answers are shown as text, no form, and a further save is refused.
    page = client.get(url)
    assert page.context["can_edit"] is False and page.context["form"] is None
    assert client.post(url, {**form, "version": report.version}).status_code == 409


def test_report_form_names_the_bad_field(client_for, asp_obligation):
    url = reverse("monitoring:report", args=[asp_obligation.pk])
    response = client_for("focal_asp").post(
        url, {**GOOD, "expenditure": "-5", "currency": "XXX", "donor": "", "version": ""}
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"expenditure", "currency"}
    assert not ProgressReport.objects.filter(obligation=asp_obligation).exists()


def test_onac_reviews_on_the_page(client_for, asp_obligation, persona):
    focal = persona("focal_asp")
    report = services.save_report(asp_obligation, GOOD, version=None, by=focal)
    report = services.transition(report, "submit", version=1, by=focal)
    client = client_for("onac")
    url = reverse("monitoring:review", args=[asp_obligation.pk])
    response = client.post(url, {"version": report.version, "decision": "return", "comment": ""})
    assert response.status_code == 400
    assert "comment" in response.context["review_form"].errors
    response = client.post(
        url, {"version": report.version, "decision": "return", "comment": "More detail"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.review_comment) == ("returned", "More detail")


def test_focal_point_sees_only_own_obligations(client_for):
    response = client_for("focal_moi").get(reverse("monitoring:obligations", args=["2009Q1"]))
    orgs = {o.organisation.code for o in response.context["page"].paginator.object_list}
    assert orgs == {"MOI"}
    api = (
        client_for("focal_moi")
        .get(reverse("monitoring-api:obligations", args=["2009Q1"]), {"limit": 1000})
        .json()
    )
    assert {row["organisation"] for row in api["results"]} == {"MOI"}
    assert (
        api["count"]
        == Obligation.objects.filter(period__code="2009Q1", organisation__code="MOI").count()
    )


def test_activity_status_is_the_latest_report_with_the_lead_preferred(seed_plan, persona):
    from lidhja.monitoring.domain.obligations import derive_obligations
    from lidhja.monitoring.domain.reporting import activity_statuses

    q1, q2 = ensure_period("2009Q1"), ensure_period("2009Q2")
    derive_obligations(seed_plan, q2, by=SYSTEM)
    node = Obligation.objects.filter(period=q1, organisation__code="ASP", role="lead").first().node
    partner = Obligation.objects.filter(period=q2, node=node, role="partner").first()
    only_q1 = Obligation.objects.filter(period=q1, organisation__code="MOI", role="lead").first()

    def report(obligation, status):
        focal = persona("focal_asp") if obligation.organisation.code == "ASP" else None
        who = focal or _focal_of(obligation.organisation)
        r = services.save_report(
            obligation, {**GOOD, "implementation_status": status}, version=None, by=who
        )
        services.transition(r, "submit", version=r.version, by=who)

    report(Obligation.objects.get(period=q1, node=node, organisation__code="ASP"), "delayed")
    report(Obligation.objects.get(period=q2, node=node, organisation__code="ASP"), "completed")
    report(partner, "not_started")
    report(only_q1, "on_track")
    statuses = activity_statuses(seed_plan, q2)
    assert statuses[node.pk] == "completed"  # Q2 over Q1, and the lead over the partner
    assert statuses[only_q1.node_id] == "on_track"  # nothing in Q2: its Q1 report stands
    assert activity_statuses(seed_plan, q1)[node.pk] == "delayed"


def _focal_of(organisation):
    from lidhja.accounts.models import Role, User

    user, _ = User.objects.get_or_create(
        username=f"focal.{organisation.code.lower()}",
        defaults={"organisation": organisation, "role": Role.FOCAL_POINT},
    )
    return user


def test_the_obligation_list_is_paged_with_its_filters_kept(client_for):
    url = reverse("monitoring:obligations", args=["2009Q1"])
    owed = Obligation.objects.filter(period__code="2009Q1", node__chapter="prevention")
    total = owed.count()
    assert total > 100
    client = client_for("onac")
    first = client.get(url, {"chapter": "prevention"})
    page = first.context["page"]
    assert (page.paginator.count, len(page.object_list)) == (total, 50)
    body = first.content.decode()
    assert f"{total} reports owed" in body
    assert 'href="?chapter=prevention&amp;page=2"' in body
    last = client.get(url, {"chapter": "prevention", "page": "999"}, HTTP_HX_REQUEST="true")
    rows = last.context["page"].object_list
    assert len(rows) == total - 50 * (page.paginator.num_pages - 1)
    assert {o.node.chapter for o in rows} == {"prevention"}
    assert "<html" not in last.content.decode() and 'aria-live="polite"' in last.content.decode()
    assert client.get(url, {"page": "x"}).context["page"].number == 1
