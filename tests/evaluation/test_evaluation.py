from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lidhja.accounts.domain.errors import PermissionDenied, StaleObject
from lidhja.audit.models import AuditEntry
from lidhja.evaluation.domain import services
from lidhja.evaluation.models import RemedialAction
from lidhja.organisations.models import Organisation
from lidhja.plans.models import PlanNode


@pytest.fixture
def activities(seed_plan):
    return list(PlanNode.objects.filter(plan=seed_plan, level="activity").order_by("position")[:3])


def test_share_of_activities_evaluated(seed_plan, activities, persona):
    onac = persona("onac")
    for node in activities[:2]:
        services.record_evaluation(
            node,
            evaluator="External evaluator",
            evaluated_on=date(2009, 11, 2),
            findings="Partly done.",
            rating="partly_satisfactory",
            by=onac,
        )
    services.record_evaluation(
        activities[0],
        evaluator="Second look",
        evaluated_on=date(2010, 3, 1),
        findings="Done.",
        rating="satisfactory",
        by=onac,
    )
    evaluated, total, share = services.evaluated_share(seed_plan)
    assert (evaluated, total) == (
        2,
        PlanNode.objects.filter(plan=seed_plan, level="activity").count(),
    )
    assert share == (Decimal(200) / total).quantize(Decimal("0.1"))


def test_only_activities_are_evaluated_and_only_by_onac(seed_plan, persona):
    aim = PlanNode.objects.get(plan=seed_plan, chapter="protection", code="1")
    with pytest.raises(ValidationError):
        services.record_evaluation(
            aim,
            evaluator="x",
            evaluated_on=date(2009, 1, 1),
            findings="x",
            rating="satisfactory",
            by=persona("onac"),
        )
    with pytest.raises(PermissionDenied):
        services.record_evaluation(
            aim,
            evaluator="x",
            evaluated_on=date(2009, 1, 1),
            findings="x",
            rating="satisfactory",
            by=persona("focal_asp"),
        )


def test_remedial_action_is_tracked_to_closure(activities, persona):
    onac = persona("onac")
    action = services.open_action(
        activities[0],
        description="Appoint a focal point",
        owner=Organisation.objects.get(code="ASP"),
        due_date=date(2009, 6, 30),
        by=onac,
    )
    action = services.move_action(action, "in_progress", version=1, by=onac)
    with pytest.raises(ValidationError) as error:
        services.move_action(action, "closed", version=action.version, by=onac)
    assert list(error.value.message_dict) == ["note"]
    with pytest.raises(StaleObject):
        services.move_action(action, "closed", version=1, by=onac, note="Done")
    action = services.move_action(
        action, "closed", version=action.version, by=onac, note="Appointed"
    )
    assert (action.status, action.closure_note) == ("closed", "Appointed") and action.closed_on
    with pytest.raises(ValidationError):
        services.move_action(action, "open", version=action.version, by=onac)
    moves = AuditEntry.objects.filter(action="evaluation.action_moved", object_id=str(action.pk))
    assert [e.changes["status"] for e in moves] == [
        ["open", "in_progress"],
        ["in_progress", "closed"],
    ]


def test_evaluation_page(client_for, activities):
    client = client_for("onac")
    response = client.post(
        reverse("evaluation:new_action"),
        {"node": activities[1].pk, "description": "", "owner": "ASP", "due_date": "2009-06-30"},
    )
    assert response.status_code == 400 and "description" in response.context["action_form"].errors
    response = client.post(
        reverse("evaluation:new_action"),
        {"node": activities[1].pk, "description": "Fix", "owner": "ASP", "due_date": "2009-06-30"},
    )
    assert response.status_code == 302
    page = client_for("observer").get(reverse("evaluation:overview"))
    assert page.context["evaluation_form"] is None
    assert [a.description for a, _form in page.context["actions"]] == ["Fix"]
    assert RemedialAction.objects.get().owner.code == "ASP"


def test_evaluation_report_file_is_kept_and_served(client_for, activities):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lidhja.evaluation.models import Evaluation

    client = client_for("onac")
    form = {
        "node": activities[0].pk,
        "evaluator": "External",
        "evaluated_on": "2009-11-02",
        "rating": "satisfactory",
        "findings": "Good",
    }
    bad = client.post(
        reverse("evaluation:new_evaluation"),
        {**form, "file": SimpleUploadedFile("report.pdf", b"not a pdf")},
    )
    assert bad.status_code == 400 and "file" in bad.context["evaluation_form"].errors
    assert not Evaluation.objects.exists()
    ok = client.post(
        reverse("evaluation:new_evaluation"),
        {**form, "file": SimpleUploadedFile("report.pdf", b"%PDF-1.4 evaluation")},
    )
    assert ok.status_code == 302
    evaluation = Evaluation.objects.get()
    response = client_for("observer").get(reverse("evaluation:file", args=[evaluation.pk]))
    assert b"".join(response.streaming_content) == b"%PDF-1.4 evaluation"
    assert (
        client_for("police").get(reverse("evaluation:file", args=[evaluation.pk])).status_code
        == 403
    )
