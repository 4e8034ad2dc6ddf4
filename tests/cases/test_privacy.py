"""Findings of the privacy review: every free text sealed at rest and cleared by erasure, audit
entries naming fields and never values, the timeline kept from readers below full access,
safeguards not named to those who do not see them, the date of birth deciding "under 18 now",
no caching of personal data, and list rows cut to the reader's level."""

import json

import pytest
from django.db import connection
from django.urls import reverse

from lidhja.audit.models import AuditEntry
from lidhja.cases.domain import crypto
from lidhja.cases.domain.sealed_columns import COLUMNS
from lidhja.cases.models import Case, Referral
from tests.cases.helpers import act, open_case_by_post, today
from tests.home.helpers import queue

# One distinctive string per free-text field, so a leak names the field it came from.
TEXTS = {
    "source_detail": "Qzsourcedetail",
    "criteria": "Qzcriteria",
    "note": "Qznotetext",
    "partner_authority": "Qzpartnerauthority",
    "post_return_plan": "Qzpostreturnplan",
    "decline": "Qzdeclinereason",
    "reference": "Qzpermitreference",
    "plan": "Qzplancontent",
    "step": "Qzplanstep",
    "service": "Qzservicenote",
    "guardian": "Qzguardianname",
    "escalation": "Qzescalationnote",
    "resolution": "Qzresolution",
    "purpose": "Qzexportpurpose",
    "closing": "Qzclosingnote",
}


def _case_tables() -> list[str]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    return sorted(t for t in tables if t.startswith("cases_"))


def _raw(tables: list[str]) -> str:
    """Every column of every row, as plain SQL reads it (bytes decoded leniently)."""
    chunks = []
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - names from introspection
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("utf-8", "ignore")
                    chunks.append(str(value))
    return "\n".join(chunks)


@pytest.fixture
def full_case(client_for):
    """A case with every kind of free text recorded through the pages."""
    worker = client_for("social_tirana")
    case = open_case_by_post(
        worker,
        source_detail=TEXTS["source_detail"],
        criteria=TEXTS["criteria"],
        foreign_national="on",
        date_of_birth="2012-05-01",
    )
    act(worker, case, "note", note=TEXTS["note"])
    act(worker, case, "plan", kind="needs", made_on=today(), note=TEXTS["plan"],
        steps=f"2030-01-01 {TEXTS['step']}")  # fmt: skip
    act(worker, case, "referral", to_organisation="DEQ", service="shelter", shared=["identity"],
        direction="domestic")  # fmt: skip
    act(worker, case, "referral", direction="outgoing", partner_country="GR",
        partner_authority=TEXTS["partner_authority"], service="legal_counselling",
        post_return_plan=TEXTS["post_return_plan"])  # fmt: skip
    shelter_referral = Referral.objects.get(case=case, to_organisation__code="DEQ")
    act(client_for("shelter"), case, "referral-answer", referral=shelter_referral.pk,
        answer="decline", reason=TEXTS["decline"])  # fmt: skip
    worker = client_for("social_tirana")
    act(worker, case, "permit", kind="reflection", starts_on="2026-01-01", ends_on="2026-03-01",
        reference=TEXTS["reference"])  # fmt: skip
    act(worker, case, "service", kind="medical", started_on=today(), note=TEXTS["service"])
    act(worker, case, "guardian", name=TEXTS["guardian"], appointed_on=today())
    act(worker, case, "escalate", level="ra", reason="international", note=TEXTS["escalation"])
    escalation = case.escalations.get()
    act(client_for("ra"), case, "resolve-escalation", escalation=escalation.pk,
        resolution=TEXTS["resolution"])  # fmt: skip
    response = client_for("social_tirana").post(
        reverse("cases:export", args=[case.code]), {"purpose": TEXTS["purpose"]}
    )
    assert response.status_code == 200
    case.refresh_from_db()
    return case


@pytest.mark.django_db
def test_no_free_text_is_readable_in_any_case_table_or_the_audit_log(full_case):
    raw = _raw([*_case_tables(), "audit_auditentry"])
    leaked = {field: text for field, text in TEXTS.items() if text.lower() in raw.lower()}
    assert leaked == {}
    # The export purpose is kept, sealed, and opens with the key.
    export = full_case.exports.get()
    assert crypto.open_text(export.sealed_purpose, export.context) == TEXTS["purpose"]


@pytest.mark.django_db
def test_the_pages_and_the_api_still_show_the_texts_to_the_case_manager(full_case, client_for):
    page = client_for("social_tirana").get(reverse("cases:detail", args=[full_case.code]))
    html = page.content.decode()
    for field in ("source_detail", "partner_authority", "decline", "reference", "resolution"):
        assert TEXTS[field] in html, field
    body = client_for("social_tirana").get(f"/api/cases/{full_case.code}/").json()
    text = json.dumps(body)
    for field in ("partner_authority", "decline", "reference", "resolution", "service"):
        assert TEXTS[field] in text, field


@pytest.mark.django_db
def test_erasure_clears_every_sealed_column_of_the_case(full_case, client_for):
    act(
        client_for("ra"),
        full_case,
        "erase",
        reason="court_order",
        basis="Request 7/2026",
        confirm=full_case.code,
    )
    for model, column, path in COLUMNS:
        if path is None:
            continue
        rows = model._default_manager.filter(**{path: full_case.pk if path == "pk" else full_case})
        assert list(rows.exclude(**{f"{column}__isnull": True}).values_list("pk", flat=True)) == []
    assert all(text not in _raw(_case_tables()) for text in TEXTS.values())


@pytest.mark.django_db
def test_a_changed_detail_is_audited_by_name_never_by_value(client_for):
    worker = client_for("social_tirana")
    case = open_case_by_post(worker, source_detail="Qzbefore")
    case.refresh_from_db()
    form = client_for("social_tirana").get(reverse("cases:action", args=[case.code, "details"]))
    assert "Qzbefore" in form.content.decode()  # the form opens the sealed value
    act(worker, case, "details", kind="trafficking", identified_on="2026-03-02",
        identification_source="ngo", source_detail="Qzafter", exploitation=["labour"],
        minor_at_exploitation="")  # fmt: skip
    entry = AuditEntry.objects.filter(action="case.updated").latest("seq")
    assert entry.changes == {
        "fields": [
            "border_point",
            "exploitation",
            "exploitation_countries",
            "identification_source",
            "recruiter_relation",
            "recruitment_means",
            "source_detail",
            "transnational",
        ]
    }
    assert "Qzbefore" not in json.dumps(entry.changes) and "ngo" not in json.dumps(entry.changes)


@pytest.mark.django_db
def test_under_18_follows_the_date_of_birth_and_cannot_be_unticked(client_for):
    worker = client_for("social_tirana")
    case = open_case_by_post(worker, date_of_birth="2015-01-01")
    case.refresh_from_db()
    assert case.is_child is True
    act(worker, case, "details", kind="trafficking", identified_on="2026-03-02",
        identification_source="police", exploitation=["sexual"], is_child="")  # fmt: skip
    case.refresh_from_db()
    assert case.is_child is True
    # A return or a closure still meets the child safeguards.
    response = act(
        worker, case, "close", expected=400, closed_on=today(), reason="reintegrated", confirm="on"
    )
    assert "guardian" in response.content.decode()


@pytest.mark.django_db
def test_a_stale_version_shows_the_timeline_only_to_a_reader_of_the_whole_case(client_for):
    worker = client_for("social_tirana")
    case = open_case_by_post(worker)
    act(worker, case, "referral", to_organisation="DEQ", service="shelter", shared=["identity"],
        direction="domestic")  # fmt: skip
    case.refresh_from_db()
    stale = case.version
    act(worker, case, "note", note="A change meanwhile.")
    # The shelter (shared access) is told to reload, and sees no event of the timeline.
    shelter = client_for("shelter")
    response = shelter.post(
        f"/api/cases/{case.code}/actions/note/",
        {"version": stale, "note": "x"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["changes"] == []
    page = act(shelter, case, "note", expected=409, version=stale, note="x")
    assert page.context["changed_events"] == []
    assert "Reload" in page.content.decode()
    # The case manager sees what changed.
    response = client_for("social_tirana").post(
        f"/api/cases/{case.code}/actions/note/",
        {"version": stale, "note": "x"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert [c["kind"] for c in response.json()["changes"]] == ["note"]


@pytest.mark.django_db
def test_a_safeguard_is_not_named_to_a_reader_who_does_not_see_it(client_for):
    worker = client_for("social_tirana")
    case = open_case_by_post(worker)
    act(worker, case, "referral", to_organisation="DEQ", service="shelter", shared=["identity"],
        direction="domestic")  # fmt: skip
    shelter = client_for("shelter")
    referral = case.referrals.get()
    act(shelter, case, "referral-answer", referral=referral.pk, answer="accept", reason="")
    body = shelter.post(f"/api/cases/{case.code}/actions/service/",
                        {"version": Case.objects.get(pk=case.pk).version, "kind": "return",
                         "started_on": today()}, content_type="application/json")  # fmt: skip
    assert body.status_code == 409
    assert "risk" not in body.json()["detail"].lower()
    page = act(shelter, case, "service", expected=400, kind="return", started_on=today())
    assert "risk" not in page.content.decode().lower().split("<main")[-1]


@pytest.mark.django_db
def test_responses_with_personal_data_are_not_stored(client_for):
    worker = client_for("social_tirana")
    case = open_case_by_post(worker)
    for response in (
        worker.get(reverse("cases:person", args=[case.code])),
        worker.get(f"/api/cases/{case.code}/?person=1"),
        worker.post(reverse("cases:export", args=[case.code]), {"purpose": "Court order 1"}),
        worker.get(reverse("cases:action", args=[case.code, "identity"])),
    ):
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_case_list_shows_a_summary_row_without_unit_or_qark(client_for):
    worker = client_for("social_tirana")
    case = open_case_by_post(worker)
    act(worker, case, "referral", to_organisation="DEQ", service="shelter", shared=["identity"],
        direction="domestic")  # fmt: skip
    shelter = client_for("shelter")
    act(shelter, case, "referral-answer", referral=case.referrals.get().pk, answer="decline",
        reason="Full")  # fmt: skip
    html = shelter.get(reverse("cases:list")).content.decode()
    assert case.code in html
    row = html[html.rindex(case.code) :].split("</tr>")[0]
    assert "Tiran" not in row and row.count("<td>–</td>") == 2


@pytest.mark.django_db
def test_home_counts_escalations_only_on_cases_seen_whole(client_for):
    """The Tirana committee keeps a summary of a case whose escalation to it was resolved; a
    later escalation to the Responsible Authority is not its to count."""
    worker = client_for("social_tirana")
    case = open_case_by_post(worker)
    act(worker, case, "escalate", level="rcat", reason="flagged", note="Committee, please.")
    rcat = client_for("rcat")
    act(rcat, case, "resolve-escalation", escalation=case.escalations.get().pk, resolution="Done")
    act(client_for("social_tirana"), case, "escalate", level="ra", reason="international",
        note="Authority, please.")  # fmt: skip
    # The committee's own home (core:home sends its members there) lists open escalations.
    assert client_for("rcat").get(reverse("regional:home")).context["home"].escalations == []
    label = "Cases with an open escalation"
    assert queue(client_for("rcat"), reverse("regional:home"))["cases"][label] == 0
    assert queue(client_for("social_tirana"))["cases"][label] == 1
    assert queue(client_for("ra"))["cases"][label] == 1
