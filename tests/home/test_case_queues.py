"""The work queues of the referral mechanism and of the other roles: exact counts over the
cases each user may see, and each count equal to the list its link opens."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lidhja.accounts.models import Role, User
from lidhja.organisations.models import Organisation
from tests.cases.helpers import act, open_case_by_post, today
from tests.home.helpers import assert_lists_agree, queue

CASES = {
    "Cases with overdue plan steps": 0,
    "Cases with a referral awaiting an answer": 0,
    "Cases with an open escalation": 0,
    "Open cases": 0,
}


@pytest.fixture
def tirana_work(client_for):
    """Three open cases of Tirana's unit: one with a late plan step, one referred to the
    shelter (not yet answered) and escalated to the Authority, one with nothing to do."""
    worker = client_for("social_tirana")
    late, referred, quiet = (open_case_by_post(worker) for _ in range(3))
    act(worker, late, "plan", kind="assistance", made_on=today(), steps="2020-01-01 Late step")
    act(worker, referred, "referral", direction="domestic", to_organisation="DEQ",
        service="shelter")  # fmt: skip
    act(worker, referred, "escalate", level="ra", reason="international", note="Please help.")
    return late, referred, quiet


@pytest.mark.django_db
def test_case_workers_see_their_units_work(client_for, tirana_work):
    expected = {
        **CASES,
        "Cases with overdue plan steps": 1,
        "Cases with a referral awaiting an answer": 1,
        "Cases with an open escalation": 1,
        "Open cases": 3,
    }
    assert queue(client_for("social_tirana"))["cases"] == expected
    assert queue(client_for("ra"))["cases"] == expected
    for who in ("social_tirana", "ra"):
        assert_lists_agree(client_for(who))


@pytest.mark.django_db
def test_a_worker_of_another_unit_counts_none_of_them(client_for, tirana_work):
    client = client_for("social_shkoder")
    assert queue(client)["cases"] == CASES
    html = client.get(reverse("core:home")).content.decode()
    assert html.count("Nothing waiting") >= 4
    assert_lists_agree(client)


@pytest.mark.django_db
def test_a_shelter_answers_its_referrals_from_the_queue(client_for, tirana_work):
    _late, referred, _quiet = tirana_work
    shelter = client_for("shelter")
    found = queue(shelter)["cases"]
    assert found == {
        "Referrals awaiting your answer": 1,
        "Cases with overdue plan steps": 0,
        "Cases with an open escalation": 0,
        "Open cases": 1,
    }
    assert_lists_agree(shelter)
    act(shelter, referred, "referral-answer", referral=referred.referrals.get().pk,
        answer="accept")  # fmt: skip
    found = queue(client_for("shelter"))["cases"]
    assert found["Referrals awaiting your answer"] == 0
    assert found["Open cases"] == 1
    assert (
        queue(client_for("social_tirana"))["cases"]["Cases with a referral awaiting an answer"] == 0
    )
    assert_lists_agree(client_for("shelter"))


@pytest.mark.django_db
def test_a_committee_counts_the_cases_escalated_to_it_on_its_own_home(client_for, tirana_work):
    late, _referred, _quiet = tirana_work
    act(client_for("social_tirana"), late, "escalate", level="rcat", reason="flagged",
        note="Committee, please.")  # fmt: skip
    rcat = client_for("rcat")
    home = reverse("regional:home")
    found = queue(rcat, home)["cases"]
    # The committee sees whole only the case escalated to it (its late step included).
    assert found == {
        **CASES,
        "Cases with overdue plan steps": 1,
        "Cases with an open escalation": 1,
        "Open cases": 1,
    }
    assert_lists_agree(rcat, home)


@pytest.mark.django_db
def test_an_administrator_sees_accounts_waiting_for_approval(client_for):
    from lidhja.accounts.domain import services

    services.create_user(
        "new.worker",
        organisation=Organisation.objects.get(code="MUN-TR"),
        role=Role.SOCIAL_WORKER,
        password=None,
        by=User.objects.get(username="first.admin"),
    )
    client = client_for("sysadmin")
    assert queue(client) == {"accounts": {"Accounts waiting for approval": 1}}
    assert_lists_agree(client)


@pytest.mark.django_db
def test_the_helpline_counts_the_calls_of_the_day(client_for, persona):
    from tests.helpline.helpers import log

    operator = persona("helpline")
    now = timezone.localtime()
    log(operator, received_on=now.date(), received_time=now.strftime("%H:%M"))
    log(operator, received_on=now.date() - timedelta(days=2))
    client = client_for("helpline")
    assert queue(client)["helpline"] == {"Calls logged today": 1}
    assert_lists_agree(client)


@pytest.mark.django_db
def test_a_justice_office_counts_only_its_own_proceedings(client_for, persona):
    from tests.justice.helpers import register

    register(persona("prosecutor"))
    register(persona("prosecutor"))
    assert queue(client_for("prosecutor"))["justice"] == {"Proceedings of your office": 2}
    assert queue(client_for("court_clerk"))["justice"] == {"Proceedings of your office": 0}
    for who in ("prosecutor", "court_clerk"):
        assert_lists_agree(client_for(who))


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["onac", "focal_asp", "ra", "social_tirana", "police", "shelter",
                                 "prosecutor", "investigator", "court_clerk", "observer",
                                 "sysadmin", "helpline", "secretary"])  # fmt: skip
def test_every_role_has_a_queue_in_both_languages(client_for, who):
    client = client_for(who)
    assert queue(client)
    response = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="sq")
    html = response.content.decode()
    assert "What to do next" not in html and "Çfarë" in html
