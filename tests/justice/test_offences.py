"""The table of offences: ONAC starts a version as a copy, edits it while a draft, publishes it;
published versions never change, and proceedings use the version in force on their date."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lidhja.accounts.domain.errors import PermissionDenied, StaleObject
from lidhja.audit.models import AuditEntry
from lidhja.justice.domain import offences
from lidhja.justice.domain.offences import Published
from lidhja.justice.models import OffenceTable
from tests.justice.helpers import register

pytestmark = pytest.mark.django_db


def test_onac_edits_a_draft_copy_and_publishes_it(persona):
    onac = persona("onac")
    draft = offences.new_version(by=onac, title="Penal Code 2013", valid_from=date(2026, 3, 1))
    assert draft.number == 2 and draft.published_at is None
    assert draft.offences.count() == 8
    offences.set_offence(
        draft, by=onac, version=1,
        values={"article": "110/c", "title": "Organising trafficking", "title_sq": "Organizimi",
                "trafficking": True},
    )  # fmt: skip
    offences.remove_offence(draft, by=onac, version=2, article="114/b")
    with pytest.raises(StaleObject):
        offences.publish(draft, by=onac, version=2)
    offences.publish(draft, by=onac, version=3)
    assert offences.in_force(date(2026, 2, 28)).number == 1
    table = offences.in_force(date(2026, 3, 1))
    assert table.number == 2
    assert "110/c" in set(table.offences.values_list("article", flat=True))
    assert "114/b" not in set(table.offences.values_list("article", flat=True))
    actions = list(
        AuditEntry.objects.filter(action__startswith="justice.offence", actor=onac)
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "justice.offence_table_created", "justice.offence_set", "justice.offence_removed",
        "justice.offence_table_published",
    ]  # fmt: skip


def test_a_published_version_is_never_changed(persona):
    table = OffenceTable.objects.get(number=1)
    with pytest.raises(Published):
        offences.set_offence(
            table, by=persona("onac"), version=table.version,
            values={"article": "1", "title": "x", "title_sq": "x", "trafficking": False},
        )  # fmt: skip


@pytest.mark.parametrize("who", ["prosecutor", "observer", "sysadmin"])
def test_only_onac_keeps_the_table(persona, who):
    with pytest.raises(PermissionDenied):
        offences.new_version(by=persona(who), title="x", valid_from=date(2026, 1, 1))


def test_a_proceeding_takes_the_articles_in_force_on_its_date(persona):
    onac = persona("onac")
    draft = offences.new_version(by=onac, title="2026", valid_from=date(2026, 3, 1))
    offences.remove_offence(draft, by=onac, version=1, article="298")
    offences.publish(draft, by=onac, version=2)
    register(persona("prosecutor"), offences=["298"], on=date(2026, 2, 1))
    with pytest.raises(ValidationError):
        register(persona("prosecutor"), offences=["298"], on=date(2026, 3, 2))


def test_the_onac_page_adds_an_article_to_a_draft(client_for, persona):
    draft = offences.new_version(by=persona("onac"), title="x", valid_from=date(2026, 3, 1))
    client = client_for("onac")
    url = reverse("justice:offence_change", args=[draft.number, "set"])
    bad = client.post(url, {"version": 1, "article": "", "title": "t", "title_sq": "t"})
    assert bad.status_code == 400
    assert "article" in bad.context["form"].errors
    ok = client.post(url, {"version": 1, "article": "286/a", "title": "t", "title_sq": "t"})
    assert ok.status_code == 302
    assert draft.offences.filter(article="286/a", trafficking=False).count() == 1
