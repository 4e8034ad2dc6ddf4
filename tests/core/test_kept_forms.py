"""`{% fields form %}`: an empty form whose options come from data is kept until those data
change, and a form holding the user's answers or errors is never served from the cache."""

import pytest
from django.urls import reverse

from lidhja.organisations.domain import services as organisations
from lidhja.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def page(client) -> str:
    return client.get(reverse("evaluation:overview")).content.decode()


def test_the_kept_form_names_an_organisation_as_renamed(client_for, seed_plan, persona):
    onac = client_for("onac")
    asp = Organisation.objects.get(code="ASP")
    assert asp.name in page(onac)
    assert "Renamed police" not in page(onac)  # kept now
    organisations.update_organisation(
        asp, version=asp.version, values={"name": "Renamed police"}, by=persona("sysadmin")
    )
    html = page(onac)
    assert "Renamed police" in html


def test_a_refused_form_keeps_its_answers_and_the_next_empty_form_has_none(client_for, seed_plan):
    onac = client_for("onac")
    page(onac)  # the empty form, kept
    refused = onac.post(
        reverse("evaluation:new_action"),
        {"description": "Typed by the analyst", "owner": "ASP", "due_date": "2009-06-30"},
    )
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "Typed by the analyst" in html and 'id="action_node_error"' in html
    again = page(onac)
    assert "Typed by the analyst" not in again and 'id="action_node_error"' not in again
