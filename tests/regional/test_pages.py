"""The committee member's home page, the assessment pages and the API, over synthetic data."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lidhja.cases.models import Escalation
from lidhja.coordination.domain import access
from lidhja.coordination.domain import services as coordination
from lidhja.coordination.models import Body
from lidhja.monitoring.models import Obligation, ReportingPeriod
from lidhja.organisations.models import Organisation
from lidhja.plans.models import PlanNode
from lidhja.regional.domain import home as regional_home
from lidhja.regional.domain import services
from lidhja.regional.domain.halves import Half
from lidhja.regional.models import Assessment
from tests.regional.helpers import COMPLETE, Row, add_cases


def _escalate(case, persona):
    Escalation.objects.create(
        case=case,
        level="rcat",
        reason="inter_regional",
        raised_by=persona("ra"),
        raised_at=timezone.now(),
    )


@pytest.mark.django_db
def test_the_committee_member_reports_what_the_committee_owes(client_for):
    # A committee has no focal point: its members write the reports it owes, from its home.
    owed = Obligation.objects.get(
        period__code="2009Q1",
        organisation__code="RCAT-TR",
        node=PlanNode.objects.get(chapter="coordination", code="2.(a).1.4"),
    )
    other = Obligation.objects.get(
        period__code="2009Q1",
        organisation__code="RCAT-SH",
        node=owed.node,
    )
    client = client_for("rcat")
    url = reverse("monitoring:report", args=[owed.pk])
    assert f'href="{url}"' in client.get(reverse("regional:home")).content.decode()
    form = {"implementation_status": "on_track", "narrative": "Met twice.", "currency": "ALL"}
    assert client.post(url, form).status_code == 302
    owed.refresh_from_db()
    assert owed.report.implementation_status == "on_track"
    assert (
        client.post(reverse("monitoring:submit", args=[owed.pk]), {"version": 1}).status_code == 302
    )
    assert owed.report.__class__.objects.get(pk=owed.report.pk).status == "submitted"
    assert client.get(reverse("monitoring:report", args=[other.pk])).status_code == 404
    assert client.post(reverse("monitoring:report", args=[other.pk]), form).status_code == 404
    assert not hasattr(Obligation.objects.get(pk=other.pk), "report")


@pytest.mark.django_db
def test_the_committee_member_lands_on_the_home_of_the_own_qark(client_for, persona, settings):
    settings.LIDHJA_PUBLICATION_THRESHOLD = 5
    # The committee owes reports in 2009Q1 as a member of the RCATs (class expansion), the
    # situation assessment 2.(a).1.4 among them: the home shows 2009H1 and 2008H2.
    owed = Obligation.objects.filter(
        period=ReportingPeriod.objects.get(code="2009Q1"),
        organisation=Organisation.objects.get(code="RCAT-TR"),
    ).order_by("node__position")
    assessment = owed.get(node=PlanNode.objects.get(chapter="coordination", code="2.(a).1.4"))
    assert assessment.via.code == "RCATS"
    add_cases([Row("MUN-TR", "female", "18-24", times=7)])
    add_cases([Row("MUN-SH", "male", "18-24", qark="shkoder", times=9)])
    (tirana_case,) = add_cases([Row("MUN-TR", "female", "25-34", on=date(2008, 12, 1))])
    (shkoder_case,) = add_cases([Row("MUN-SH", "female", "25-34", qark="shkoder")])
    _escalate(tirana_case, persona)
    _escalate(shkoder_case, persona)
    client = client_for("rcat")
    assert client.get(reverse("core:home"))["Location"] == reverse("regional:home")
    response = client.get(reverse("regional:home"))
    assert response.status_code == 200
    home = response.context["home"]
    assert [table.qark for table in home.tables] == ["tirane", "tirane"]
    assert [table.half for table in home.tables] == ["2009H1", "2008H2"]
    assert home.tables[0].rows["total"]["all"] == 7
    assert home.tables[1].rows["total"]["all"] is None  # the one escalated case: hidden
    assert [e.case.code for e in home.escalations] == [tirana_case.code]
    body = response.content.decode()
    assert tirana_case.code in body and shkoder_case.code not in body
    assert "MUN-SH" not in str([t.rows for t in home.tables])
    assert home.period.code == "2009Q1"
    assert [o.pk for o in home.obligations] == [o.pk for o in owed]
    assert assessment in home.obligations
    assert [slot.half.code for slot in home.assessments] == ["2008H2", "2009H1"]
    assert "Meetings of your committee and the bodies it sits on" in body
    assert home.meetings == [] == regional_home.meetings(persona("rcat").organisation)


def test_the_home_lists_the_meetings_of_the_own_committee(client_for, persona):
    onac = persona("onac")
    today = timezone.localdate()
    held = coordination.record_meeting(
        Body.objects.get(code="RCAT-TR"), date=date(2009, 3, 5), status="held", by=onac
    )
    planned = coordination.record_meeting(
        Body.objects.get(code="RCAT-TR"), date=today + timedelta(days=20), by=onac
    )
    other = coordination.record_meeting(
        Body.objects.get(code="RCAT-SH"), date=today + timedelta(days=10), by=onac
    )
    task_force = Body.objects.get(code="NTF")
    assert Body.objects.filter(access.involving(persona("rcat").organisation_id), pk=task_force.pk)
    national = [
        coordination.record_meeting(task_force, date=date(2010, month, 1), status="held", by=onac)
        for month in (3, 6, 9, 12)
    ]
    response = client_for("rcat").get(reverse("regional:home"))
    # The committee's own meetings come first, however many the Task Force held since.
    assert response.context["home"].meetings == [planned, held, *reversed(national[1:])]
    body = response.content.decode()
    assert reverse("coordination:body", args=["RCAT-TR"]) in body
    assert reverse("coordination:meeting", args=[planned.pk]) in body
    assert reverse("coordination:meeting", args=[other.pk]) not in body
    # The link leads to a page the committee member may read.
    assert (
        client_for("rcat").get(reverse("coordination:meeting", args=[held.pk])).status_code == 200
    )


@pytest.mark.django_db
def test_other_roles_keep_the_general_home(client_for):
    assert client_for("onac").get(reverse("core:home")).status_code == 200


@pytest.fixture
def draft(persona):
    return services.start_assessment(
        Organisation.objects.get(code="RCAT-TR"), Half(2009, 1), by=persona("rcat")
    )


@pytest.mark.django_db
def test_a_section_form_comes_by_htmx_and_names_the_bad_cell(client_for, draft):
    client = client_for("rcat")
    url = reverse("regional:section", args=["RCAT-TR", "2009H1", "risks"])
    partial = client.get(url, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    assert b"<html" not in partial.content and b'name="risks-0-risk"' in partial.content
    data = {
        "version": draft.version,
        "risks-TOTAL_FORMS": "2",
        "risks-INITIAL_FORMS": "0",
        "risks-0-risk": "Synthetic risk",
        "risks-0-likelihood": "",
        "risks-0-groups": "Youth",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Fill in every cell of the row, or none." in refused.content.decode()
    draft.refresh_from_db()
    assert (draft.risks, draft.version) == ([], 1)
    data["risks-0-likelihood"] = "medium"
    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.risks == [{"risk": "Synthetic risk", "likelihood": "medium", "groups": "Youth"}]
    data["version"] = 1  # stale now
    assert client.post(url, data).status_code == 409


@pytest.mark.django_db
def test_the_review_page_shows_readable_text_and_onac_returns(client_for, persona, draft):
    user = persona("rcat")
    for name, data in COMPLETE.items():
        draft = services.save_section(draft, name, data, version=draft.version, by=user)
    client = client_for("rcat")
    url = reverse("regional:assessment", args=["RCAT-TR", "2009H1"])
    assert (
        client.post(
            reverse("regional:submit", args=["RCAT-TR", "2009H1"]), {"version": draft.version}
        ).status_code
        == 302
    )
    onac = client_for("onac")
    page = onac.get(url).content.decode()
    assert "Synthetic narrative of the committee." in page
    assert "Synthetic seasonal work abroad" in page and "High" in page
    assert "disabled" not in page and "<textarea" in page  # the review comment only
    submitted = Assessment.objects.get()
    review = reverse("regional:review", args=["RCAT-TR", "2009H1"])
    missing = onac.post(review, {"version": submitted.version, "decision": "return"})
    assert missing.status_code == 400
    assert (
        onac.post(
            review,
            {"version": submitted.version, "decision": "return", "comment": "Synthetic: more."},
        ).status_code
        == 302
    )
    assert Assessment.objects.get().status == "returned"


@pytest.mark.django_db
def test_the_list_shows_missing_and_overdue_assessments(client_for, draft):
    response = client_for("onac").get(reverse("regional:list") + "?year=2009")
    rows = response.context["rows"]
    assert len(rows) == 12
    tirana = next(slots for slots in rows if slots[0].organisation.code == "RCAT-TR")
    assert [(s.assessment is not None, s.overdue) for s in tirana] == [(True, True), (False, True)]
    own = client_for("rcat").get(reverse("regional:list") + "?year=2009").context["rows"]
    assert [slots[0].organisation.code for slots in own] == ["RCAT-TR"]


@pytest.mark.django_db
def test_the_api_saves_a_section_and_names_the_bad_cell(client_for, draft):
    client = client_for("rcat")
    url = reverse("regional-api:section", args=["RCAT-TR", "2009H1", "needs"])
    bad = {"version": 1, "needs": [{"need": "Synthetic", "priority": "urgent", "actor": "ONAC"}]}
    refused = client.put(url, bad, content_type="application/json")
    assert refused.status_code == 400
    assert list(refused.json()) == ["needs.1.priority"]
    good = {"version": 1, "needs": [{"need": "Synthetic", "priority": "low", "actor": "ONAC"}]}
    saved = client.put(url, good, content_type="application/json")
    assert saved.status_code == 200
    assert saved.json()["needs"] == good["needs"]
    assert saved.json()["version"] == 2
    assert client.put(url, good, content_type="application/json").status_code == 409
    detail = client.get(reverse("regional-api:assessment", args=["RCAT-TR", "2009H1"])).json()
    assert detail["frozen"] is False
    assert set(detail["cases"]) == {"total"}


@pytest.mark.django_db
def test_the_downloads(client_for, draft):
    client = client_for("observer")
    xlsx = client.get(reverse("regional:download", args=["RCAT-TR", "2009H1", "xlsx"]))
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    pdf = client.get(reverse("regional:download", args=["RCAT-TR", "2009H1", "pdf"]))
    assert (pdf.status_code, pdf.content[:5]) == (200, b"%PDF-")
    assert (
        client.get(reverse("regional:download", args=["RCAT-TR", "2009H1", "csv"])).status_code
        == 404
    )


@pytest.mark.django_db
def test_the_list_reads_a_fixed_number_of_queries(client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("onac")
    url = reverse("regional:list") + "?year=2009"
    client.get(url)  # the session, once

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    empty = queries()
    for org in Organisation.objects.filter(code__startswith="RCAT-", collective=False):
        for half in (1, 2):
            Assessment.objects.create(organisation=org, year=2009, half=half)
    assert queries() == empty
