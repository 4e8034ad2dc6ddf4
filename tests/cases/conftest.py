"""Fixtures shared by the linkage tests (tests/cases/test_linkage_*.py): opening a case for a
synthetic identity through the real service, linking the register as `lidhja persons link`
does, and finding the link between two cases' persons."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from lidhja.cases.domain import services
from lidhja.cases.models import Case, PersonLink
from lidhja.organisations.models import Organisation

DETAILS = {
    "kind": "trafficking",
    "identified_on": date(2009, 3, 1),
    "identification_source": "police",
    "minor_at_exploitation": False,
}


@pytest.fixture
def open_identity(db):
    """(by, **identity) -> a new case of Tirana's unit for exactly this identity."""

    def open_(by, **identity) -> Case:
        return services.open_case(
            by=by,
            identity_values=identity,
            details=dict(DETAILS),
            exploitation=["labour"],
            status="presumed",
            criteria="x",
            managing_organisation=Organisation.objects.get(code="MUN-TR"),
        )

    return open_


@pytest.fixture
def open_person(open_identity):
    """(by, given, family, born=14 June 1989, sex="female", **more identity) -> a new case."""

    def open_(by, given, family, born=date(1989, 6, 14), sex="female", **more) -> Case:
        return open_identity(
            by, given_name=given, family_name=family, date_of_birth=born, sex=sex, **more
        )

    return open_


@pytest.fixture
def link_register(db):
    """() -> what `lidhja persons link` prints."""

    def link() -> str:
        out = StringIO()
        call_command("persons", "link", stdout=out)
        return out.getvalue().strip()

    return link


@pytest.fixture
def link_between(db):
    """(first case, second case) -> the link between their persons."""

    def between(first: Case, second: Case) -> PersonLink:
        a, b = sorted((first.person_id, second.person_id))
        return PersonLink.objects.get(person_a_id=a, person_b_id=b)

    return between
