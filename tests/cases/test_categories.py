"""Statistical categories: derived from the sealed identity when it is stored, kept outside it,
and filled for older rows by `lidhja persons categorise`."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from lidhja.cases.domain import categories, services
from lidhja.cases.models import Case, Person
from lidhja.cases.models.choices import AgeBand
from lidhja.organisations.models import Organisation


@pytest.mark.parametrize(
    ("born", "on", "band"),
    [
        (None, date(2009, 1, 1), AgeBand.UNKNOWN),
        (date(2010, 1, 1), date(2009, 1, 1), AgeBand.UNKNOWN),  # born after the contact
        (date(2009, 1, 1), date(2009, 1, 1), AgeBand.UNDER_12),
        (date(1997, 1, 2), date(2009, 1, 1), AgeBand.UNDER_12),  # 11 the day before 12
        (date(1997, 1, 1), date(2009, 1, 1), AgeBand.FROM_12),
        (date(1991, 1, 2), date(2009, 1, 1), AgeBand.FROM_15),  # 17
        (date(1991, 1, 1), date(2009, 1, 1), AgeBand.FROM_18),  # 18 that day
        (date(1984, 6, 1), date(2009, 1, 1), AgeBand.FROM_18),  # 24
        (date(1974, 6, 1), date(2009, 1, 1), AgeBand.FROM_25),  # 34
        (date(1959, 6, 1), date(2009, 1, 1), AgeBand.FROM_35),  # 49
        (date(1959, 1, 1), date(2009, 1, 1), AgeBand.FROM_50),
    ],
)
def test_age_bands(born, on, band):
    assert categories.age_band(born, on) == band


def test_citizenship_is_an_alpha_2_code_or_nothing():
    assert categories.citizenship(" al ") == "AL"
    assert categories.citizenship("ALB") == ""
    assert categories.citizenship("1A") == ""


def _open(by, **identity):
    return services.open_case(
        by=by,
        identity_values={"given_name": "Synthetica", **identity},
        details={
            "kind": "trafficking",
            "identified_on": date(2009, 3, 1),
            "identification_source": "police",
            "minor_at_exploitation": True,
        },
        exploitation=["labour"],
        status="presumed",
        criteria="x",
        managing_organisation=Organisation.objects.get(code="MUN-TR"),
    )


@pytest.mark.django_db
def test_opening_and_editing_follow_the_identity(persona):
    police = persona("police")
    case = _open(police, sex="female", citizenship="XK", date_of_birth=date(1992, 5, 1))
    case.refresh_from_db()
    assert (case.person.stat_sex, case.person.stat_citizenship, case.age_band) == (
        "female",
        "XK",
        AgeBand.FROM_15,
    )
    services.update_person(
        case,
        by=police,
        version=case.version,
        identity_values={"given_name": "Synthetica", "date_of_birth": date(1980, 1, 1)},
    )
    case.refresh_from_db()
    assert (case.person.stat_sex, case.person.stat_citizenship, case.age_band) == (
        "",
        "",
        AgeBand.FROM_25,
    )
    services.update_details(
        case,
        by=police,
        version=case.version,
        details={"identified_on": date(2006, 1, 1)},
        exploitation=["labour"],
    )
    case.refresh_from_db()
    assert case.age_band == AgeBand.FROM_25  # 25 on 1 January 2006
    services.update_details(
        case,
        by=police,
        version=case.version,
        details={"identified_on": date(2004, 6, 1)},
        exploitation=["labour"],
    )
    case.refresh_from_db()
    assert case.age_band == AgeBand.FROM_18


@pytest.mark.django_db
def test_categorise_fills_older_rows_and_is_idempotent(persona):
    case = _open(persona("police"), sex="male", citizenship="AL", date_of_birth=date(1990, 1, 1))
    Person.objects.update(stat_sex="", stat_citizenship="")
    Case.objects.update(age_band="")
    out = StringIO()
    call_command("persons", "categorise", stdout=out)
    assert out.getvalue().strip() == "2 row(s) categorised"
    case.refresh_from_db()
    assert (case.person.stat_sex, case.person.stat_citizenship, case.age_band) == (
        "male",
        "AL",
        AgeBand.FROM_18,
    )
    out = StringIO()
    call_command("persons", "categorise", stdout=out)
    assert out.getvalue().strip() == "0 row(s) categorised"


@pytest.mark.django_db
def test_a_person_confirmed_the_same_as_another_is_counted_once(persona):
    from django.db.models import Count

    from lidhja.cases.domain.categories import PERSON_KEY

    police = persona("police")
    first, second, third = (_open(police, sex="female") for _ in range(3))
    assert Case.objects.aggregate(n=Count(PERSON_KEY, distinct=True))["n"] == 3
    Person.objects.filter(pk=second.person_id).update(counted_as=first.person_id)
    assert Case.objects.aggregate(n=Count(PERSON_KEY, distinct=True))["n"] == 2
    assert third.person_id not in (first.person_id, second.person_id)
