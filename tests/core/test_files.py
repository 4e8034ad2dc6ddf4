"""Private files follow the transaction of their row, and are sealed at rest: report evidence,
evaluation files and case files alike."""

from datetime import date
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from lidhja.cases.domain import crypto
from lidhja.core import files, sealed
from lidhja.evaluation.domain import services as evaluation
from lidhja.evaluation.models import Evaluation
from lidhja.monitoring.domain import services
from lidhja.monitoring.domain.evidence import add_evidence, evidence_content
from lidhja.monitoring.models import Evidence, Obligation
from lidhja.plans.models import PlanNode

SECRET = b"%PDF-1.4\n% the names of the shelter staff\n"


class Boom(RuntimeError):
    pass


def _stored() -> list:
    root = settings.LIDHJA_PRIVATE_FILES
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def report(persona):
    obligation = Obligation.objects.filter(period__code="2009Q1", organisation__code="ASP").first()
    return services.save_report(
        obligation,
        {"implementation_status": "on_track", "narrative": "x", "currency": "ALL"},
        version=None,
        by=persona("focal_asp"),
    )


def _fail_audit(monkeypatch, module) -> None:
    def fail(*args, **kwargs):
        raise Boom

    monkeypatch.setattr(module.audit, "record", fail)


def test_a_failing_evidence_service_leaves_no_file(report, persona, monkeypatch):
    from lidhja.monitoring.domain import evidence

    _fail_audit(monkeypatch, evidence)
    with pytest.raises(Boom):
        add_evidence(report, "training.pdf", SECRET, by=persona("focal_asp"))
    assert _stored() == []
    assert not Evidence.objects.exists()


def test_a_failing_evaluation_service_leaves_no_file(seed_plan, persona, monkeypatch):
    _fail_audit(monkeypatch, evaluation)
    node = PlanNode.objects.filter(plan=seed_plan, level="activity").first()
    with pytest.raises(Boom):
        evaluation.record_evaluation(
            node,
            evaluator="External",
            evaluated_on=date(2009, 11, 2),
            findings="Good",
            rating="satisfactory",
            by=persona("onac"),
            upload=("report.pdf", SECRET),
        )
    assert _stored() == []
    assert not Evaluation.objects.exists()


def test_a_file_written_in_a_block_that_rolls_back_later_is_removed(report, persona):
    with pytest.raises(Boom), files.atomic():
        add_evidence(report, "training.pdf", SECRET, by=persona("focal_asp"))
        assert len(_stored()) == 1  # the service succeeded; the outer block fails
        raise Boom
    assert _stored() == []
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_a_file_is_written_only_inside_a_block_that_can_undo_it(tmp_path):
    with pytest.raises(RuntimeError, match=r"inside lidhja\.core\.files\.atomic"):
        files.write_file(tmp_path / "x", b"x")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_a_deletion_waits_for_the_commit(tmp_path, django_capture_on_commit_callbacks):
    kept, removed = tmp_path / "kept", tmp_path / "removed"
    kept.write_bytes(b"k")
    removed.write_bytes(b"r")
    with pytest.raises(Boom), transaction.atomic():
        files.delete_on_commit(kept)
        raise Boom
    assert kept.read_bytes() == b"k"
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        files.delete_on_commit(removed)
        assert removed.exists()  # still there until the commit
    assert not removed.exists() and kept.exists()


def test_evidence_is_sealed_on_disk_and_opens_for_a_reader(report, persona, client_for):
    evidence = add_evidence(report, "training.pdf", SECRET, by=persona("focal_asp"))
    (path,) = _stored()
    raw = (settings.LIDHJA_PRIVATE_FILES / path).read_bytes()
    assert b"shelter staff" not in raw and not raw.startswith(b"%PDF")
    assert raw.startswith(crypto.MAGIC)
    assert "training" not in str(path)  # the name on disk says nothing either
    assert (settings.LIDHJA_PRIVATE_FILES / path).stat().st_mode & 0o777 == 0o600
    response = client_for("onac").get(reverse("monitoring:evidence", args=[evidence.pk]))
    assert b"".join(response.streaming_content) == SECRET
    assert response["Content-Disposition"] == 'attachment; filename="training.pdf"'


def test_a_sealed_file_does_not_open_under_another_name(report, persona):
    first = add_evidence(report, "a.pdf", SECRET, by=persona("focal_asp"))
    second = add_evidence(report, "b.pdf", b"%PDF-1.4 other", by=persona("focal_asp"))
    files.private_path(second.file.name).write_bytes(
        files.private_path(first.file.name).read_bytes()
    )
    with pytest.raises(crypto.Tampered):
        evidence_content(second)


def test_evaluation_files_are_sealed_on_disk(seed_plan, persona):
    node = PlanNode.objects.filter(plan=seed_plan, level="activity").first()
    record = evaluation.record_evaluation(
        node,
        evaluator="External",
        evaluated_on=date(2009, 11, 2),
        findings="Good",
        rating="satisfactory",
        by=persona("onac"),
        upload=("report.pdf", SECRET),
    )
    raw = files.private_path(record.file.name).read_bytes()
    assert b"shelter staff" not in raw and raw.startswith(crypto.MAGIC)
    assert evaluation.evaluation_file(record) == SECRET


def test_plain_files_from_before_sealing_are_sealed_by_the_command(report, persona):
    evidence = add_evidence(report, "a.pdf", SECRET, by=persona("focal_asp"))
    legacy = "evidence/2009/04/old-training.pdf"  # as the file storage used to name them
    files.private_path(legacy).parent.mkdir(parents=True)
    files.private_path(legacy).write_bytes(SECRET)
    Evidence.objects.filter(pk=evidence.pk).update(file=legacy)
    evidence.refresh_from_db()
    out = StringIO()
    call_command("files", "seal", stdout=out)
    assert out.getvalue() == "1 file(s) sealed with the current key\n"
    raw = files.private_path(legacy).read_bytes()
    assert raw.startswith(crypto.MAGIC) and b"shelter staff" not in raw
    assert evidence_content(evidence) == SECRET
    call_command("files", "seal", stdout=out)  # safe to run again
    assert out.getvalue().endswith("0 file(s) sealed with the current key\n")


def test_reencryption_moves_private_files_to_the_current_key(report, persona, settings):
    evidence = add_evidence(report, "a.pdf", SECRET, by=persona("focal_asp"))
    old = crypto.keyring()
    settings.LIDHJA_CASE_KEYRING = old.rotated().dumps()
    ring = crypto.keyring()
    assert ring.current != old.current
    assert sealed.reseal_registered() == 1
    assert ring.key_of(files.private_path(evidence.file.name).read_bytes()) == ring.current
    assert evidence_content(evidence) == SECRET
