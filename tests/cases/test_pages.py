"""Case pages: every step's form renders, bad input answers 400 naming the field and changes
nothing, a stale version is shown what changed, and children's safeguards cannot be skipped."""

import pytest
from django.urls import reverse

from lidhja.cases.domain.steps import STEPS as ACTIONS
from lidhja.cases.models import Case, CaseEvent
from tests.cases.helpers import act, open_case_by_post, today
from tests.home.helpers import queue


@pytest.fixture
def case(client_for):
    return open_case_by_post(client_for("social_tirana"))


def _state(case):
    case.refresh_from_db()
    return case.version, CaseEvent.objects.filter(case=case).count()


@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_every_step_form_renders_in_both_languages(client_for, case, action, settings):
    client = client_for("ra")
    url = reverse("cases:action", args=[case.code, action])
    assert client.get(url).status_code == 200
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="sq")
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "data", "field"),
    [
        (
            "status",
            {"status": "presumed", "decided_on": "not a date", "criteria": "x"},
            "decided_on",
        ),
        ("status", {"status": "presumed", "decided_on": "2026-01-01", "criteria": ""}, "criteria"),
        ("referral", {"direction": "domestic", "service": "shelter"}, "to_organisation"),
        ("referral", {"direction": "outgoing", "service": "medical"}, "partner_authority"),
        ("plan", {"kind": "risk", "made_on": "2026-01-01"}, "risk_level"),
        (
            "plan",
            {"kind": "assistance", "made_on": "2026-01-01", "steps": "tomorrow call"},
            "steps",
        ),
        (
            "permit",
            {"kind": "reflection", "starts_on": "2026-01-01", "ends_on": "2026-01-10"},
            None,
        ),
        (
            "service",
            {"kind": "shelter", "started_on": "2026-02-01", "ended_on": "2026-01-01"},
            "ended_on",
        ),
        ("escalate", {"level": "nowhere", "reason": "flagged", "note": "x"}, "level"),
        ("close", {"closed_on": "", "reason": "reintegrated"}, "closed_on"),
        (
            "erase",
            {"reason": "person_request", "basis": "Request 12/2026", "confirm": "C-WRONG"},
            "confirm",
        ),
    ],
)
def test_bad_input_answers_400_and_changes_nothing(client_for, case, action, data, field):
    before = _state(case)
    response = act(client_for("ra"), case, action, expected=400, **data)
    assert _state(case) == before
    if field:
        assert response.context["form"].errors.get(field), response.context["form"].errors


@pytest.mark.django_db
def test_a_stale_form_is_refused_and_shows_what_changed(client_for, case):
    stale = case.version
    act(client_for("social_tirana"), case, "note", note="First writer.")
    response = act(
        client_for("ra"), case, "note", expected=409, version=stale, note="Second writer."
    )
    assert "Changed meanwhile" in response.content.decode()
    assert [e.kind for e in response.context["changed_events"]] == ["note"]
    assert CaseEvent.objects.filter(case=case, kind="note").count() == 1
    # The form comes back with the user's text and the new version: saving again works.
    form = response.context["form"]
    assert form.data["note"] == "Second writer."
    act(client_for("ra"), case, "note", version=int(form.data["version"]), note="Second writer.")
    assert CaseEvent.objects.filter(case=case, kind="note").count() == 2


@pytest.mark.django_db
def test_a_child_case_cannot_close_or_return_without_guardian_and_best_interests(client_for):
    client = client_for("social_tirana")
    case = open_case_by_post(client, date_of_birth="2015-05-05", minor_at_exploitation="on")
    assert case.is_child
    act(client_for("social_tirana"), case, "plan", kind="risk", made_on=today(), risk_level="high")
    act(client_for("social_tirana"), case, "plan", kind="risk_management", made_on=today())
    response = act(
        client_for("social_tirana"),
        case,
        "close",
        expected=400,
        closed_on=today(),
        reason="reintegrated",
        confirm="on",
    )
    assert "guardian" in response.content.decode()
    act(
        client_for("social_tirana"),
        case,
        "service",
        expected=400,
        kind="return",
        started_on=today(),
    )
    act(
        client_for("social_tirana"),
        case,
        "guardian",
        name="Synthetic Guardian",
        relation="aunt",
        appointed_on=today(),
    )
    act(
        client_for("social_tirana"),
        case,
        "close",
        expected=400,
        closed_on=today(),
        reason="reintegrated",
        confirm="on",
    )
    act(
        client_for("social_tirana"),
        case,
        "plan",
        kind="best_interests",
        made_on=today(),
        note="Stay with aunt.",
    )
    act(client_for("social_tirana"), case, "service", kind="return", started_on=today())
    act(
        client_for("social_tirana"),
        case,
        "close",
        closed_on=today(),
        reason="reintegrated",
        confirm="on",
    )
    case.refresh_from_db()
    assert case.stage == "closed"


@pytest.mark.django_db
def test_a_return_abroad_needs_notice_and_a_post_return_plan(client_for):
    case = open_case_by_post(client_for("social_tirana"), citizenship="XK", foreign_national="on")
    act(client_for("social_tirana"), case, "plan", kind="risk", made_on=today(), risk_level="low")
    act(client_for("social_tirana"), case, "plan", kind="risk_management", made_on=today())
    data = {
        "direction": "outgoing",
        "service": "return",
        "partner_country": "XK",
        "partner_authority": "Synthetic Ministry of Internal Affairs",
    }
    response = act(client_for("social_tirana"), case, "referral", expected=400, **data)
    errors = response.context["form"].errors
    assert {"return_on", "return_notice_on", "post_return_plan"} <= set(errors)
    act(
        client_for("social_tirana"),
        case,
        "referral",
        return_on="2026-12-20",
        return_notice_on="2026-12-01",
        post_return_plan="Met at the border by the partner's social service.",
        **data,
    )
    referral = case.referrals.get()
    assert referral.to_organisation is None and referral.direction == "outgoing"
    # The referring side records the partner's answers.
    act(
        client_for("social_tirana"),
        case,
        "referral-answer",
        referral=referral.pk,
        answer="accept",
        reason="",
    )
    referral.refresh_from_db()
    assert referral.status == "accepted"


@pytest.mark.django_db
def test_reflection_period_is_at_least_30_days_and_only_for_foreign_nationals(client_for):
    national = open_case_by_post(client_for("social_tirana"))
    act(
        client_for("social_tirana"),
        national,
        "permit",
        expected=400,
        kind="reflection",
        starts_on="2026-01-01",
        ends_on="2026-03-01",
    )
    foreign = open_case_by_post(
        client_for("social_tirana"), citizenship="UA", foreign_national="on"
    )
    act(
        client_for("social_tirana"),
        foreign,
        "permit",
        expected=400,
        kind="reflection",
        starts_on="2026-01-01",
        ends_on="2026-01-30",
    )
    act(
        client_for("social_tirana"),
        foreign,
        "permit",
        kind="reflection",
        starts_on="2026-01-01",
        ends_on="2026-01-31",
    )
    act(
        client_for("social_tirana"),
        foreign,
        "permit",
        kind="residence",
        starts_on="2026-02-01",
        ends_on="2027-01-31",
        reference="Synthetic permit 1",
    )
    assert foreign.permits.count() == 2


@pytest.mark.django_db
def test_case_list_filters_and_name_search(client_for):
    first = open_case_by_post(client_for("social_tirana"))
    second = open_case_by_post(
        client_for("social_tirana"),
        given_name="Othername",
        family_name="Çela",
        exploitation=["labour", "begging"],
        status="identified",
    )
    client = client_for("social_tirana")
    url = reverse("cases:list")

    def codes(**params):
        return [c.code for c in client.get(url, params).context["page"]]

    assert set(codes()) == {first.code, second.code}
    assert codes(exploitation="labour") == [second.code]
    assert codes(status="identified") == [second.code]
    assert codes(q="cela") == [second.code]  # accent- and case-insensitive
    assert codes(q="otherNAME ÇELA") == [second.code]
    assert codes(q="Synthetica") == [first.code]
    assert codes(q=first.code[:6]) == [first.code]
    assert codes(q="Nobody") == []
    act(
        client_for("social_tirana"),
        first,
        "plan",
        kind="assistance",
        made_on=today(),
        steps="2020-01-01 Overdue step",
    )
    assert codes(overdue="on") == [first.code]
    act(
        client_for("social_tirana"),
        second,
        "referral",
        direction="domestic",
        to_organisation="DEQ",
        service="medical",
    )
    assert codes(open_referral="on") == [second.code]
    # Another unit sees none of them, by any search.
    assert (
        client_for("social_shkoder").get(url, {"q": "Synthetica"}).context["page"].paginator.count
        == 0
    )
    assert Case.objects.count() >= 2


@pytest.mark.django_db
def test_home_page_shows_each_worker_what_awaits_them(client_for, case):
    act(
        client_for("social_tirana"),
        case,
        "referral",
        direction="domestic",
        to_organisation="DEQ",
        service="shelter",
    )
    act(
        client_for("social_tirana"),
        case,
        "plan",
        kind="assistance",
        made_on=today(),
        steps="2020-01-01 Late step",
    )
    # tests/home covers the queues in full; here, the case section of each worker.
    assert queue(client_for("social_tirana"))["cases"] == {
        "Cases with overdue plan steps": 1,
        "Cases with a referral awaiting an answer": 1,
        "Cases with an open escalation": 0,
        "Open cases": 1,
    }
    assert queue(client_for("shelter"))["cases"]["Referrals awaiting your answer"] == 1
    assert queue(client_for("social_shkoder"))["cases"]["Open cases"] == 0
    assert "cases" not in queue(client_for("onac"))


@pytest.mark.django_db
def test_search_and_data_filters_reveal_nothing_beyond_full_access(client_for):
    """A shelter keeps a summary of a case after its referral ends: it may still find the case
    by code, but neither a name search nor a filter on case data may single it out."""
    case = open_case_by_post(client_for("social_tirana"), exploitation=["organs"])
    act(
        client_for("social_tirana"),
        case,
        "referral",
        direction="domestic",
        to_organisation="DEQ",
        service="medical",
        shared=["identity", "exploitation"],
    )
    referral = case.referrals.get()
    client = client_for("shelter")
    url = reverse("cases:list")

    def codes(**params):
        return [c.code for c in client_for("shelter").get(url, params).context["page"]]

    assert codes(q=case.code) == [case.code]
    assert codes(q="Synthetica") == []
    for answer in ("accept", "start", "complete"):
        act(
            client_for("shelter"),
            case,
            "referral-answer",
            referral=referral.pk,
            answer=answer,
            reason="",
        )
    assert codes() == [case.code] and codes(q=case.code) == [case.code]
    assert codes(q="Synthetica") == []
    assert codes(exploitation="organs") == []
    assert codes(qark="tirane") == []
    assert client.get(url, {"status": "potential"}).status_code == 200


@pytest.mark.django_db
def test_a_stale_referral_answer_is_refused(client_for, case):
    act(
        client_for("social_tirana"),
        case,
        "referral",
        direction="domestic",
        to_organisation="DEQ",
        service="shelter",
    )
    referral = case.referrals.get()
    stale = referral.version
    act(
        client_for("shelter"),
        case,
        "referral-answer",
        referral=referral.pk,
        answer="accept",
        reason="",
    )
    response = act(
        client_for("shelter"),
        case,
        "referral-answer",
        expected=400,
        referral=referral.pk,
        referral_version=stale,
        answer="decline",
        reason="Full",
    )
    assert "meanwhile" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "accepted"


@pytest.mark.django_db
def test_the_services_hold_the_rules_whatever_the_entry_point(persona):
    """The form checks again in the services: a page, the API or a command get the same."""
    from datetime import date, timedelta

    from django.core.exceptions import ValidationError

    from lidhja.cases.domain import services
    from lidhja.organisations.models import Organisation

    def attempt(**overrides):
        arguments = {
            "by": persona("police"),
            "identity_values": {"given_name": "Synthetica"},
            "details": {
                "kind": "trafficking",
                "identified_on": date(2026, 1, 1),
                "identification_source": "police",
                "minor_at_exploitation": False,
            },
            "exploitation": ["labour"],
            "status": "potential",
            "criteria": "x",
            "managing_organisation": Organisation.objects.get(code="MUN-TR"),
            **overrides,
        }
        with pytest.raises(ValidationError) as error:
            services.open_case(**arguments)
        return set(error.value.message_dict)

    before = Case.objects.count()
    assert attempt(managing_organisation=Organisation.objects.get(code="DEQ")) == {
        "managing_organisation"
    }
    assert attempt(exploitation=[]) == {"exploitation"}
    assert attempt(
        details={
            "kind": "trafficking",
            "identified_on": date(2026, 1, 1),
            "identification_source": "border",
            "minor_at_exploitation": False,
        }
    ) == {"border_point"}
    future = date.today() + timedelta(days=1)
    assert attempt(identity_values={"given_name": "x", "date_of_birth": future}) == {
        "date_of_birth"
    }
    assert Case.objects.count() == before


@pytest.mark.django_db
def test_a_transferred_case_moves_to_the_new_unit_and_leaves_the_old_one(client_for, case):
    act(client_for("social_tirana"), case, "transfer", expected=400, to="DEQ", reason="Moved.")
    act(client_for("social_tirana"), case, "transfer", expected=400, to="MUN-TR", reason="Moved.")
    act(
        client_for("social_tirana"),
        case,
        "transfer",
        to="MUN-SH",
        reason="The person moved to Shkodër.",
    )
    case.refresh_from_db()
    assert case.managing_organisation.code == "MUN-SH" and case.qark == "shkoder"
    detail = reverse("cases:detail", args=[case.code])
    assert client_for("social_tirana").get(detail).status_code == 404
    assert client_for("social_shkoder").get(detail).status_code == 200
    assert case.events.filter(kind="transferred").get().details == {
        "from": "MUN-TR",
        "to": "MUN-SH",
    }
