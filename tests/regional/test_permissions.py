"""Who reaches the regional committees' pages and endpoints, as a matrix: every URL × every
persona with the exact status, over assessments of two committees (Tirana, the RCAT persona's,
and Shkodër, which no persona belongs to)."""

import pytest
from django.urls import reverse

from lidhja.organisations.models import Organisation
from lidhja.regional.domain import services
from lidhja.regional.domain.halves import Half
from lidhja.regional.models import Assessment
from tests.conftest import PERSONAS
from tests.regional.helpers import COMPLETE

ALL = set(PERSONAS)
VIEWERS = {"onac", "observer", "rcat"}
H1 = Half(2009, 1)


def _pages():
    """(name, url, {persona: status}) of every page, with GET."""
    tr, sh = ("RCAT-TR", "2009H1"), ("RCAT-SH", "2009H1")
    everyone_else = dict.fromkeys(ALL, 403)
    yield "list", reverse("regional:list"), {**everyone_else, **dict.fromkeys(VIEWERS, 200)}
    yield "home", reverse("regional:home"), {**everyone_else, "rcat": 200}
    own = {**everyone_else, **dict.fromkeys(VIEWERS, 200)}
    other = {**own, "rcat": 404}
    yield "assessment-own", reverse("regional:assessment", args=tr), own
    yield "assessment-other", reverse("regional:assessment", args=sh), other
    yield "xlsx-own", reverse("regional:download", args=(*tr, "xlsx")), own
    yield "xlsx-other", reverse("regional:download", args=(*sh, "xlsx")), other
    yield "pdf-own", reverse("regional:download", args=(*tr, "pdf")), own
    section = ("risks",)
    yield (
        "section-own",
        reverse("regional:section", args=(*tr, *section)),
        {**everyone_else, "rcat": 200},
    )
    yield (
        "section-other",
        reverse("regional:section", args=(*sh, *section)),
        {**everyone_else, "rcat": 404},
    )
    yield "api-list", reverse("regional-api:assessments"), own
    yield "api-own", reverse("regional-api:assessment", args=tr), own
    yield "api-other", reverse("regional-api:assessment", args=sh), other


def _posts():
    """(name, method, url, payload, {persona: status}) of every state change, on Tirana's
    assessment (section and start on a draft, submit on a complete draft, review on a
    submitted one)."""
    tr = ("RCAT-TR", "2009H1")
    refused = dict.fromkeys(ALL, 403)
    rows = {
        "risks-TOTAL_FORMS": "1",
        "risks-INITIAL_FORMS": "0",
        "risks-0-risk": "Synthetic",
        "risks-0-likelihood": "low",
        "risks-0-groups": "Youth",
    }
    yield (
        "start",
        "post",
        reverse("regional:start", args=("RCAT-TR", "2009H2")),
        {},
        {**refused, "rcat": 302},
    )
    yield (
        "section",
        "post",
        reverse("regional:section", args=(*tr, "risks")),
        rows,
        {**refused, "rcat": 302},
    )
    yield "submit", "post", reverse("regional:submit", args=tr), {}, {**refused, "rcat": 302}
    yield (
        "review",
        "post",
        reverse("regional:review", args=tr),
        {"decision": "accept"},
        {**refused, "onac": 302},
    )
    yield (
        "api-start",
        "post",
        reverse("regional-api:assessment", args=("RCAT-TR", "2009H2")),
        {},
        {**refused, "rcat": 201},
    )
    yield (
        "api-section",
        "put",
        reverse("regional-api:section", args=(*tr, "narrative")),
        {"narrative": "Synthetic."},
        {**refused, "rcat": 200},
    )
    yield (
        "api-submit",
        "post",
        reverse("regional-api:step", args=(*tr, "submit")),
        {},
        {**refused, "rcat": 200},
    )
    yield (
        "api-review",
        "post",
        reverse("regional-api:step", args=(*tr, "accept")),
        {},
        {**refused, "onac": 200},
    )


def all_urls():
    """Every URL of the matrices, for tests/web/test_matrix_complete.py."""
    return [url for _n, url, _s in _pages()] + [url for _n, _m, url, _p, _s in _posts()]


@pytest.fixture
def assessments(db):
    """A draft of 2009H1 of Tirana's committee and one of Shkodër's."""
    return {
        code: Assessment.objects.create(
            organisation=Organisation.objects.get(code=code), year=2009, half=1
        )
        for code in ("RCAT-TR", "RCAT-SH")
    }


def _complete(assessment, persona, submit=False):
    user = persona("rcat")
    for name, data in COMPLETE.items():
        assessment = services.save_section(
            assessment, name, data, version=assessment.version, by=user
        )
    if submit:
        assessment = services.transition(assessment, "submit", version=assessment.version, by=user)
    return assessment


PAGE_CASES = [
    pytest.param(url, who, expected[who], id=f"{name}-{who}")
    for name, url, expected in _pages()
    for who in sorted(ALL)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "who", "expected"), PAGE_CASES)
def test_page_matrix(client_for, assessments, url, who, expected):
    assert client_for(who).get(url).status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url", "expected"), [(n, u, 302) for n, u, _s in _pages()])
def test_anonymous_is_sent_to_sign_in(client, assessments, name, url, expected):
    response = client.get(url)
    if url.startswith("/api/"):
        assert response.status_code == 403
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


POST_CASES = [
    pytest.param(name, method, url, payload, who, expected[who], id=f"{name}-{who}")
    for name, method, url, payload, expected in _posts()
    for who in sorted(ALL)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method", "url", "payload", "who", "expected"), POST_CASES)
def test_post_matrix(client_for, persona, assessments, name, method, url, payload, who, expected):
    tirana = assessments["RCAT-TR"]
    if name.endswith(("submit", "review")):
        tirana = _complete(tirana, persona, submit=name.endswith("review"))
    payload = {"version": tirana.version, **payload}
    before = list(Assessment.objects.order_by("pk").values_list("pk", "status", "version"))
    client = client_for(who)
    if method == "put":
        response = client.put(url, payload, content_type="application/json")
    elif url.startswith("/api/"):
        response = client.post(url, payload, content_type="application/json")
    else:
        response = client.post(url, payload)
    assert response.status_code == expected
    after = list(Assessment.objects.order_by("pk").values_list("pk", "status", "version"))
    assert (after == before) == (expected == 403)
