"""Generations: the audit head remembers, per area, the newest entry that changed data."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from lidhja.audit.domain import services as audit
from lidhja.audit.domain.generations import UnknownArea, generation, one_reading


def _record(action):
    with transaction.atomic():
        return audit.record(action, object_type="test.object", object_id="1")


@pytest.mark.django_db
def test_a_write_moves_its_area_and_only_its_area():
    before_cases = generation("case")
    saved = _record("monitoring.report_saved")
    assert generation("monitoring") == saved.seq
    assert generation("case") == before_cases
    assert generation("case", "monitoring") == saved.seq
    accepted = _record("monitoring.report_accepted")
    assert generation("monitoring") == accepted.seq > saved.seq


@pytest.mark.django_db
def test_reads_and_downloads_leave_the_generation_alone():
    noted = _record("case.note_added")
    _record("case.viewed")
    _record("case.person_viewed")
    _record("monitoring.document_exported")
    assert generation("case") == noted.seq
    assert generation("monitoring") < noted.seq


@pytest.mark.django_db
def test_a_rolled_back_write_leaves_the_generation_alone():
    before = generation("monitoring")
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record("monitoring.report_saved", object_type="test.object", object_id="1")
        raise RuntimeError("the change failed after its entry")
    assert generation("monitoring") == before


@pytest.mark.django_db
def test_a_restore_renews_every_area():
    _record("monitoring.report_saved")
    restored = _record("backup.restored")
    assert generation("monitoring") == generation("case") == restored.seq


@pytest.mark.django_db
def test_an_unknown_area_is_refused():
    with pytest.raises(UnknownArea):
        generation("monitorin")
    with pytest.raises(UnknownArea):
        generation()


@pytest.mark.django_db
def test_a_request_reads_the_head_once_until_it_writes():
    """The first generation of a request reads the head; the later ones reuse that reading,
    until the request appends an entry: from then on each reads the head, and sees it."""
    with one_reading():
        with CaptureQueriesContext(connection) as reads:
            first = generation("monitoring")
            assert generation("case", "monitoring") >= first
        assert len(reads) == 1
        saved = _record("monitoring.report_saved")
        with CaptureQueriesContext(connection) as reads:
            assert generation("monitoring") == saved.seq
            assert generation("monitoring") == saved.seq
        assert len(reads) == 2


@pytest.mark.django_db
def test_after_a_rolled_back_write_a_request_reads_the_head_without_it():
    with one_reading():
        before = generation("monitoring")
        with pytest.raises(RuntimeError), transaction.atomic():
            audit.record("monitoring.report_saved", object_type="test.object", object_id="1")
            assert generation("monitoring") > before  # its own write, inside
            raise RuntimeError("the change failed after its entry")
        assert generation("monitoring") == before


@pytest.mark.django_db
def test_outside_a_request_every_generation_reads_the_head():
    with CaptureQueriesContext(connection) as reads:
        generation("monitoring")
        generation("monitoring")
    assert len(reads) == 2
