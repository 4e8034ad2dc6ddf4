"""The OpenAPI schema: valid, without warnings, with every case endpoint's error answers
described and no ambiguous choice between a vocabulary and the empty value."""

import json

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse

from lidhja.cases.domain.steps import STEPS as ACTIONS


@pytest.fixture
def schema(client_for) -> dict:
    response = client_for("ra").get(reverse("api-schema"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert yaml.safe_load(out.read_text())["openapi"].startswith("3.")


@pytest.mark.django_db
def test_every_case_endpoint_describes_its_errors(schema):
    paths = schema["paths"]
    documented = {
        (method, path): sorted(int(code) for code in operation["responses"] if code[0] in "45")
        for path, item in paths.items()
        if path.startswith("/api/cases/")
        for method, operation in item.items()
    }
    actions = {("post", f"/api/cases/{{code}}/actions/{name}/") for name in ACTIONS}
    assert documented == {
        ("get", "/api/cases/"): [400, 401, 403],
        ("post", "/api/cases/"): [400, 401, 403, 409],
        ("get", "/api/cases/{code}/"): [401, 403, 404],
        **{action: [400, 401, 403, 404, 409] for action in actions},
        ("get", "/api/cases/links/"): [400, 401, 403],
        ("post", "/api/cases/links/{id}/{decision}/"): [400, 401, 403, 404, 409],
    }
    conflict = paths["/api/cases/{code}/actions/note/"]["post"]["responses"]["409"]
    assert conflict["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CaseConflict"
    }


@pytest.mark.django_db
def test_a_choice_that_may_be_blank_is_any_of_the_vocabulary_or_empty(schema):
    case_schemas = {
        name: body for name, body in schema["components"]["schemas"].items() if "Case" in name
    }
    assert '"oneOf"' not in json.dumps([body.get("properties") for body in case_schemas.values()])
    blank = [
        prop["anyOf"]
        for body in case_schemas.values()
        for prop in body.get("properties", {}).values()
        if "anyOf" in prop
    ]
    vocabularies = [choice for choice in blank if "$ref" in choice[0]]
    assert vocabularies and all(c[1] == {"type": "string", "enum": [""]} for c in vocabularies)
    assert [{"type": "string", "format": "email"}, {"type": "string", "maxLength": 0}] in blank


@pytest.mark.django_db
def test_every_trainings_endpoint_describes_its_errors(schema):
    documented = {
        (method, path): sorted(int(code) for code in operation["responses"] if code[0] in "45")
        for path, item in schema["paths"].items()
        if path.startswith("/api/trainings/")
        for method, operation in item.items()
    }
    assert documented == {
        ("get", "/api/trainings/events/"): [400, 401, 403],
        ("post", "/api/trainings/events/"): [400, 401, 403],
        ("get", "/api/trainings/events/{id}/"): [401, 403, 404],
        ("put", "/api/trainings/events/{id}/"): [400, 401, 403, 404, 409],
        ("put", "/api/trainings/events/{id}/attendance/"): [400, 401, 403, 404, 409],
        ("get", "/api/trainings/roster/"): [400, 401, 403],
        ("post", "/api/trainings/roster/"): [400, 401, 403],
        ("get", "/api/trainings/roster/{reference}/"): [401, 403, 404],
        ("put", "/api/trainings/roster/{reference}/"): [400, 401, 403, 404, 409],
        ("get", "/api/trainings/coverage/"): [400, 401, 403],
    }
    components = schema["components"]["schemas"]
    # the input of a change is the page form's, field for field, with the version read
    assert sorted(components["TrainingEventChange"]["properties"]) == [
        "ends_on",
        "module",
        "node",
        "place",
        "provider",
        "qark",
        "starts_on",
        "target_group",
        "version",
    ]
    assert sorted(components["RosterMemberInput"]["required"]) == [
        "active_from",
        "family_name",
        "function",
        "organisation",
        "sex",
    ]
