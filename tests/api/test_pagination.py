"""Every API list pages with `limit` and `offset` (lidhja.core.pagination): a value it does not
take answers 400 naming the parameter, never a 500; an offset past the end is an empty page."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.mixins import ListModelMixin

# Every list endpoint: its URL name, its arguments, and a persona who may read it.
LISTS = {
    "api:plans": ({}, "onac"),
    "api:plan-nodes": ({"plan": "nap-2008-2010"}, "onac"),
    "organisations-api:list": ({}, "onac"),
    "monitoring-api:periods": ({}, "onac"),
    "monitoring-api:obligations": ({"period": "2009Q1"}, "onac"),
    "indicators-api:list": ({"plan": "nap-2008-2010"}, "onac"),
    "resources-api:lines": ({"plan": "nap-2008-2010"}, "onac"),
    "cases-api:list": ({}, "ra"),
    "justice-api:list": ({}, "prosecutor"),
    "publication-api:releases": ({}, "observer"),
    "publication-api:definitions": ({}, "observer"),
    "coordination-api:bodies": ({}, "onac"),
    "coordination-api:meetings": ({}, "onac"),
    "coordination-api:decisions": ({}, "onac"),
    "regional-api:assessments": ({}, "onac"),
    "helpline-api:calls": ({}, "helpline"),
    "campaigns-api:list": ({}, "onac"),
}
REFUSED = {
    "limit": ["-1", "0", "abc", "1.5", "1e3", "+5", " 5", "", "1001", str(10**30), "9" * 5000],
    "offset": ["-1", "abc", "1.5", "", str(10**30), "9" * 5000, "٣"],
}


def list_endpoints(patterns=None, namespace="") -> set[str]:
    """The URL names of every view that lists (a DRF ListModelMixin), found in the URLconf."""
    found = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found |= list_endpoints(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "view_class", None)
            if view is not None and issubclass(view, ListModelMixin):
                found.add(f"{namespace}{pattern.name}")
    return found


def test_every_list_endpoint_is_checked_here():
    assert list_endpoints() == set(LISTS)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(LISTS))
def test_a_value_the_api_does_not_take_answers_400_naming_it(name, client_for, api_data):
    kwargs, who = LISTS[name]
    client = client_for(who)
    url = reverse(name, kwargs=kwargs)
    for parameter, values in REFUSED.items():
        for value in values:
            response = client.get(url, {parameter: value})
            assert response.status_code == 400, (parameter, value)
            assert list(response.json()) == [parameter], (parameter, value)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(LISTS))
def test_pages_and_an_offset_past_the_end(name, client_for, api_data):
    kwargs, who = LISTS[name]
    client = client_for(who)
    url = reverse(name, kwargs=kwargs)
    whole = client.get(url, {"limit": "1000"}).json()
    assert whole["count"] >= 1
    first = client.get(url, {"limit": "1", "offset": "0"}).json()
    assert first["count"] == whole["count"]
    assert first["results"] == whole["results"][:1]
    past = client.get(url, {"offset": str(2**63 - 1)})
    assert past.status_code == 200
    assert past.json()["results"] == []
    assert past.json()["count"] == whole["count"]


@pytest.mark.django_db
def test_the_default_and_largest_page(client_for):
    client = client_for("onac")
    url = reverse("organisations-api:list")
    assert len(client.get(url).json()["results"]) == 100
    assert len(client.get(url, {"limit": "1000"}).json()["results"]) == 137
    response = client.get(url, {"limit": "1001"})
    assert response.json() == {"limit": ["Give a whole number from 1 to 1000."]}


@pytest.mark.django_db
def test_the_schema_gives_the_bounds(client_for):
    schema = client_for("onac").get(reverse("api-schema"), HTTP_ACCEPT="application/json").json()
    parameters = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/plans/"]["get"]["parameters"]
    }
    assert parameters["limit"] == {"type": "integer", "minimum": 1, "maximum": 1000}
    assert parameters["offset"] == {"type": "integer", "minimum": 0, "maximum": 2**63 - 1}
