"""The definitions registry: ONAC adds versions through the page or the service, an old version
is never rewritten, and a release keeps naming the version it counted by."""

from datetime import date

import pytest
from django.urls import reverse

from lidhja.accounts.domain.errors import PermissionDenied, StaleObject
from lidhja.audit.models import AuditEntry
from lidhja.publication.domain import services
from lidhja.publication.domain.periods import Period
from lidhja.publication.domain.queries import statistics_document
from lidhja.publication.models import Definition
from tests.publication.helpers import add_register, many

URL = reverse("publication:definition", args=["victims.sex"])


def _form(**changes) -> dict:
    v1 = Definition.objects.get(code="victims.sex", version=1)
    form = {
        "version": 1,
        "title_en": v1.title_en,
        "title_sq": v1.title_sq,
        "unit": v1.unit,
        "reference_date": v1.reference_date,
        "inclusion_en": v1.inclusion_en,
        "inclusion_sq": v1.inclusion_sq,
        "disaggregations": "sex",
    }
    return form | changes


@pytest.mark.django_db
def test_setup_loads_a_first_version_of_every_published_table():
    from lidhja.publication.domain.tables import TABLES

    assert set(Definition.objects.values_list("code", flat=True)) == set(TABLES)
    sex = Definition.objects.get(code="victims.sex")
    assert (sex.version, sex.unit, sex.reference_date) == (1, "person", "identification")
    assert sex.title_sq == "Persona sipas gjinisë"
    assert services.seed_definitions() == 0  # safe to run again


@pytest.mark.django_db
def test_onac_adds_a_version_and_the_old_one_stays(client_for):
    response = client_for("onac").post(URL, _form(title_en="Persons by sex (as recorded)"))
    assert response.status_code == 302
    v1, v2 = Definition.objects.filter(code="victims.sex").order_by("version")
    assert v1.title_en == "Persons by sex" and v2.title_en == "Persons by sex (as recorded)"
    assert v2.version == 2 and v2.created_by.username == "onac.analyst"
    entry = AuditEntry.objects.get(action="statistics.definition_changed")
    assert entry.changes == {"version": [1, 2], "fields": ["title_en"]}
    page = client_for("observer").get(URL).content.decode()
    assert "Version 2" in page and "Version 1" in page
    assert "Save as a new version" not in page  # only ONAC edits


@pytest.mark.django_db
def test_a_stale_or_empty_or_bad_version_is_refused_and_nothing_changes(client_for):
    assert client_for("onac").post(URL, _form(title_en="First change")).status_code == 302
    stale = client_for("onac").post(URL, _form(title_en="Second change"))  # still from version 1
    assert stale.status_code == 409
    bad = client_for("onac").post(URL, _form(version=2, unit="household", title_sq=""))
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Select a valid choice" in body and "This field is required." in body
    same = client_for("onac").post(URL, _form(version=2, title_en="First change"))
    assert same.status_code == 400 and "Nothing was changed." in same.content.decode()
    assert Definition.objects.filter(code="victims.sex").count() == 2


@pytest.mark.django_db
def test_only_onac_defines(persona):
    with pytest.raises(PermissionDenied):
        services.define("victims.sex", {}, version=1, by=persona("observer"))
    with pytest.raises(StaleObject):
        services.define("victims.sex", {}, version=7, by=persona("onac"))


@pytest.mark.django_db
def test_a_release_keeps_citing_the_version_it_was_counted_by(client_for):
    add_register(many(6, identified_on=date(2009, 2, 1)))
    client_for("onac").post(reverse("publication:publish", args=["2009Q1"]))
    client_for("onac").post(URL, _form(title_en="Persons by sex, version two"))
    add_register(many(6, identified_on=date(2009, 5, 1)))
    client_for("onac").post(reverse("publication:publish", args=["2009Q2"]))
    q1 = statistics_document(Period(2009, 1))
    q2 = statistics_document(Period(2009, 2))
    sex1 = next(t for t in q1.tables if t.code == "victims.sex")
    sex2 = next(t for t in q2.tables if t.code == "victims.sex")
    assert (sex1.version, sex1.title) == (1, "Persons by sex")
    assert (sex2.version, sex2.title, sex2.previous_version) == (
        2,
        "Persons by sex, version two",
        1,
    )
    page = client_for("onac").get(reverse("publication:period", args=["2009Q2"])).content.decode()
    assert "The previous period was counted by version 1." in page
