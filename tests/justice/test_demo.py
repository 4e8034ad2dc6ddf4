"""`lidhja demo-data` adds the justice users and one synthetic proceeding per office, linked to
demo cases by their codes."""

import io

import pytest
from django.core.management import call_command

from lidhja.cases.models import Case
from lidhja.justice.management.demo import demo_proceedings
from lidhja.justice.models import Proceeding


@pytest.mark.django_db
def test_demo_data_registers_a_proceeding_per_justice_office():
    call_command("demo_data", stdout=io.StringIO())
    proceedings = {p.office.code: p for p in Proceeding.objects.select_related("office")}
    assert set(proceedings) == {"GPO", "ASP", "MOJ"}
    assert demo_proceedings().count() == 3
    gpo, asp, moj = proceedings["GPO"], proceedings["ASP"], proceedings["MOJ"]
    assert (gpo.stage, gpo.closed_on is not None) == ("final", True)
    finals = gpo.stages.filter(kind="final").values_list("outcome", flat=True)
    assert list(finals) == ["convicted", "convicted"]
    assert (asp.stage, asp.closed_on) == ("arrest", None)
    assert asp.defendants.get().official_service == "border"
    assert moj.closed_on is not None
    codes = set(Case.objects.values_list("code", flat=True))
    linked = {link.case_code for p in proceedings.values() for link in p.victim_links.all()}
    assert len(linked) == 2 and linked <= codes
