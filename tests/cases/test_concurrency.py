"""Two writers on the same case and referral at once, from two threads with their own database
connections (committed data, not the test's wrapping transaction). On PostgreSQL the row locks
decide; on SQLite the IMMEDIATE transactions do. Either way: no deadlock, and the second writer
is refused with the stale-version error, nothing half-written."""

import importlib
import re
import threading
from contextlib import nullcontext
from datetime import date
from pathlib import Path

import pytest
from django.db import connection

from lidhja.accounts.domain.errors import StaleObject
from lidhja.accounts.models import User
from lidhja.audit.models import AuditEntry, AuditHead
from lidhja.cases.domain import services
from lidhja.cases.models import Case, CaseEvent, CaseExploitation, Person, Referral
from lidhja.organisations.models import Organisation
from tests.conftest import PERSONAS

SRC = Path(__file__).resolve().parents[2] / "src" / "lidhja"
append_only = importlib.import_module("lidhja.audit.migrations.0002_append_only_triggers")


def test_every_row_lock_takes_only_its_own_table():
    """With select_related joins, PostgreSQL would otherwise lock the joined rows too."""
    calls, own = [], []
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        calls += [f"{path.name}:{m.start()}" for m in re.finditer(r"select_for_update\(", text)]
        own += [
            f"{path.name}:{m.start()}"
            for m in re.finditer(r'select_for_update\(of=\("self",\)\)', text)
        ]
    assert calls == own


@pytest.fixture
def transactional_db(django_db_setup, django_db_blocker):
    """Committed data, removed afterwards. Replaces pytest-django's fixture of that name (whose
    name also has the test database set up), which would empty every table: the append-only
    audit log refuses that, so here its guard is lifted for the clean-up only."""
    with django_db_blocker.unblock():
        head = AuditHead.objects.filter(pk=1).values("seq", "hash").first()
        cases_before = set(Case.objects.values_list("pk", flat=True))
        yield
        _remove(set(Case.objects.values_list("pk", flat=True)) - cases_before, head)
        connection.close()


def _remove(case_ids: set[int], head: dict | None) -> None:
    persons = set(Case.objects.filter(pk__in=case_ids).values_list("person_id", flat=True))
    CaseEvent.objects.filter(case_id__in=case_ids).delete()
    Referral.objects.filter(case_id__in=case_ids).delete()
    CaseExploitation.objects.filter(case_id__in=case_ids).delete()
    Case.objects.filter(pk__in=case_ids).delete()
    Person.objects.filter(pk__in=persons).delete()
    with connection.schema_editor() as editor:
        append_only.backwards(None, editor)
        AuditEntry.objects.filter(seq__gt=head["seq"] if head else 0).delete()
        if head:
            AuditHead.objects.filter(pk=1).update(**head)
        else:
            AuditHead.objects.filter(pk=1).delete()
        append_only.forwards(None, editor)


def _user(key: str) -> User:
    return User.objects.select_related("organisation").get(username=PERSONAS[key].username)


def _case_with_referral() -> tuple[Case, Referral]:
    social = _user("social_tirana")
    case = services.open_case(
        by=social,
        identity_values={"given_name": "Concurrenta", "family_name": "Testperson"},
        details={
            "kind": "trafficking",
            "identified_on": date(2026, 2, 1),
            "identification_source": "police",
            "minor_at_exploitation": False,
        },
        exploitation=["labour"],
        status="presumed",
        criteria="Synthetic grounds.",
    )
    referral = services.send_referral(
        case,
        by=social,
        version=case.version,
        values={
            "to_organisation": Organisation.objects.get(code="DEQ"),
            "service": "shelter",
            "shared": [],
        },
    )
    return case, referral


def _race(*calls) -> list[object]:
    """Run each call in its own thread, released together; what each returned or raised."""
    results: list[object] = [None] * len(calls)
    start = threading.Barrier(len(calls))
    # SQLite's test database lives in memory, where a writer that finds the database locked
    # fails at once instead of waiting as it does on a file (busy timeout): the lock waits
    # in its place. PostgreSQL's writers meet only their row locks.
    one_writer = threading.Lock() if connection.vendor == "sqlite" else nullcontext()

    def run(index: int, call) -> None:
        try:
            start.wait()
            with one_writer:
                results[index] = call()
        except Exception as exc:  # the outcome, whatever it is, is what the test compares
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a writer never finished"
    return results


@pytest.mark.usefixtures("transactional_db")
def test_two_answers_to_one_referral_one_wins_the_other_is_told_it_is_stale():
    case, referral = _case_with_referral()
    shelter = _user("shelter")
    case_version, referral_version = Case.objects.get(pk=case.pk).version, referral.version

    outcomes = _race(
        lambda: services.answer_referral(
            referral, by=shelter, version=referral_version, answer="accept"
        ),
        lambda: services.answer_referral(
            referral, by=shelter, version=referral_version, answer="decline", reason="Full."
        ),
    )

    won = [o for o in outcomes if isinstance(o, Referral)]
    refused = [o for o in outcomes if isinstance(o, StaleObject)]
    assert (len(won), len(refused)) == (1, 1), outcomes
    assert str(refused[0]) == "This referral was answered by someone else meanwhile. Reload it."
    stored = Referral.objects.get(pk=referral.pk)
    assert (stored.status, stored.version) == (won[0].status, referral_version + 1)
    assert Case.objects.get(pk=case.pk).version == case_version + 1
    answered = AuditEntry.objects.filter(action="case.referral_answered", object_id=str(case.pk))
    assert answered.count() == 1


@pytest.mark.usefixtures("transactional_db")
def test_a_note_and_a_referral_answer_on_one_case_both_pass_and_a_stale_note_is_refused():
    """Different lock paths into one case (case only; case then referral) never deadlock."""
    case, referral = _case_with_referral()
    social, shelter = _user("social_tirana"), _user("shelter")
    version = Case.objects.get(pk=case.pk).version

    outcomes = _race(
        lambda: services.add_note(case, by=social, version=version, note="First synthetic."),
        lambda: services.answer_referral(
            referral, by=shelter, version=referral.version, answer="accept"
        ),
        lambda: services.add_note(case, by=social, version=version, note="Second synthetic."),
    )

    # The answer checks the referral's version, not the case's: it always passes, and bumps
    # the case, so a note that comes after it is stale as well.
    notes = [o for o in (outcomes[0], outcomes[2]) if isinstance(o, CaseEvent)]
    stale = [o for o in (outcomes[0], outcomes[2]) if isinstance(o, services.CaseChanged)]
    assert type(outcomes[1]) is Referral, outcomes
    assert len(notes) + len(stale) == 2, outcomes
    assert len(notes) <= 1
    assert Case.objects.get(pk=case.pk).version == version + 1 + len(notes)
    assert Referral.objects.get(pk=referral.pk).status == "accepted"


@pytest.mark.usefixtures("transactional_db")
def test_an_erasure_and_a_referral_answer_lock_case_then_referral_and_never_deadlock():
    """The erasure clears the referral's text under the case lock; the answer once locked the
    referral before the case, and the two could wait on each other."""
    case, referral = _case_with_referral()
    ra, shelter = _user("ra"), _user("shelter")
    version = Case.objects.get(pk=case.pk).version

    erased, answered = _race(
        lambda: services.erase_person(
            case, by=ra, version=version, reason="person_request", basis="Synthetic request."
        ),
        lambda: services.answer_referral(
            referral, by=shelter, version=referral.version, answer="accept"
        ),
    )

    # The answer passes either way; the erasure is stale when the answer came first.
    assert type(answered) is Referral, answered
    assert type(erased) in (Case, services.CaseChanged), erased
    erasures = 1 if type(erased) is Case else 0
    assert Case.objects.get(pk=case.pk).version == version + 1 + erasures
    assert Person.objects.filter(pk=case.person_id, erased_at__isnull=False).count() == erasures
