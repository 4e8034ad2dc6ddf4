import pytest
from django.urls import reverse

from lidhja.audit.models import AuditEntry
from lidhja.plans.models import PlanNode, TimelineStatus

TREE = reverse("plans:tree", args=["nap-2008-2010"])


def _codes(response):
    return [
        (n.chapter, n.code)
        for n in response.context["nodes"]
        if n.pk in response.context["matched"]
    ]


@pytest.mark.django_db
def test_tree_shows_every_item_of_the_plan(client_for, seed_plan):
    response = client_for("onac").get(TREE)
    assert response.status_code == 200
    assert response.content.count(b'<li class="node ') == seed_plan.nodes.count() == 282
    assert response.context["match_count"] == 282
    assert b"1.(a).1" in response.content


@pytest.mark.django_db
def test_filter_by_chapter_and_lead_agency(client_for):
    response = client_for("onac").get(
        TREE, {"chapter": "prosecution", "agency": "ICITAP", "agency_role": "partner"}
    )
    codes = _codes(response)
    assert ("prosecution", "1.(a).1") in codes
    assert all(chapter == "prosecution" for chapter, _ in codes)
    expected = set(
        PlanNode.objects.filter(
            chapter="prosecution",
            agency_links__organisation__code="ICITAP",
            agency_links__role="partner",
        ).values_list("chapter", "code")
    )
    assert set(codes) == expected
    # Ancestors are shown for context but are not matches.
    shown = {(n.chapter, n.code) for n in response.context["nodes"]}
    assert ("prosecution", "1") in shown and ("prosecution", "1") not in set(codes)


@pytest.mark.django_db
def test_filter_by_due_window_and_text(client_for):
    response = client_for("onac").get(
        TREE, {"due_from": "2009-01-01", "due_to": "2009-03-31", "q": "training"}
    )
    matches = PlanNode.objects.filter(pk__in=response.context["matched"])
    assert matches.exists()
    for node in matches:
        assert node.due_start is None or str(node.due_start) <= "2009-03-31"
        assert node.due_end is None or str(node.due_end) >= "2009-01-01"
        haystack = f"{node.text} {node.outputs} {node.indicators}".lower()
        assert "training" in haystack


@pytest.mark.django_db
def test_bad_filter_input_gets_a_clear_error_not_a_crash(client_for):
    response = client_for("onac").get(
        TREE, {"due_from": "2010-01-01", "due_to": "2009-01-01", "chapter": "x"}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"due_to", "chapter"}
    assert b"The end of the window is before its start." in response.content


@pytest.mark.django_db
def test_htmx_request_gets_only_the_tree_partial(client_for):
    response = client_for("onac").get(TREE, {"chapter": "coordination"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b'class="plan-tree"' in response.content


@pytest.mark.django_db
def test_tree_page_runs_a_fixed_number_of_queries(client_for, django_assert_max_num_queries):
    client = client_for("onac")
    client.get(TREE)  # warm the session
    # 13 and 16 since the page lists the activities owed by no one: a constant 5 queries
    # (organisation.domain.membership reads every class's members at once), not one a row.
    with django_assert_max_num_queries(13):
        client.get(TREE)
    with django_assert_max_num_queries(16):
        client.get(TREE, {"agency": "ASP", "q": "police"})


@pytest.mark.django_db
def test_activity_page_shows_agencies_and_due_window(client_for):
    url = reverse("plans:node", args=["nap-2008-2010", "prosecution", "1.(a).1"])
    response = client_for("police").get(url)
    assert response.status_code == 200
    assert response.context["leads"][0].code == "ASP"
    assert [o.code for o in response.context["partners"]] == ["ICITAP", "PAMECA"]
    assert b"Mid 2010" in response.content


@pytest.mark.django_db
def test_organisation_page_lists_what_it_leads_and_supports(client_for):
    response = client_for("focal_asp").get(reverse("organisations:detail", args=["ICITAP"]))
    supports = {(r.node.chapter, r.node.code) for r in response.context["supports"]}
    assert ("prosecution", "1.(a).1") in supports
    leads = response.context["leads"]
    assert leads  # through its classes of actors (donors, international organisations)
    for r in leads:
        owner = r.via.code if r.via else "ICITAP"
        assert r.node.agency_links.get(organisation__code=owner).role == "lead"


@pytest.mark.django_db
def test_albanian_interface(client_for):
    client = client_for("onac")
    response = client.post(reverse("set_language"), {"language": "sq", "next": TREE})
    assert response.status_code == 302
    response = client.get(TREE)
    assert response.context["LANGUAGE_CODE"] == "sq"
    assert '<html lang="sq">' in response.content.decode()
    assert "Dil" in response.content.decode()
    assert "Strategjia Kombëtare" in response.content.decode()


@pytest.mark.django_db
def test_flagged_timeline_is_corrected_by_onac_and_audited(client_for, seed_plan):
    node = seed_plan.nodes.filter(timeline_status=TimelineStatus.FLAGGED).first()
    url = reverse("plans:node_timeline", args=[seed_plan.code, node.chapter, node.code])
    client = client_for("onac")
    response = client.post(
        url,
        {
            "version": node.version,
            "due_start": "2009-01-01",
            "due_end": "2009-06-30",
            "recurrence": "",
        },
    )
    assert response.status_code == 302
    node.refresh_from_db()
    assert (str(node.due_start), str(node.due_end), node.timeline_status) == (
        "2009-01-01",
        "2009-06-30",
        "corrected",
    )
    entry = AuditEntry.objects.filter(action="plan_node.timeline_set").order_by("-seq").first()
    assert entry.object_id == str(node.pk) and entry.actor_label == "onac.analyst"
    assert entry.changes["due_end"] == [None, "2009-06-30"]


@pytest.mark.django_db
def test_concurrent_timeline_edits_do_not_overwrite(client_for, seed_plan):
    node = seed_plan.nodes.filter(timeline_status=TimelineStatus.FLAGGED).first()
    url = reverse("plans:node_timeline", args=[seed_plan.code, node.chapter, node.code])
    client = client_for("onac")
    stale = node.version
    assert client.post(url, {"version": stale, "due_end": "2009-06-30"}).status_code == 302
    entries = AuditEntry.objects.count()
    response = client.post(url, {"version": stale, "due_end": "2010-12-31"})
    assert response.status_code == 409
    assert b"changed by someone else" in response.content
    node.refresh_from_db()
    assert str(node.due_end) == "2009-06-30"
    assert AuditEntry.objects.count() == entries


@pytest.mark.django_db
def test_invalid_timeline_names_the_field_and_changes_nothing(client_for, seed_plan):
    node = seed_plan.nodes.filter(timeline_status=TimelineStatus.FLAGGED).first()
    url = reverse("plans:node_timeline", args=[seed_plan.code, node.chapter, node.code])
    response = client_for("onac").post(
        url, {"version": node.version, "due_start": "2010-01-01", "due_end": "2009-01-01"}
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["due_end"]
    node.refresh_from_db()
    assert node.timeline_status == TimelineStatus.FLAGGED


@pytest.mark.django_db
def test_export_downloads_are_audited(client_for):
    response = client_for("observer").get(reverse("plans:export", args=["nap-2008-2010", "csv"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="nap-2008-2010.csv"'
    assert response.content.decode().splitlines()[0].startswith("id,chapter,level,parent")
    entry = AuditEntry.objects.filter(action="plan.exported").order_by("-seq").first()
    assert (entry.actor_label, entry.changes) == ("taskforce.member", {"format": "csv"})


@pytest.mark.django_db
def test_api_lists_nodes_with_agencies(client_for):
    response = client_for("observer").get(
        reverse("api:plan-nodes", args=["nap-2008-2010"]), {"chapter": "prosecution", "limit": 500}
    )
    body = response.json()
    first = next(r for r in body["results"] if r["id"] == "1.(a).1")
    assert first["lead_agencies"] == ["ASP"] and first["partner_agencies"] == ["ICITAP", "PAMECA"]
    assert {r["chapter"] for r in body["results"]} == {"prosecution"}
    bad = client_for("observer").get(
        reverse("api:plan-nodes", args=["nap-2008-2010"]), {"chapter": "x"}
    )
    assert bad.status_code == 400 and "chapter" in bad.json()


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(client_for):
    response = client_for("onac").get(TREE)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


@pytest.mark.django_db
def test_a_recurrence_read_from_the_document_stays_choosable(client_for, seed_plan):
    node = seed_plan.nodes.get(recurrence="FREQ=YEARLY;BYMONTH=2")
    url = reverse("plans:node_timeline", args=[seed_plan.code, node.chapter, node.code])
    client = client_for("onac")
    form = client.get(url).context["form"]
    assert form.initial["recurrence"] == "FREQ=YEARLY;BYMONTH=2"
    assert "FREQ=YEARLY;BYMONTH=2" in dict(form.fields["recurrence"].choices)
    response = client.post(
        url,
        {
            "version": node.version,
            "recurrence": "FREQ=YEARLY;BYMONTH=2",
            "due_start": "2008-01-01",
            "due_end": "2010-12-31",
        },
    )
    assert response.status_code == 302
    node.refresh_from_db()
    assert (node.recurrence, node.timeline_status) == ("FREQ=YEARLY;BYMONTH=2", "corrected")
    assert node.timeline_parts[0]["start"] is None or isinstance(
        node.timeline_parts[0]["start"], str
    )


@pytest.mark.django_db
def test_api_items_are_the_export_rows(client_for, seed_plan):
    from lidhja.plans.interfaces.exporters import plan_records

    url = reverse("api:plan-nodes", args=["nap-2008-2010"])
    body = client_for("ra").get(url, {"chapter": "coordination", "limit": 1000}).json()
    expected = [r for r in plan_records(seed_plan) if r["chapter"] == "coordination"]
    assert body["count"] == len(expected)
    assert body["results"] == expected
