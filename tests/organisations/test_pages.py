"""Pages that show classes of actors: unowned activities flagged, obligations of members."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_the_plan_and_activity_pages_flag_activities_owed_by_no_one(client_for):
    client = client_for("observer")
    tree = client.get(reverse("plans:tree", args=["nap-2008-2010"])).content.decode()
    assert "2 activities are owed by no one" in tree
    assert reverse("plans:node", args=["nap-2008-2010", "protection", "4.(b).1"]) in tree
    flagged = client.get(reverse("plans:node", args=["nap-2008-2010", "protection", "4.(b).1"]))
    assert "Owed by no one" in flagged.content.decode()
    owned = client.get(reverse("plans:node", args=["nap-2008-2010", "coordination", "2.(a).1.4"]))
    assert "Owed by no one" not in owned.content.decode()


@pytest.mark.django_db
def test_obligations_say_which_class_they_are_owed_through(client_for):
    client = client_for("onac")
    page = client.get(
        reverse("monitoring:obligations", args=["2009Q1"]), {"organisation": "RCAT-TR"}
    )
    assert "as a member of RCAT" in page.content.decode()
    api = client.get(
        reverse("monitoring-api:obligations", args=["2009Q1"]), {"limit": "1000"}
    ).json()
    vias = {row["via"] for row in api["results"]}
    assert "RCATS" in vias and None in vias


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_onac_downloads_the_registry_and_the_download_is_audited(client_for, fmt):
    from lidhja.audit.models import AuditEntry

    response = client_for("onac").get(reverse("organisations:export", args=[fmt]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="organisations.{fmt}"'
    if fmt == "csv":
        assert "RCAT-TR" in response.content.decode()
    entry = AuditEntry.objects.filter(action="organisation.exported").latest("pk")
    assert entry.changes == {"format": fmt}


@pytest.mark.django_db
def test_a_member_page_lists_what_it_owes_through_its_classes(client_for):
    page = client_for("observer").get(reverse("organisations:detail", args=["RCAT-TR"]))
    leads = page.context["leads"]
    assessment = [
        r for r in leads if (r.node.chapter, r.node.code) == ("coordination", "2.(a).1.4")
    ]
    assert [r.via.code for r in assessment] == ["RCATS"]
    assert "as a member of RCAT" in page.content.decode()
    named = client_for("observer").get(reverse("organisations:detail", args=["ASP"]))
    assert any(r.via is None for r in named.context["leads"])
