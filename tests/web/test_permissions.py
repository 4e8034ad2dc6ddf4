"""Authorization as a matrix: every URL × every persona, with the exact status expected."""

import pytest
from django.urls import resolve, reverse

from lidhja.accounts.models import User
from lidhja.indicators.models import Indicator
from lidhja.monitoring.models import Obligation
from tests.conftest import PERSONAS

ALL = set(PERSONAS)
EXPORTERS = {"onac", "focal_asp", "focal_moi", "observer"}
PLAN_READERS = {"onac", "observer", "focal_asp", "focal_moi"}
# A regional committee's members report what the committee owes (it has no focal point).
MONITORS = PLAN_READERS | {"rcat"}
OWN_REPORTERS = {"focal_asp", "focal_moi", "rcat"}
INDICATOR_VIEWERS = PLAN_READERS
# Another organisation's obligation answers 404, exactly like a missing one.
NOT_FOUND = {
    (name, who)
    for name in ("report-asp", "card-asp", "evidence-asp", "stored-card-asp", "stored-card-file")
    for who in ("focal_moi", "rcat")
}
MANAGERS = {"onac"}
ADMINS = {"sysadmin"}
CASE_ROLES = {"ra", "social_tirana", "social_shkoder", "police", "shelter", "rcat"}
CASE_OPENERS = {"ra", "social_tirana", "social_shkoder", "police"}
STATISTICS = ALL - ADMINS
LINK_REVIEWERS = {"ra"}
JUSTICE_ROLES = {"prosecutor", "investigator", "court_clerk"}
OFFENCE_READERS = JUSTICE_ROLES | {"onac", "observer"}
REGISTRARS = {"onac", "sysadmin"}  # organisation.manage
TRANSLATORS = {"onac"}  # plan.translate


def _urls():
    node = {"plan": "nap-2008-2010", "chapter": "protection", "code": "1.(a).1"}
    return [
        ("home", reverse("core:home"), ALL),
        ("plans", reverse("plans:list"), ALL),
        ("tree", reverse("plans:tree", args=["nap-2008-2010"]), ALL),
        ("node", reverse("plans:node", kwargs=node), ALL),
        ("node-timeline", reverse("plans:node_timeline", kwargs=node), MANAGERS),
        ("export-xlsx", reverse("plans:export", args=["nap-2008-2010", "xlsx"]), EXPORTERS),
        ("export-json", reverse("plans:export", args=["nap-2008-2010", "json"]), EXPORTERS),
        ("organisations", reverse("organisations:list"), ALL),
        ("organisation", reverse("organisations:detail", args=["ASP"]), ALL),
        ("users", reverse("users:list"), ADMINS),
        ("user-new", reverse("users:create"), ADMINS),
        ("user-edit", "USER_EDIT", ADMINS),
        ("audit-log", reverse("audit:log"), ADMINS),
        ("audit-log-filtered", reverse("audit:log") + "?action=user.created&page=2", ADMINS),
        ("monitoring", reverse("monitoring:periods"), MONITORS),
        ("obligations", reverse("monitoring:obligations", args=["2009Q1"]), MONITORS),
        ("compliance", reverse("monitoring:compliance", args=["2009Q1"]), MONITORS),
        ("report-asp", "REPORT_ASP", MONITORS - {"focal_moi", "rcat"}),
        ("dashboard", reverse("monitoring:dashboard"), MONITORS),
        ("quarterly-page", reverse("monitoring:quarterly", args=["2009Q1"]), MONITORS),
        ("midterm-page", reverse("monitoring:midterm", args=["nap-2008-2010"]), MONITORS),
        ("chart", reverse("monitoring:chart", args=["nap-2008-2010", "2009Q1", "trend"]), MONITORS),
        (
            "quarterly-xlsx",
            reverse("monitoring:quarterly_download", args=["2009Q1", "xlsx"]),
            MONITORS,
        ),
        (
            "midterm-xlsx",
            reverse("monitoring:midterm_download", args=["nap-2008-2010", "xlsx"]),
            MONITORS,
        ),
        ("api-periods", reverse("monitoring-api:periods"), MONITORS),
        ("api-obligations", reverse("monitoring-api:obligations", args=["2009Q1"]), MONITORS),
        ("indicators", reverse("indicators:list"), INDICATOR_VIEWERS),
        ("indicator", "INDICATOR", INDICATOR_VIEWERS),
        (
            "api-indicators",
            reverse("indicators-api:list", args=["nap-2008-2010"]),
            INDICATOR_VIEWERS,
        ),
        ("resources", reverse("resources:summary"), PLAN_READERS),
        ("resources-plan", reverse("resources:plan"), {"onac", "focal_asp", "focal_moi"}),
        ("resources-rates", reverse("resources:rates"), PLAN_READERS),
        ("evaluation", reverse("evaluation:overview"), PLAN_READERS),
        ("bulk", reverse("monitoring:bulk", args=["2009Q1"]), OWN_REPORTERS),
        (
            "bulk-template",
            reverse("monitoring:bulk_template", args=["2009Q1"]),
            OWN_REPORTERS,
        ),
        ("api-resources", reverse("resources-api:lines", args=["nap-2008-2010"]), PLAN_READERS),
        (
            "card-asp",
            reverse("monitoring:card", args=["ASP", "xlsx"]),
            MONITORS - {"focal_moi", "rcat"},
        ),
        ("evidence-asp", "EVIDENCE_ASP", MONITORS - {"focal_moi", "rcat"}),
        # A stored document (made off the request path): its status page and its file.
        ("stored-card-asp", "STORED_CARD_ASP", MONITORS - {"focal_moi", "rcat"}),
        ("stored-card-file", "STORED_CARD_ASP_FILE", MONITORS - {"focal_moi", "rcat"}),
        ("evaluation-file", "EVALUATION_FILE", PLAN_READERS),
        ("api-plans", reverse("api:plans"), ALL),
        ("api-nodes", reverse("api:plan-nodes", args=["nap-2008-2010"]), ALL),
        ("api-organisations", reverse("organisations-api:list"), ALL),
        ("api-schema", reverse("api-schema"), ALL),
        ("cases", reverse("cases:list"), CASE_ROLES),
        ("cases-search", reverse("cases:list") + "?q=Synthetic&status=presumed", CASE_ROLES),
        ("case-new", reverse("cases:new"), CASE_OPENERS),
        ("referrals-received", reverse("cases:referrals"), {"shelter"}),
        ("case-statistics", reverse("cases:statistics"), STATISTICS),
        ("statistics", reverse("publication:index"), STATISTICS),
        ("statistics-definitions", reverse("publication:definitions"), STATISTICS),
        (
            "statistics-definition",
            reverse("publication:definition", args=["victims.sex"]),
            STATISTICS,
        ),
        ("statistics-period", "STATISTICS_2009Q1", STATISTICS),
        ("statistics-period-xlsx", "STATISTICS_2009Q1_XLSX", STATISTICS),
        ("api-statistics", reverse("publication-api:releases"), STATISTICS),
        ("api-statistics-definitions", reverse("publication-api:definitions"), STATISTICS),
        ("api-statistics-period", "API_STATISTICS_2009Q1", STATISTICS),
        ("api-cases", reverse("cases-api:list"), CASE_ROLES),
        ("person-links", reverse("cases:links"), LINK_REVIEWERS),
        ("person-links-rejected", reverse("cases:links") + "?status=rejected", LINK_REVIEWERS),
        ("api-person-links", reverse("cases-api:links"), LINK_REVIEWERS),
        # Exchange with UNODC and CTDC: the comparison page and its CSV (policy row
        # exchange.compare).
        ("exchange-compare", reverse("exchange:compare"), {"onac", "observer"}),
        (
            "exchange-compare-csv",
            reverse("exchange:compare") + "?country=ALB&first=2008&last=2010&format=csv",
            {"onac", "observer"},
        ),
        ("proceedings", reverse("justice:list"), JUSTICE_ROLES),
        ("proceeding-new", reverse("justice:new"), JUSTICE_ROLES),
        ("justice-statistics", reverse("justice:statistics"), STATISTICS),
        ("offences", reverse("justice:offences"), OFFENCE_READERS),
        ("offence-table", reverse("justice:offence_table", args=[1]), OFFENCE_READERS),
        ("api-proceedings", reverse("justice-api:list"), JUSTICE_ROLES),
        # Registry of organisations (organisation.manage)
        ("organisation-new", reverse("organisations:new"), REGISTRARS),
        ("organisation-edit", reverse("organisations:edit", args=["ASP"]), REGISTRARS),
        ("organisation-merge", reverse("organisations:merge", args=["ASP"]), REGISTRARS),
        ("organisations-csv", reverse("organisations:export", args=["csv"]), REGISTRARS),
        ("organisations-xlsx", reverse("organisations:export", args=["xlsx"]), REGISTRARS),
        ("api-organisation", reverse("organisations-api:detail", args=["ASP"]), ALL),
        # Plan tree and bilingual plan content (issue 11, parts 3 and 5)
        ("node-subtree", reverse("plans:subtree", kwargs=node), ALL),
        ("node-translation", reverse("plans:node_translation", kwargs=node), TRANSLATORS),
    ]


# The old addresses of the case and justice statistics lead to the national statistics.
REDIRECTS = {"case-statistics": 302, "justice-statistics": 302}
# Roles with a home page of their own are sent there from the home page (regional committees).
LANDINGS = {("home", "rcat"): 302}


def _published_2009q1() -> None:
    from lidhja.accounts.domain.actors import SYSTEM
    from lidhja.publication.domain.periods import Period
    from lidhja.publication.domain.services import publish
    from lidhja.publication.models import Release

    if not Release.objects.filter(period="2009Q1").exists():
        publish(Period(2009, 1), by=SYSTEM)


def _resolve(url: str) -> str:
    if url.startswith(("STATISTICS_2009Q1", "API_STATISTICS_2009Q1")):
        _published_2009q1()
        if url.startswith("API_"):
            return reverse("publication-api:release", args=["2009Q1"])
        page = reverse("publication:period", args=["2009Q1"])
        return page + "?format=xlsx" if url.endswith("_XLSX") else page
    if url == "USER_EDIT":
        return reverse("users:edit", args=[User.objects.get(username="onac.analyst").pk])
    if url == "EVIDENCE_ASP":
        return reverse("monitoring:evidence", args=[_asp_evidence().pk])
    if url.startswith("STORED_CARD_ASP"):
        name = "monitoring:document_file" if url.endswith("_FILE") else "monitoring:document"
        return reverse(name, args=[_stored_card().pk])
    if url == "EVALUATION_FILE":
        return reverse("evaluation:file", args=[_evaluation_with_file().pk])
    if url == "INDICATOR":
        return reverse("indicators:detail", args=[Indicator.objects.order_by("pk").first().pk])
    if url == "REPORT_ASP":
        obligation = Obligation.objects.get(
            period__code="2009Q1",
            node__chapter="prosecution",
            node__code="1.(a).1",
            organisation__code="ASP",
        )
        return reverse("monitoring:report", args=[obligation.pk])
    return url


def _asp_obligation():
    return Obligation.objects.get(
        period__code="2009Q1",
        node__chapter="prosecution",
        node__code="1.(a).1",
        organisation__code="ASP",
    )


def _asp_evidence():
    from lidhja.monitoring.domain import services
    from lidhja.monitoring.domain.evidence import add_evidence

    focal = User.objects.get(username="asp.focal")
    report = services.save_report(
        _asp_obligation(),
        {"implementation_status": "on_track", "narrative": "x", "currency": "ALL"},
        version=None,
        by=focal,
    )
    return add_evidence(report, "proof.pdf", b"%PDF-1.4 proof", by=focal)


def _stored_card():
    from lidhja.monitoring.interfaces.stored import request_document
    from lidhja.monitoring.models import ReportingPeriod
    from lidhja.organisations.models import Organisation
    from lidhja.plans.models import Plan

    return request_document(
        "card",
        "xlsx",
        "en",
        plan=Plan.objects.get(code="nap-2008-2010"),
        period=ReportingPeriod.objects.get(code="2009Q1"),
        organisation=Organisation.objects.get(code="ASP"),
    )


def _evaluation_with_file():
    from datetime import date

    from lidhja.evaluation.domain.services import record_evaluation

    return record_evaluation(
        _asp_obligation().node,
        evaluator="x",
        evaluated_on=date(2009, 1, 1),
        findings="x",
        rating="satisfactory",
        by=User.objects.get(username="onac.analyst"),
        upload=("report.pdf", b"%PDF-1.4 evaluation"),
    )


CASES = [
    pytest.param(url_name, url, who, key in allowed, id=f"{url_name}-{key}")
    for url_name, url, allowed in _urls()
    for key in sorted(PERSONAS)
    for who in [key]
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url", "who", "allowed"), CASES)
def test_matrix(client_for, name, url, who, allowed):
    url = _resolve(url)
    response = client_for(who).get(url)
    expected = 404 if (name, who) in NOT_FOUND else REDIRECTS.get(name, 200) if allowed else 403
    expected = LANDINGS.get((name, who), expected)
    assert response.status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url", "allowed"), _urls())
def test_anonymous_is_sent_to_sign_in(client, name, url, allowed):
    url = _resolve(url)
    response = client.get(url)
    if url.startswith(("/api/cases/", "/api/justice/")):
        assert response.status_code == 401  # the case and justice APIs ask for a token
    elif url.startswith("/api/"):
        assert response.status_code == 403
        assert b"Authentication credentials were not provided." in response.content
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/plans/no-such-plan/",
        "/plans/nap-2008-2010/protection/9.(z).9/",
        "/plans/nap-2008-2010/nonsense/1/",
        "/plans/nap-2008-2010/export.pdf",
        "/organisations/NOPE/",
        "/users/999999/",
    ],
)
def test_missing_objects_answer_404(client_for, url):
    who = "sysadmin" if url.startswith("/users/") else "onac"
    assert client_for(who).get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(ALL - MANAGERS))
def test_only_managers_can_post_a_timeline_and_nothing_changes(client_for, seed_plan, who):
    node = seed_plan.nodes.get(chapter="protection", code="1.(a).1")
    url = reverse("plans:node_timeline", args=["nap-2008-2010", "protection", "1.(a).1"])
    response = client_for(who).post(url, {"version": node.version, "due_end": "2011-01-01"})
    assert response.status_code == 403
    node.refresh_from_db()
    assert str(node.due_end) != "2011-01-01"


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(ALL - ADMINS))
def test_only_admins_can_create_users(client_for, who):
    before = User.objects.count()
    response = client_for(who).post(reverse("users:create"), {"username": "intruder"})
    assert response.status_code == 403
    assert User.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(ALL - {"focal_asp"}))
def test_only_the_owning_focal_point_can_post_a_report(client_for, who):
    obligation = Obligation.objects.get(
        period__code="2009Q1",
        node__chapter="prosecution",
        node__code="1.(a).1",
        organisation__code="ASP",
    )
    form = {"implementation_status": "on_track", "narrative": "x", "currency": "ALL", "version": ""}
    response = client_for(who).post(reverse("monitoring:report", args=[obligation.pk]), form)
    assert response.status_code == (404 if who in {"focal_moi", "rcat"} else 403)
    assert Obligation.objects.get(pk=obligation.pk).report_or_none is None


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(ALL - {"onac"}))
def test_only_onac_opens_periods(client_for, who):
    response = client_for(who).post(
        reverse("monitoring:periods"), {"period": "2009Q2", "plan": "nap-2008-2010"}
    )
    assert response.status_code == 403
    assert not Obligation.objects.filter(period__code="2009Q2").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(ALL - {"onac"}))
def test_only_onac_enters_indicator_values_and_computes(client_for, who):
    indicator = Indicator.objects.filter(computation="").order_by("pk").first()
    client = client_for(who)
    url = reverse("indicators:add_value", args=[indicator.pk])
    assert client.post(url, {"period": "2009Q1", "value": "1"}).status_code == 403
    assert client.post(reverse("indicators:compute"), {"period": "2009Q1"}).status_code == 403
    form = {"version": indicator.version, "name": "changed", "unit": "number"}
    assert client.post(reverse("indicators:detail", args=[indicator.pk]), form).status_code == 403
    assert not indicator.values.exists()
    indicator.refresh_from_db()
    assert indicator.name != "changed"


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(ALL - {"onac"}))
def test_only_onac_sets_exchange_rates(client_for, who):
    from lidhja.resources.models import ExchangeRate

    response = client_for(who).post(
        reverse("resources:rates"), {"year": 2009, "currency": "EUR", "lek": "130"}
    )
    assert response.status_code == 403
    assert not ExchangeRate.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(ALL - {"onac"}))
def test_only_onac_records_evaluations_and_actions(client_for, who):
    from lidhja.evaluation.models import Evaluation, RemedialAction
    from lidhja.plans.models import PlanNode

    node = PlanNode.objects.filter(level="activity").first()
    client = client_for(who)
    assert (
        client.post(
            reverse("evaluation:new_evaluation"),
            {
                "node": node.pk,
                "evaluator": "x",
                "evaluated_on": "2009-01-01",
                "rating": "satisfactory",
                "findings": "x",
            },
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("evaluation:new_action"),
            {"node": node.pk, "description": "x", "owner": "ASP", "due_date": "2009-01-01"},
        ).status_code
        == 403
    )
    assert not Evaluation.objects.exists() and not RemedialAction.objects.exists()


def _submitted_asp_report():
    from lidhja.monitoring.domain import services

    focal = User.objects.get(username="asp.focal")
    report = services.save_report(
        _asp_obligation(),
        {"implementation_status": "on_track", "narrative": "x", "currency": "ALL"},
        version=None,
        by=focal,
    )
    return services.transition(report, "submit", version=report.version, by=focal)


def _open_action():
    from datetime import date

    from lidhja.evaluation.domain.services import open_action
    from lidhja.organisations.models import Organisation

    return open_action(
        _asp_obligation().node,
        description="x",
        due_date=date(2009, 6, 30),
        owner=Organisation.objects.get(code="ASP"),
        by=User.objects.get(username="onac.analyst"),
    )


def _state():
    from lidhja.evaluation.models import RemedialAction
    from lidhja.monitoring.models import Evidence, ProgressReport, ReportingPeriod

    return (
        list(ProgressReport.objects.values_list("status", "version")),
        Evidence.objects.count(),
        list(RemedialAction.objects.values_list("status", "version")),
        list(ReportingPeriod.objects.values_list("code", "due_date")),
    )


# The URL name each state change of POSTS posts to (checked by the test below).
POST_NAMES = {
    "submit": "monitoring:submit",
    "review": "monitoring:review",
    "evidence-upload": "monitoring:evidence_upload",
    "due-date": "monitoring:due_date",
    "move-action": "evaluation:move",
}

POSTS = {
    # name: (who may, setup returning (url, data))
    "submit": (
        {"focal_asp"},
        lambda: (
            reverse("monitoring:submit", args=[_asp_obligation().pk]),
            {"version": _draft_version()},
        ),
    ),
    "review": (
        {"onac"},
        lambda: (
            reverse("monitoring:review", args=[_asp_obligation().pk]),
            {"version": _submitted_asp_report().version, "decision": "accept"},
        ),
    ),
    "evidence-upload": (
        {"focal_asp"},
        lambda: (
            reverse("monitoring:evidence_upload", args=[_asp_obligation().pk]),
            {"file": _pdf_upload(), "_draft": _draft_version()},
        ),
    ),
    "due-date": (
        {"onac"},
        lambda: (reverse("monitoring:due_date", args=["2009Q1"]), {"due_date": "2009-05-01"}),
    ),
    "move-action": (
        {"onac"},
        lambda: (
            reverse("evaluation:move", args=[_open_action().pk]),
            {"version": 1, "status": "in_progress"},
        ),
    ),
}


def _draft_version():
    from lidhja.monitoring.domain import services

    report = services.save_report(
        _asp_obligation(),
        {"implementation_status": "on_track", "narrative": "x", "currency": "ALL"},
        version=None,
        by=User.objects.get(username="asp.focal"),
    )
    return report.version


def _pdf_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("proof.pdf", b"%PDF-1.4 proof")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "who"),
    [(name, who) for name, (allowed, _setup) in POSTS.items() for who in sorted(ALL)],
)
def test_every_state_change_is_refused_to_everyone_else(client_for, name, who):
    allowed, setup = POSTS[name]
    url, data = setup()
    assert resolve(url).view_name == POST_NAMES[name]
    before = _state()
    response = client_for(who).post(url, data)
    if who in allowed:
        assert response.status_code == 302
        assert _state() != before
    else:
        hidden = who in {"focal_moi", "rcat"} and "obligations" in url
        assert response.status_code == (404 if hidden else 403)
        assert _state() == before


def _post_urls():
    """Pages that only change things, beyond the state changes above: who may post to them.
    An allowed post of an empty form is refused for its content (4xx but not 403) or
    accepted; everyone else gets 403."""
    return [
        ("evaluation-new", reverse("evaluation:new_evaluation"), MANAGERS),
        ("evaluation-action-new", reverse("evaluation:new_action"), MANAGERS),
        ("indicators-compute", reverse("indicators:compute"), MANAGERS),
        ("indicator-value", "INDICATOR_VALUE", MANAGERS),
        ("user-password", "USER_PASSWORD", ADMINS),
        ("user-approve", "USER_APPROVE", ADMINS),
        ("user-second-factor-reset", "USER_RESET_2FA", ADMINS),
        ("person-link-decide", "PERSON_LINK", LINK_REVIEWERS),
        ("api-person-link-decide", "PERSON_LINK_API", LINK_REVIEWERS),
        ("statistics-publish", reverse("publication:publish", args=["2009Q1"]), MANAGERS),
        (
            "statistics-define",
            reverse("publication:definition", args=["victims.sex"]),
            MANAGERS,
        ),
        # Registry of organisations: an empty form is refused for its content (400).
        ("organisation-add", reverse("organisations:new"), REGISTRARS),
        ("organisation-change", reverse("organisations:edit", args=["ASP"]), REGISTRARS),
        ("organisation-merge-post", reverse("organisations:merge", args=["ASP"]), REGISTRARS),
        ("organisations-import", reverse("organisations:import"), REGISTRARS),
        (
            "organisation-deactivate",
            reverse("organisations:active", args=["ASP", "deactivate"]),
            REGISTRARS,
        ),
        ("api-organisation-add", reverse("organisations-api:list"), REGISTRARS),
        *(
            (
                f"api-organisation-{name}",
                reverse(f"organisations-api:{name}", args=["ASP"]),
                REGISTRARS,
            )
            for name in ("deactivate", "reactivate", "merge")
        ),
    ]


def _resolve_post(url: str) -> str:
    if url == "INDICATOR_VALUE":
        return reverse("indicators:add_value", args=[Indicator.objects.order_by("pk").first().pk])
    names = {
        "USER_PASSWORD": "users:reset_password",
        "USER_APPROVE": "users:approve",
        "USER_RESET_2FA": "users:reset_second_factor",
    }
    if url in names:
        return reverse(names[url], args=[User.objects.get(username="onac.analyst").pk])
    if url in ("PERSON_LINK", "PERSON_LINK_API"):
        name = "cases:link_decide" if url == "PERSON_LINK" else "cases-api:link_decide"
        return reverse(name, args=[_person_link().pk, "confirm"])
    return url


def _person_link():
    """A proposed link between two persons (rows only: no identity is needed to decide)."""
    from django.utils import timezone

    from lidhja.cases.models import Person, PersonLink

    a, b = Person.objects.create(), Person.objects.create()
    return PersonLink.objects.create(
        person_a=a, person_b=b, score=0.9, source="batch", proposed_at=timezone.now()
    )


POST_ONLY = [
    pytest.param(url_name, url, key, key in allowed, id=f"{url_name}-{key}")
    for url_name, url, allowed in _post_urls()
    for key in sorted(PERSONAS)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url", "who", "allowed"), POST_ONLY)
def test_post_matrix(client_for, name, url, who, allowed):
    response = client_for(who).post(_resolve_post(url), {})
    if allowed:
        assert response.status_code != 403 and response.status_code < 500
    else:
        assert response.status_code == 403


# --- criminal-justice links decided from the case side; defendants edited -------------------

LINK_DECIDERS = {"ra", "social_tirana"}  # the Responsible Authority; the managing unit
NO_CASE_ROLE = ALL - CASE_ROLES


def _link_request(persona):
    """A MUN-TR case (opened by its own unit) and two pending requests of GPO to link it."""
    from lidhja.justice.domain import services as justice
    from tests.cases.test_access_matrix import _open
    from tests.justice.helpers import fresh, register

    case = _open(persona("social_tirana"), "MUN-TR")
    proceeding = register(persona("prosecutor"))
    links = [
        justice.link_victim(
            proceeding,
            by=persona("prosecutor"),
            version=fresh(proceeding),
            values={"case_code": case.code, "role": role},
        )
        for role in ("witness", "injured_party")
    ]
    return case, links


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(ALL))
def test_deciding_a_link_to_a_proceeding_page_and_api(client_for, persona, who):
    from lidhja.justice.models import VictimLink

    case, (first, second) = _link_request(persona)
    client = client_for(who)
    page = client.post(
        reverse("cases:action", args=[case.code, "proceeding-link"]),
        {"link": first.pk, "link_version": 1, "decision": "confirm"},
    )
    api = client.post(
        reverse("cases-api:action-proceeding-link", args=[case.code]),
        {"link": second.pk, "link_version": 1, "decision": "decline"},
        content_type="application/json",
    )
    statuses = dict(VictimLink.objects.values_list("pk", "status"))
    if who in LINK_DECIDERS:
        assert (page.status_code, api.status_code) == (302, 200)
        assert statuses == {first.pk: "confirmed", second.pk: "rejected"}
        return
    # No case role: 403; a case role without this case: 404, as for a missing case.
    expected = 403 if who in NO_CASE_ROLE else 404
    assert (page.status_code, api.status_code) == (expected, expected)
    assert statuses == {first.pk: "pending", second.pk: "pending"}
    shown = client.get(reverse("cases:detail", args=[case.code]))
    assert shown.status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(ALL))
def test_editing_a_defendant_page_and_api(client_for, persona, who):
    from lidhja.justice.models import Defendant
    from tests.justice.helpers import defendant, fresh, register

    proceeding = register(persona("prosecutor"))
    d = defendant(proceeding, persona("prosecutor"))
    data = {"version": fresh(proceeding), "defendant": d.pk, "role": "organiser"}
    client = client_for(who)
    page = client.post(reverse("justice:action", args=[proceeding.code, "defendant-edit"]), data)
    api = client.post(
        reverse("justice-api:action-defendant-edit", args=[proceeding.code]),
        {**data, "role": "harbourer"},
        content_type="application/json",
    )
    role = Defendant.objects.get().role
    if who == "prosecutor":  # the proceeding's own office only
        # The page saved first; the API then sent the version it had read: stale.
        assert (page.status_code, api.status_code, role) == (302, 409, "organiser")
        return
    expected = 404 if who in {"investigator", "court_clerk"} else 403
    assert (page.status_code, api.status_code, role) == (expected, expected, "recruiter")


# --- registry of organisations: changes by page and API -----------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(ALL))
def test_changing_the_registry_by_page_and_api(client_for, who):
    from lidhja.organisations.models import Organisation

    client = client_for(who)
    page = client.post(
        reverse("organisations:new"),
        {"code": "MUN-SR", "name": "Sarandë", "kind": "state", "level": "local"},
    )
    api = client.patch(
        reverse("organisations-api:detail", args=["TJV"]),
        {"version": 1, "name_sq": "Vizion"},
        content_type="application/json",
    )
    if who in REGISTRARS:
        assert (page.status_code, api.status_code) == (302, 200)
        assert Organisation.objects.get(code="TJV").name_sq == "Vizion"
        assert Organisation.objects.filter(code="MUN-SR").exists()
    else:
        assert (page.status_code, api.status_code) == (403, 403)
        assert not Organisation.objects.filter(code="MUN-SR").exists()
        assert Organisation.objects.get(code="TJV").name_sq == "Tjetër Vizion"


@pytest.mark.django_db
def test_a_stale_edit_answers_409_and_a_bad_field_400_on_page_and_api(client_for):
    from lidhja.organisations.models import Organisation

    client = client_for("onac")
    form = {"name": "Police", "kind": "state", "level": "national", "version": 99}
    page = client.post(reverse("organisations:edit", args=["ASP"]), form)
    assert page.status_code == 409
    api = client.patch(
        reverse("organisations-api:detail", args=["ASP"]),
        {"version": 99, "name": "Police"},
        content_type="application/json",
    )
    assert api.status_code == 409
    bad = client.post(reverse("organisations:edit", args=["ASP"]), {**form, "kind": "church"})
    assert bad.status_code == 400
    assert b"id_kind_error" in bad.content
    api = client.post(
        reverse("organisations-api:list"),
        {"code": "bad code", "name": "x", "kind": "state", "level": "local"},
        content_type="application/json",
    )
    assert api.status_code == 400 and "code" in api.json()
    assert Organisation.objects.get(code="ASP").name == "Albanian State Police"


@pytest.mark.django_db
def test_merge_and_import_pages(client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lidhja.organisations.models import Organisation

    client = client_for("onac")
    tjv = Organisation.objects.get(code="TJV")
    refused = client.post(
        reverse("organisations:merge", args=["BKTF"]),
        {"into": "TDH", "version": Organisation.objects.get(code="BKTF").version},
    )
    assert refused.status_code == 409
    assert b"would duplicate rows of TDH" in refused.content
    done = client.post(
        reverse("organisations:merge", args=["TJV"]), {"into": "VATRA", "version": tjv.version}
    )
    assert done.status_code == 302
    assert Organisation.objects.get(code="TJV").merged_into.code == "VATRA"
    bad = SimpleUploadedFile(
        "orgs.csv", b"code,name,name_sq,kind,level,qark,parent,member_of\nx y,,,,,,,\n"
    )
    response = client.post(reverse("organisations:import"), {"file": bad})
    assert response.status_code == 400
    assert b"row 2: code:" in response.content
    detail = client.get(reverse("organisations:detail", args=["RCATS"]))
    assert detail.content.count(b'href="/organisations/RCAT-') == 12


# Bilingual plan content (issue 11, part 5): only ONAC posts a translation; nothing changes
# and nothing is audited on a refused post.
@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(ALL))
def test_only_translators_can_post_a_translation(client_for, seed_plan, who):
    from lidhja.audit.models import AuditEntry
    from lidhja.plans.models import PlanNode

    node = PlanNode.objects.get(plan=seed_plan, chapter="protection", code="1.(a).1")
    url = reverse("plans:node_translation", args=["nap-2008-2010", "protection", "1.(a).1"])
    response = client_for(who).post(url, {"version": node.version, "text_sq": "Teksti shqip"})
    translated = AuditEntry.objects.filter(action="plan_node.translated").count()
    if who in TRANSLATORS:
        assert (response.status_code, translated) == (302, 1)
        assert PlanNode.objects.get(pk=node.pk).text_sq == "Teksti shqip"
    else:
        assert (response.status_code, translated) == (403, 0)
        assert PlanNode.objects.get(pk=node.pk).text_sq == ""
