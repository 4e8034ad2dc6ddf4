"""The assessment workflow's services: each transition, a stale version, the permission
re-check, the audit entries (fields named, never text)."""

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from lidhja.accounts.domain.errors import PermissionDenied, StaleObject
from lidhja.audit.models import AuditEntry
from lidhja.organisations.models import Organisation
from lidhja.regional.domain import services
from lidhja.regional.domain.halves import Half
from lidhja.regional.models import Assessment, AssessmentEvent
from tests.regional.helpers import COMPLETE

H1 = Half(2009, 1)


@pytest.fixture
def tirana():
    return Organisation.objects.get(code="RCAT-TR")


@pytest.fixture
def draft(persona, tirana):
    return services.start_assessment(tirana, H1, by=persona("rcat"))


def _fill(assessment, user):
    for name, data in COMPLETE.items():
        assessment = services.save_section(
            assessment, name, data, version=assessment.version, by=user
        )
    return assessment


def _actions(assessment) -> list[str]:
    return list(
        AuditEntry.objects.filter(
            object_type="regional.assessment", object_id=str(assessment.pk)
        ).values_list("action", flat=True)
    )


def test_a_member_starts_the_assessment_of_the_committee(draft, tirana):
    assert (draft.organisation, draft.year, draft.half, draft.status) == (tirana, 2009, 1, "draft")
    assert _actions(draft) == ["regional.assessment_started"]


def test_no_one_starts_another_committees_assessment(persona):
    shkoder = Organisation.objects.get(code="RCAT-SH")
    for who in ("rcat", "onac", "observer", "social_tirana"):
        with pytest.raises(PermissionDenied):
            services.start_assessment(shkoder, H1, by=persona(who))
    assert not Assessment.objects.exists()


def test_a_half_year_is_assessed_once_and_not_before_it_begins(draft, persona, tirana):
    with pytest.raises(services.WrongState):
        services.start_assessment(tirana, H1, by=persona("rcat"))
    future = Half(date.today().year + 1, 1)
    with pytest.raises(ValidationError) as refused:
        services.start_assessment(tirana, future, by=persona("rcat"))
    assert "half" in refused.value.message_dict
    assert Assessment.objects.count() == 1


def test_saving_a_section_names_the_fields_in_the_audit_never_the_text(draft, persona):
    saved = services.save_section(
        draft, "trends", COMPLETE["trends"], version=draft.version, by=persona("rcat")
    )
    assert saved.version == 2
    assert saved.trends_text == "Synthetic: recruitment through job offers is rising."
    assert saved.trends["labour"] == "increasing"
    assert saved.trends["begging"] == "unknown"  # every area gets a direction
    entry = AuditEntry.objects.get(action="regional.assessment_saved")
    assert entry.changes == {"fields": ["trends", "trends_text"], "section": "trends"}
    assert "Synthetic" not in json.dumps(entry.changes) + entry.reason


def test_a_stale_version_changes_nothing(draft, persona):
    user = persona("rcat")
    services.save_section(draft, "narrative", {"narrative": "First."}, version=1, by=user)
    with pytest.raises(StaleObject):
        services.save_section(draft, "narrative", {"narrative": "Second."}, version=1, by=user)
    draft.refresh_from_db()
    assert (draft.narrative, draft.version) == ("First.", 2)
    assert _actions(draft).count("regional.assessment_saved") == 1


def test_a_bad_row_is_refused_naming_its_cell(draft, persona):
    rows = {"risks": [{"risk": "Synthetic", "likelihood": "certain", "groups": "Youth"}]}
    with pytest.raises(ValidationError) as refused:
        services.save_section(draft, "risks", rows, version=1, by=persona("rcat"))
    assert list(refused.value.message_dict) == ["risks.1.likelihood"]
    draft.refresh_from_db()
    assert (draft.risks, draft.version) == ([], 1)


def test_only_the_committee_writes_its_assessment(draft, persona):
    for who in ("onac", "observer", "ra"):
        with pytest.raises(PermissionDenied):
            services.save_section(
                draft, "narrative", {"narrative": "x"}, version=1, by=persona(who)
            )
    draft.refresh_from_db()
    assert draft.narrative == ""


def test_an_incomplete_assessment_cannot_be_submitted(draft, persona):
    with pytest.raises(ValidationError) as refused:
        services.transition(draft, "submit", version=1, by=persona("rcat"))
    assert sorted(refused.value.message_dict) == ["narrative", "needs", "risks", "trends_text"]
    draft.refresh_from_db()
    assert (draft.status, draft.computed) == ("draft", None)


def test_submit_accept(draft, persona):
    filled = _fill(draft, persona("rcat"))
    submitted = services.transition(filled, "submit", version=filled.version, by=persona("rcat"))
    assert submitted.status == "submitted"
    assert submitted.computed["half"] == "2009H1"
    assert submitted.submitted_at is not None
    with pytest.raises(PermissionDenied):
        services.transition(submitted, "accept", version=submitted.version, by=persona("rcat"))
    with pytest.raises(services.WrongState):
        services.save_section(
            submitted,
            "narrative",
            {"narrative": "x"},
            version=submitted.version,
            by=persona("rcat"),
        )
    accepted = services.transition(
        submitted, "accept", version=submitted.version, by=persona("onac")
    )
    assert accepted.status == "accepted"
    with pytest.raises(services.WrongState):
        services.transition(
            accepted, "return", version=accepted.version, by=persona("onac"), comment="x"
        )
    assert _actions(accepted)[-2:] == [
        "regional.assessment_submitted",
        "regional.assessment_accepted",
    ]
    steps = list(AssessmentEvent.objects.values_list("from_status", "to_status"))
    assert steps == [("draft", "submitted"), ("submitted", "accepted")]


def test_return_needs_a_comment_and_the_assessment_comes_back(draft, persona):
    filled = _fill(draft, persona("rcat"))
    submitted = services.transition(filled, "submit", version=filled.version, by=persona("rcat"))
    with pytest.raises(ValidationError) as refused:
        services.transition(submitted, "return", version=submitted.version, by=persona("onac"))
    assert list(refused.value.message_dict) == ["comment"]
    returned = services.transition(
        submitted,
        "return",
        version=submitted.version,
        by=persona("onac"),
        comment="Synthetic: add the services of the qark.",
    )
    assert (returned.status, returned.review_comment) == (
        "returned",
        "Synthetic: add the services of the qark.",
    )
    entry = AuditEntry.objects.get(action="regional.assessment_returned")
    assert entry.changes == {"status": ["submitted", "returned"]}
    assert "Synthetic" not in entry.reason
    again = services.save_section(
        returned,
        "narrative",
        {"narrative": "Synthetic, revised."},
        version=returned.version,
        by=persona("rcat"),
    )
    resubmitted = services.transition(again, "submit", version=again.version, by=persona("rcat"))
    assert resubmitted.status == "submitted"
    assert resubmitted.submitted_at == submitted.submitted_at
    assert resubmitted.last_submitted_at > submitted.last_submitted_at


def test_a_stale_transition_is_refused(draft, persona):
    filled = _fill(draft, persona("rcat"))
    with pytest.raises(StaleObject):
        services.transition(filled, "submit", version=filled.version - 1, by=persona("rcat"))
    filled.refresh_from_db()
    assert filled.status == "draft"


def test_a_null_character_or_a_non_text_cell_is_refused(draft, persona):
    user = persona("rcat")
    with pytest.raises(ValidationError) as refused:
        services.save_section(draft, "narrative", {"narrative": "a\x00b"}, version=1, by=user)
    assert list(refused.value.message_dict) == ["narrative"]
    rows = {"needs": [{"need": ["x"], "priority": "low", "actor": "ONAC"}]}
    with pytest.raises(ValidationError) as refused:
        services.save_section(draft, "needs", rows, version=1, by=user)
    assert list(refused.value.message_dict) == ["needs.1.need"]
