"""Every URL the application serves is in a permission matrix: a new page or endpoint without
its row fails here, so nobody forgets to decide who may reach it."""

from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from tests.campaigns import test_permissions as campaign_matrix
from tests.cases import test_access_matrix as case_matrix
from tests.coordination import test_permissions as coordination_matrix
from tests.helpline import test_permissions as helpline_matrix
from tests.justice import test_access_matrix as justice_matrix
from tests.monitoring import test_permissions as monitoring_matrix
from tests.regional import test_permissions as regional_matrix
from tests.trainings import test_access_matrix as trainings_matrix
from tests.web import test_permissions as web_matrix

# Placeholders of the web matrix that need the database; their URL names are known.
PLACEHOLDERS = {
    "USER_EDIT": "users:edit",
    "REPORT_ASP": "monitoring:report",
    "INDICATOR": "indicators:detail",
    "EVIDENCE_ASP": "monitoring:evidence",
    "STORED_CARD_ASP": "monitoring:document",
    "STORED_CARD_ASP_FILE": "monitoring:document_file",
    "EVALUATION_FILE": "evaluation:file",
    "INDICATOR_VALUE": "indicators:add_value",
    "USER_PASSWORD": "users:reset_password",
    "USER_APPROVE": "users:approve",
    "USER_RESET_2FA": "users:reset_second_factor",
    "PERSON_LINK": "cases:link_decide",
    "PERSON_LINK_API": "cases-api:link_decide",
    "STATISTICS_2009Q1": "publication:period",
    "STATISTICS_2009Q1_XLSX": "publication:period",
    "API_STATISTICS_2009Q1": "publication-api:release",
}

# URLs outside the matrices, each with the reason.
EXEMPT = {
    "accounts:login": "open to everyone, by design",
    "accounts:logout": "ends the session of whoever calls it",
    "accounts:password_change": "each signed-in user's own password (tests/accounts)",
    "accounts:otp_verify": "each user's own second factor (tests/accounts/test_second_factor.py)",
    "accounts:otp_enrol": "each user's own second factor (tests/accounts/test_second_factor.py)",
    "set_language": "Django's language switch, no data",
    "core:healthz": "unauthenticated health probe, answers no data (tests/core)",
}


def _names(patterns, namespace: str = "") -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def _served() -> set[str]:
    # Django's own admin-less site and static serving are not ours to list.
    return {name for name in _names(get_resolver().url_patterns) if not name.startswith("djdt")}


def _covered() -> set[str]:
    names = set()
    for _name, url, _allowed in [*web_matrix._urls(), *web_matrix._post_urls()]:
        names.add(PLACEHOLDERS.get(url) or resolve(url.split("?")[0]).view_name)
    names |= set(web_matrix.POST_NAMES.values())
    code = "C-TESTCODE"
    for _name, url, _allowed in case_matrix._pages(code):
        names.add(resolve(url).view_name)
    for _method, _name, url, _allowed in case_matrix._api(code):
        names.add(resolve(url).view_name)
    names.add(resolve(reverse("cases:attachment", args=[code, 1])).view_name)
    names.add(resolve(reverse("cases:export", args=[code])).view_name)
    for _name, url in justice_matrix._pages("P-TESTCODE"):
        names.add(resolve(url).view_name)
    for _method, _name, url in justice_matrix._api("P-TESTCODE"):
        names.add(resolve(url).view_name)
    names |= {resolve(url).view_name for url in regional_matrix.all_urls()}
    names.add("justice:offence_change")  # tests/justice/test_access_matrix.py, posted per persona
    for _name, url, _allowed in trainings_matrix._pages(1, "R-TESTCODE"):
        names.add(resolve(url.split("?")[0]).view_name)
    for _name, url, _allowed in trainings_matrix._api(1):
        names.add(resolve(url.split("?")[0]).view_name)
    for _method, _name, url, _allowed in trainings_matrix._api_writes(1, "R-TESTCODE"):
        names.add(resolve(url).view_name)
    # Helpline (tests/helpline/test_permissions.py)
    for _name, url, _allowed in helpline_matrix._pages("HL-2009-000001"):
        names.add(resolve(url.split("?")[0]).view_name)
    for _method, _name, url, _allowed in helpline_matrix._api("HL-2009-000001"):
        names.add(resolve(url.split("?")[0]).view_name)
    names |= coordination_matrix.covered()
    names |= campaign_matrix.url_names()  # tests/campaigns/test_permissions.py
    names |= monitoring_matrix.url_names()  # tests/monitoring/test_permissions.py
    return names


def test_every_served_url_is_in_a_permission_matrix():
    missing = _served() - _covered() - set(EXEMPT)
    assert sorted(missing) == []


def test_the_exemptions_name_urls_that_exist():
    assert set(EXEMPT) - _served() == set()
