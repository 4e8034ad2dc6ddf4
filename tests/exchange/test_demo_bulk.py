"""`lidhja demo-data --cases N`: synthetic cases in bulk, distributed like the CTDC file, sealed
and indexed like any other, and demo data like the scenarios."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from lidhja.audit.models import AuditEntry
from lidhja.cases.domain import identity
from lidhja.cases.management.commands.demo_data import demo_cases, real_cases
from lidhja.cases.management.synthetic import COUNTRIES, VICTIM_COLUMNS
from lidhja.cases.models import Case, NameToken
from lidhja.cases.models.choices import CHILD_BANDS
from lidhja.exchange.domain import regions
from tests.exchange.helpers import CTDC_FILE


def ctdc_file(tmp_path, rows):
    path = tmp_path / "ctdc.csv"
    lines = [",".join([*VICTIM_COLUMNS, "IP_Exploiter"])]
    lines += [",".join([*row, ""]) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def load(*args) -> str:
    out = io.StringIO()
    call_command("demo_data", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_bulk_cases_follow_the_ctdc_file(tmp_path):
    path = ctdc_file(tmp_path, [("2009", "Female", "Minor", "1", "", "Europe", "Asia")] * 3)
    output = load("--cases", "40", "--ctdc", str(path))
    assert "40 synthetic cases added in bulk, following the CTDC file ctdc.csv (3 rows)." in output
    # The scenario's cases are recent; the helpline's demo calls of 2008-2010 open a few too.
    scenario = Case.objects.filter(identified_on__year__gt=2020).count()
    calls = Case.objects.filter(helpline_call__isnull=False)
    assert calls.filter(identified_on__year__gt=2020).count() == 0
    bulk = Case.objects.filter(identified_on__year=2009).exclude(pk__in=calls)
    assert bulk.count() == 40 and demo_cases().count() == scenario + 40 + calls.count()
    assert real_cases().count() == 0
    for case in bulk.select_related("person"):
        assert case.person.stat_sex == "female"
        assert case.age_band in CHILD_BANDS and case.minor_at_exploitation
        assert regions.wide_region(case.person.stat_citizenship) == "Europe"
        assert [regions.wide_region(c) for c in case.exploitation_countries] == ["Asia"]
        assert case.transnational
        forms = set(case.exploitation_rows.values_list("form", flat=True))
        assert forms <= {"labour", "begging"} and forms
        shown = identity.read_unchecked(case.person)
        assert shown["given_name"].startswith("Demo-")
        assert shown["family_name"].startswith("Synthetic-B")
        assert date.fromisoformat(shown["date_of_birth"]) < case.identified_on
    # Found by name like any person, through the blind index.
    number = shown["family_name"].removeprefix("Synthetic-")  # "B000061": one person's
    assert NameToken.objects.filter(digest__in=identity.search_digests(number)).count() == 1
    assert AuditEntry.objects.filter(action="case.demo_data").count() == 2


@pytest.mark.django_db
def test_more_bulk_cases_can_be_added_later_without_the_file(tmp_path):
    load()
    before = Case.objects.count()
    output = load("--cases", "25", "--ctdc", str(tmp_path / "absent.csv"))
    assert "following the built-in CTDC proportions" in output
    assert "Demo users" not in output  # the scenarios and users were there already
    assert Case.objects.count() == before + 25 and real_cases().count() == 0


def test_the_countries_drawn_lie_in_their_ctdc_region():
    for region, codes in COUNTRIES.items():
        assert {regions.wide_region(code) for code in codes} == {region}


def test_the_default_file_is_the_shared_one():
    from lidhja.cases.management.synthetic import DEFAULT_CTDC

    assert DEFAULT_CTDC == CTDC_FILE
