"""The proceeding pages: steps through forms, stale versions, the identities on request."""

import pytest
from django.urls import reverse

from lidhja.audit.models import AuditEntry
from lidhja.justice.models import Stage
from tests.justice.helpers import defendant, fresh, register

pytestmark = pytest.mark.django_db


def test_a_stage_is_recorded_through_the_page(client_for, persona):
    p = register(persona("prosecutor"))
    d = defendant(p, persona("prosecutor"))
    client = client_for("prosecutor")
    url = reverse("justice:action", args=[p.code, "stage"])
    form = client.get(url)
    assert f'<option value="{d.pk}">{d.code}</option>' in form.content.decode()
    data = {"version": fresh(p), "kind": "arrest", "defendant": d.pk, "on": "2026-01-20"}
    assert client.post(url, data).status_code == 302
    assert list(Stage.objects.filter(defendant=d).values_list("kind", flat=True)) == ["arrest"]


def test_a_stale_or_bad_entry_changes_nothing_and_names_the_field(client_for, persona):
    p = register(persona("prosecutor"))
    client = client_for("prosecutor")
    url = reverse("justice:action", args=[p.code, "asset"])
    stale = client.post(
        url, {"version": fresh(p) + 5, "kind": "seized", "amount_lek": "10", "on": "2026-01-20"}
    )
    assert stale.status_code == 409
    bad = client.post(url, {"version": fresh(p), "kind": "seized", "amount_lek": "-1"})
    assert bad.status_code == 400
    assert set(bad.context["form"].errors) == {"amount_lek", "on"}
    assert p.assets.count() == 0


def test_the_identities_are_shown_on_request_and_the_showing_is_audited(client_for, persona):
    p = register(persona("prosecutor"))
    defendant(p, persona("prosecutor"), given_name="Quetzalina")
    client = client_for("prosecutor")
    detail = client.get(reverse("justice:detail", args=[p.code]))
    assert "Quetzalina" not in detail.content.decode()
    assert not AuditEntry.objects.filter(action="justice.defendants_viewed").exists()
    shown = client.get(reverse("justice:identities", args=[p.code]))
    assert "Quetzalina" in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]
    assert AuditEntry.objects.filter(action="justice.defendants_viewed").count() == 1


def test_the_pages_speak_albanian(client_for, persona):
    p = register(persona("prosecutor"))
    client = client_for("prosecutor")
    client.post(reverse("set_language"), {"language": "sq"})
    html = client.get(reverse("justice:detail", args=[p.code])).content.decode()
    assert "Veprat penale" in html and "Trafikimi i personave" in html
