"""`lidhja demo-data --cases N` adds proceedings with the bulk cases: about one per ten cases,
drawn from the seed, each consistent with the rules the services enforce."""

import io
from collections import Counter

import pytest
from django.core.management import call_command

from lidhja.audit.models import AuditEntry
from lidhja.cases.models import Case
from lidhja.justice.management.demo import demo_proceedings
from lidhja.justice.models import AssetRecord, Defendant, Proceeding, Stage, VictimLink
from lidhja.justice.models.choices import STAGE_ORDER
from tests.exchange.test_demo_bulk import ctdc_file

ROWS = [
    ("2009", "Female", "Adult", "", "1", "Europe", "Europe"),
    ("2012", "Male", "Adult", "1", "", "Europe", "Europe"),
    ("2010", "Female", "Minor", "", "1", "Europe", "Europe"),
]


def load(*args) -> str:
    out = io.StringIO()
    call_command("demo_data", *args, stdout=out)
    return out.getvalue()


def counts() -> dict:
    bulk = Proceeding.objects.exclude(pk__in=[p.pk for p in SCENARIO])
    return {
        "proceedings": bulk.count(),
        "defendants": Defendant.objects.filter(proceeding__in=bulk).count(),
        "stages": Stage.objects.filter(proceeding__in=bulk).count(),
        "assets": AssetRecord.objects.filter(proceeding__in=bulk).count(),
        "links": dict(
            Counter(VictimLink.objects.filter(proceeding__in=bulk).values_list("status", flat=True))
        ),
    }


SCENARIO: list = []


@pytest.mark.django_db
def test_bulk_cases_come_with_proceedings_drawn_from_the_seed(tmp_path):
    load()
    SCENARIO[:] = list(Proceeding.objects.all())
    output = load("--cases", "300", "--ctdc", str(ctdc_file(tmp_path, ROWS)))
    got = counts()
    assert got == {
        "proceedings": 25,
        "defendants": 26,
        "stages": 131,
        "assets": 15,
        "links": {"confirmed": 19, "pending": 2},
    }
    assert f"{got['proceedings']} synthetic proceedings added with them." in output
    assert demo_proceedings().count() == len(SCENARIO) + got["proceedings"]
    entry = AuditEntry.objects.filter(action="case.demo_data").order_by("-id").first()
    assert entry.changes["bulk_proceedings"] == got["proceedings"]
    # Every bulk proceeding follows the services' rules.
    codes = set(Case.objects.values_list("code", flat=True))
    for p in Proceeding.objects.exclude(pk__in=[s.pk for s in SCENARIO]):
        stages = list(p.stages.order_by("on", "id"))
        assert stages[0].kind == "reported" and stages[0].on == p.registered_on
        assert p.stage == max((s.kind for s in stages), key=STAGE_ORDER.index)
        assert p.offences.filter(trafficking=True).exists()
        for d in p.defendants.all():
            own = [s.kind for s in stages if s.defendant_id == d.pk]
            assert own == sorted(own, key=STAGE_ORDER.index)
        for link in p.victim_links.all():
            assert link.case_code in codes
        for s in stages:
            assert (s.prison_months is not None) == (s.outcome == "convicted")


@pytest.mark.django_db
def test_a_second_bulk_load_adds_more_and_nothing_without_justice_offices(tmp_path):
    """Without demo justice users (a database whose demo users were not loaded by demo-data)
    the cases come without proceedings; again later, with them, more are added."""
    from lidhja.cases.management.commands.demo_data import link_proceedings

    load()
    before = Proceeding.objects.count()
    load("--cases", "100", "--ctdc", str(ctdc_file(tmp_path, ROWS)))
    middle = Proceeding.objects.count()
    load("--cases", "100", "--ctdc", str(ctdc_file(tmp_path, ROWS)))
    assert before < middle < Proceeding.objects.count()
    cases = list(Case.objects.order_by("pk")[:50])
    empty = link_proceedings(1)
    empty.offices = []  # as with no justice user
    empty(cases)
    assert empty.count == 0
