"""Submitting a period's ready drafts together, after the review list."""

import pytest
from django.urls import reverse

from lidhja.audit.models import AuditEntry
from lidhja.monitoring.domain import batch, services
from lidhja.monitoring.models import Obligation, ProgressReport, ReportEvent

URL = reverse("monitoring:submit_ready", args=["2009Q1"])


def _asp():
    return list(
        Obligation.objects.filter(period__code="2009Q1", organisation__code="ASP")
        .select_related("node")
        .order_by("node__position", "pk")
    )


@pytest.fixture
def drafts(persona):
    """Three ASP drafts: two ready, one without a narrative; the rest not started."""
    focal = persona("focal_asp")
    first, second, third = _asp()[:3]
    ready = [
        services.save_report(
            o,
            {"implementation_status": "on_track", "narrative": "Held.", "currency": "ALL"},
            version=None,
            by=focal,
        )
        for o in (first, third)
    ]
    incomplete = services.save_report(
        second,
        {"implementation_status": "delayed", "expenditure": 10, "currency": "ALL"},
        version=None,
        by=focal,
    )
    return ready, incomplete


def _posted(reports):
    return {"report": [f"{r.pk}:{r.version}" for r in reports]}


def _state():
    return (
        list(ProgressReport.objects.order_by("pk").values_list("pk", "status", "version")),
        ReportEvent.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "missing", "not_started"),
    [
        (
            "en",
            ["Describe the progress made in the period.", "Say where the money came from."],
            "Not started: there is no draft yet.",
        ),
        (
            "sq",
            ["Përshkruani progresin e arritur gjatë periudhës.", "Tregoni nga kanë ardhur fondet."],
            "Pa filluar: nuk ka ende version paraprak.",
        ),
    ],
)
def test_the_review_list_says_what_is_ready_and_why_the_rest_is_not(
    client_for, drafts, lang, missing, not_started
):
    ready, incomplete = drafts
    client = client_for("focal_asp")
    client.cookies["lidhja_language"] = lang
    response = client.get(URL)
    assert response.status_code == 200
    assert [c.report.pk for c in response.context["ready"]] == [r.pk for r in ready]
    not_ready = response.context["not_ready"]
    assert (not_ready[0].report.pk, not_ready[0].missing) == (incomplete.pk, missing)
    assert {tuple(c.missing) for c in not_ready[1:]} == {(not_started,)}
    assert len(not_ready) == len(_asp()) - 2
    html = response.content.decode()
    for report in ready:
        assert f'<input type="hidden" name="report" value="{report.pk}:{report.version}">' in html
    assert html.count('<div class="table-scroll"') == 2


@pytest.mark.django_db
def test_all_ready_drafts_are_submitted_in_one_action(client_for, drafts):
    ready, incomplete = drafts
    client = client_for("focal_asp")
    before = AuditEntry.objects.count()
    response = client.post(URL, _posted(ready))
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:obligations", args=["2009Q1"])
    statuses = dict(ProgressReport.objects.values_list("pk", "status"))
    assert statuses == {ready[0].pk: "submitted", ready[1].pk: "submitted", incomplete.pk: "draft"}
    entries = AuditEntry.objects.order_by("pk")[before:]
    assert [(e.action, e.object_id) for e in entries] == [
        ("monitoring.report_submitted", str(pk)) for pk in sorted(r.pk for r in ready)
    ]
    assert ReportEvent.objects.filter(to_status="submitted").count() == 2


@pytest.mark.django_db
def test_a_report_changed_since_the_list_was_shown_stops_the_whole_batch(
    client_for, drafts, persona
):
    ready, _incomplete = drafts
    posted = _posted(ready)
    services.save_report(
        ready[1].obligation,
        {"implementation_status": "completed", "narrative": "Done.", "currency": "ALL"},
        version=ready[1].version,
        by=persona("focal_asp"),
    )
    client = client_for("focal_asp")
    before = _state()
    response = client.post(URL, posted)
    assert response.status_code == 409
    assert response.context["error"] == (
        "The reports changed after the list was shown. Check the list again, then submit."
    )
    assert _state() == before


@pytest.mark.django_db
def test_a_report_that_became_ready_meanwhile_stops_the_batch(client_for, drafts, persona):
    ready, incomplete = drafts
    services.save_report(
        incomplete.obligation,
        {"implementation_status": "delayed", "narrative": "Late.", "funding_source": "state"},
        version=incomplete.version,
        by=persona("focal_asp"),
    )
    client = client_for("focal_asp")
    before = _state()
    assert client.post(URL, _posted(ready)).status_code == 409
    assert _state() == before


@pytest.mark.django_db
def test_nothing_is_submitted_if_one_submission_fails(client_for, drafts, monkeypatch):
    ready, _incomplete = drafts
    real = batch.transition
    calls = []

    def failing(report, name, **kwargs):
        calls.append(report.pk)
        if len(calls) == 2:
            raise services.WrongState("refused")
        return real(report, name, **kwargs)

    monkeypatch.setattr(batch, "transition", failing)
    client = client_for("focal_asp")
    before = _state()
    response = client.post(URL, _posted(ready))
    assert response.status_code == 409 and response.context["error"] == "refused"
    assert calls == sorted(r.pk for r in ready)  # a stable order
    assert _state() == before


@pytest.mark.django_db
@pytest.mark.parametrize("posted", [{"report": ["x:1"]}, {"report": ["1:1", "1:2"]}])
def test_an_unreadable_list_is_refused(client_for, drafts, posted):
    client = client_for("focal_asp")
    before = _state()
    assert client.post(URL, posted).status_code == 400
    assert _state() == before


@pytest.mark.django_db
def test_with_nothing_ready_the_button_is_not_offered(client_for):
    response = client_for("focal_asp").get(URL)
    assert response.context["ready"] == []
    assert "No report is ready to submit." in response.content.decode()
    assert client_for("focal_asp").post(URL, {}).status_code == 409
