"""Forms that guide (issue 11, part 4): an error summary at the top of a form that links to
each field, option groups in a fieldset with a legend and their error tied to it, help and
errors announced through ids that exist, "(optional)" markers, and no pre-selected risky
answers."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from lidhja.accounts.models import User
from lidhja.cases.models import Referral
from lidhja.evaluation.models import Evaluation
from lidhja.monitoring.domain import services as monitoring
from lidhja.monitoring.models import Obligation
from lidhja.organisations.models import Organisation
from lidhja.plans.models import PlanNode
from tests.cases.helpers import act, open_case_by_post
from tests.monitoring.test_workflow import GOOD

SUMMARY_OPEN = (
    '<div class="form-errors error-summary" role="alert" tabindex="-1" data-error-summary>\n'
    "<h2>There is a problem</h2>\n<ul>"
)


def _summary(html: str) -> str:
    start = html.index('<div class="form-errors error-summary"')
    return html[start : html.index("</div>", start) + len("</div>")]


def _ids(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


def _described_by(html: str) -> list[str]:
    return [i for value in re.findall(r'aria-describedby="([^"]+)"', html) for i in value.split()]


def _assert_links_land(html: str) -> list[str]:
    """The summary's links, each to an id the page has."""
    targets = re.findall(r'<a href="#([^"]+)">', _summary(html))
    assert targets and set(targets) <= _ids(html)
    return targets


# --- the error summary -----------------------------------------------------------------------


@pytest.mark.django_db
def test_error_summary_lists_every_field_error_and_links_to_its_field(client_for):
    response = client_for("social_tirana").post(reverse("cases:new"), {"kind": "trafficking"})
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count("data-error-summary") == 1
    assert html.index(SUMMARY_OPEN) < html.index('<label for="id_given_name">')
    summary = _summary(html)
    assert '<li><a href="#id_given_name">Given name: This field is required.</a></li>' in summary
    assert (
        '<li><a href="#id_identification_source">Identification source: This field is required.'
        "</a></li>"
    ) in summary
    assert '<li><a href="#id_criteria">Grounds for opening the case: This field is' in summary
    errors = response.context["form"].errors
    assert _assert_links_land(html) == [f"id_{name}" for name in errors]
    # Each field's own error is where aria-describedby points.
    assert (
        '<p class="field-error" id="id_given_name_error"><span class="visually-hidden">Error: '
        "</span>This field is required.</p>"
    ) in html
    assert 'aria-invalid="true" aria-describedby="id_given_name_error"' in html
    assert set(_described_by(html)) <= _ids(html)


@pytest.mark.django_db
def test_error_summary_shows_errors_of_the_whole_form_without_a_link(client_for):
    case = open_case_by_post(client_for("social_tirana"))
    stale = case.version
    act(client_for("social_tirana"), case, "note", note="First.")
    response = act(
        client_for("social_tirana"), case, "note", expected=409, version=stale, note="Second."
    )
    summary = _summary(response.content.decode())
    (error,) = response.context["form"].non_field_errors()
    assert summary.startswith(SUMMARY_OPEN + f"<li>{error}</li>")


def test_error_summary_links_a_group_to_its_first_option():
    class Form(forms.Form):
        answer = forms.ChoiceField(
            label="Answer", choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect
        )

    with translation.override("en"):
        html = render_to_string("_form_errors.html", {"form": Form({})})
    assert '<li><a href="#id_answer_0">Answer: This field is required.</a></li>' in html


def test_error_summary_is_absent_without_errors_and_focused_by_a_static_script(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert "data-error-summary" not in html
    assert re.search(r'<script src="/static/lidhja/forms(\.[0-9a-f]+)?\.js" defer></script>', html)
    assert "<script>" not in html


@pytest.mark.django_db
def test_sign_in_error_is_a_summary_that_takes_focus(client):
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert (
        '<div class="form-errors error-summary" role="alert" tabindex="-1" data-error-summary>'
        "<p>The user name or password is not correct.</p></div>"
    ) in response.content.decode()


# --- groups in a fieldset, help text announced ------------------------------------------------


@pytest.fixture
def submitted_report(persona):
    obligation = Obligation.objects.get(
        period__code="2009Q1",
        node__chapter="prosecution",
        node__code="1.(a).1",
        organisation__code="ASP",
    )
    focal = persona("focal_asp")
    report = monitoring.save_report(obligation, GOOD, version=None, by=focal)
    return obligation, monitoring.transition(report, "submit", version=1, by=focal)


@pytest.mark.django_db
def test_a_radio_group_sits_in_a_fieldset_with_its_error_tied_to_it(client_for, submitted_report):
    obligation, report = submitted_report
    client = client_for("onac")
    page = client.get(reverse("monitoring:report", args=[obligation.pk])).content.decode()
    assert '<fieldset class="field field-group">\n  <legend>Decision</legend>' in page
    assert '<input type="radio" name="decision" value="accept" required id="id_decision_0">' in (
        page
    )
    assert "checked" not in page[page.index('name="decision"') - 200 : page.index("</fieldset>")]
    response = client.post(
        reverse("monitoring:review", args=[obligation.pk]), {"version": report.version}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        '<fieldset class="field field-group has-error" aria-describedby="id_decision_error">\n'
        "  <legend>Decision</legend>"
    ) in html
    assert '<p class="field-error" id="id_decision_error">' in html
    assert '<a href="#id_decision_0">Decision: This field is required.</a>' in html
    _assert_links_land(html)


@pytest.mark.django_db
def test_a_checkbox_group_has_a_legend_and_its_help_is_announced(client_for):
    case = open_case_by_post(client_for("social_tirana"))
    url = reverse("cases:action", args=[case.code, "referral"])
    html = client_for("social_tirana").get(url).content.decode()
    assert (
        '<fieldset class="field field-group" aria-describedby="id_shared_helptext">\n'
        "  <legend>Share with the receiving organisation</legend>"
    ) in html
    assert (
        '<small class="field-help" id="id_shared_helptext">Share only what the service needs. '
        "The case code is always shared.</small>"
    ) in html
    assert '<label for="">' not in html
    bad = client_for("social_tirana").post(
        url, {"version": case.version, "direction": "domestic", "shared": "everything"}
    )
    assert bad.status_code == 400
    html = bad.content.decode()
    assert 'aria-describedby="id_shared_helptext id_shared_error"' in html
    assert '<a href="#id_shared_0">Share with the receiving organisation: Select a valid' in html
    _assert_links_land(html)
    assert set(_described_by(html)) <= _ids(html)


@pytest.mark.django_db
def test_help_text_of_a_single_field_is_announced(client_for):
    case = open_case_by_post(client_for("social_tirana"))
    html = client_for("social_tirana").get(reverse("cases:detail", args=[case.code])).content
    html = html.decode()
    assert 'aria-describedby="id_purpose_helptext"' in html
    assert (
        '<small class="field-help" id="id_purpose_helptext">Exports of personal data are logged '
        "with their purpose.</small>"
    ) in html
    assert '_help"' not in html


# --- "(optional)" and "(required)" markers ----------------------------------------------------


@pytest.mark.django_db
def test_optional_fields_are_marked_where_most_are_required(client_for):
    client = client_for("onac")
    html = client.get(reverse("evaluation:overview")).content.decode()
    assert (
        '<label for="id_file">Evaluation report (PDF, DOCX, …) '
        '<span class="field-mark">(optional)</span></label>'
    ) in html
    assert '<label for="id_evaluator">Evaluator</label>' in html
    # The remedial-action form on the same page has fields of the same names, not the same ids.
    assert html.count('id="id_node"') == 1 and '<label for="action_node">Activity</label>' in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    html = client.get(reverse("evaluation:overview"), HTTP_ACCEPT_LANGUAGE="sq").content.decode()
    assert '<span class="field-mark">(opsionale)</span></label>' in html


@pytest.mark.django_db
def test_required_fields_are_marked_where_most_are_optional(client_for):
    case = open_case_by_post(client_for("social_tirana"))
    url = reverse("cases:action", args=[case.code, "referral"])
    html = client_for("social_tirana").get(url).content.decode()
    assert (
        '<label for="id_direction">Direction <span class="field-mark">(required)</span></label>'
    ) in html
    assert '<label for="id_service">Service <span class="field-mark">(required)</span></label>' in (
        html
    )
    assert '<label for="id_note">Note to the receiving organisation</label>' in html
    assert "(optional)" not in html
    html = client_for("social_tirana").get(url, HTTP_ACCEPT_LANGUAGE="sq").content.decode()
    assert '<span class="field-mark">(e detyrueshme)</span></label>' in html


def test_a_form_of_one_kind_and_single_checkboxes_carry_no_marker():
    class Form(forms.Form):
        name = forms.CharField(label="Name")
        place = forms.CharField(label="Place")
        agree = forms.BooleanField(label="Agree", required=False)

    with translation.override("en"):
        html = "".join(render_to_string("_field.html", {"field": field}) for field in Form())
    assert "field-mark" not in html
    assert '<span class="checkbox"><input type="checkbox" name="agree" id="id_agree"> ' in html


# --- no risky defaults --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_users_role_is_not_chosen_in_advance(client_for):
    client = client_for("sysadmin")
    html = client.get(reverse("users:create")).content.decode()
    assert re.search(
        r'<select name="role" required id="id_role">\s*<option value="" selected>–', html
    )
    before = User.objects.count()
    response = client.post(
        reverse("users:create"),
        {
            "username": "focal.three",
            "organisation": Organisation.objects.get(code="ASP").pk,
        },
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["role"]
    assert '<a href="#id_role">Role: This field is required.</a>' in response.content.decode()
    assert User.objects.count() == before


@pytest.mark.django_db
def test_an_evaluation_rating_is_not_chosen_in_advance(client_for, seed_plan):
    client = client_for("onac")
    html = client.get(reverse("evaluation:overview")).content.decode()
    assert re.search(
        r'<select name="rating" required id="id_rating">\s*<option value="" selected>–', html
    )
    node = PlanNode.objects.filter(plan=seed_plan, level="activity").order_by("position")[0]
    response = client.post(
        reverse("evaluation:new_evaluation"),
        {
            "node": node.pk,
            "evaluator": "External",
            "evaluated_on": "2009-11-02",
            "findings": "Good",
        },
    )
    assert response.status_code == 400
    assert list(response.context["evaluation_form"].errors) == ["rating"]
    assert '<a href="#id_rating">Rating: This field is required.</a>' in response.content.decode()
    assert not Evaluation.objects.exists()


@pytest.fixture
def sent_referral(client_for):
    case = open_case_by_post(client_for("social_tirana"))
    act(
        client_for("social_tirana"),
        case,
        "referral",
        direction="domestic",
        to_organisation="DEQ",
        service="shelter",
    )
    return case, case.referrals.get()


@pytest.mark.django_db
def test_a_referral_answer_is_not_chosen_in_advance(client_for, sent_referral):
    case, referral = sent_referral
    shelter = client_for("shelter")
    detail = shelter.get(reverse("cases:detail", args=[case.code])).content.decode()
    assert (
        f'<select id="answer-{referral.pk}" name="answer" required><option value="">–</option>'
        '<option value="accept">Accept</option><option value="decline">Decline</option></select>'
    ) in detail
    page = shelter.get(reverse("cases:action", args=[case.code, "referral-answer"]))
    assert re.search(
        r'<select name="answer" required id="id_answer">\s*<option value="" selected>–',
        page.content.decode(),
    )
    response = act(shelter, case, "referral-answer", expected=400, referral=referral.pk, reason="")
    assert list(response.context["form"].errors) == ["answer"]
    assert '<a href="#id_answer">Answer: This field is required.</a>' in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "sent"


@pytest.mark.django_db
def test_declining_without_a_reason_keeps_the_answer_and_names_the_reason(
    client_for, sent_referral
):
    case, referral = sent_referral
    response = act(
        client_for("shelter"),
        case,
        "referral-answer",
        expected=400,
        referral=referral.pk,
        answer="decline",
        reason="  ",
    )
    assert list(response.context["form"].errors) == ["reason"]
    html = response.content.decode()
    assert '<a href="#id_reason">Reason for declining: Give the reason for declining.</a>' in html
    assert '<option value="decline" selected>Decline</option>' in html
    assert f'<input type="hidden" name="referral" value="{referral.pk}"' in html
    assert f'<input type="hidden" name="referral_version" value="{referral.version}"' in html
    assert html.index("data-error-summary") < html.index('<label for="id_answer">')
    referral.refresh_from_db()
    assert referral.status == "sent" and referral.version == 1


@pytest.mark.django_db
def test_the_api_still_takes_a_referral_answer_without_a_form_default(client_for, sent_referral):
    case, referral = sent_referral
    response = client_for("shelter").post(
        reverse("cases-api:action-referral-answer", args=[case.code]),
        {"referral": referral.pk, "referral_version": referral.version, "reason": ""},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["answer"]
    assert Referral.objects.get(pk=referral.pk).status == "sent"
