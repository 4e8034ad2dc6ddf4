"""Schemathesis over /api/schema/, in process through the WSGI application, for four personas
signed in with personal tokens: a Responsible Authority officer, a municipal social worker, a
shelter worker and an ONAC analyst (no case role). No answer may be a server error.

The run is bounded and repeatable: a few derandomised examples per operation, valid and
invalid, once with the path naming the seeded case, plan and period, once with generated
paths."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode

from lidhja.trainings.models import RosterMember, TrainingEvent
from tests.cases.test_api import new_token
from tests.conftest import PERSONAS

# A deeper search when asked for: LIDHJA_FUZZ_EXAMPLES=100 pytest tests/api/test_schemathesis.py
EXAMPLES = int(os.environ.get("LIDHJA_FUZZ_EXAMPLES", "5"))
PERSONA_KEYS = ["ra", "social_tirana", "shelter", "onac"]


def operations(schema):
    for result in schema.get_all_operations():
        yield result.ok()


def strategy(operation, auth: dict, known: dict):
    path = {name: value for name, value in known.items() if f"{{{name}}}" in operation.path}
    return st.one_of(
        *(
            operation.as_strategy(mode, headers=auth, path_parameters=fixed)
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
            for fixed in ({**path} if path else None, None)
        )
    )


@pytest.fixture
def _keep_the_test_connection(api_data):
    """Requests go through the WSGI application, not Django's test client, so Django's
    request signals would close the test's connection (and its transaction) when connections
    persist, as they do on PostgreSQL (CONN_MAX_AGE). The test client disconnects them too,
    and connects them again after each request: so this runs after the data are made."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_the_test_connection")
@pytest.mark.parametrize("who", PERSONA_KEYS)
def test_no_operation_answers_a_server_error(who, api_data):
    auth = {"Authorization": f"Token {new_token(PERSONAS[who].username)}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), headers=auth)
    known = {"code": api_data.code, "plan": "nap-2008-2010", "period": "2009Q1"}
    trainings = {  # the seeded training event and roster member (api_data)
        "id": TrainingEvent.objects.get().pk,
        "reference": RosterMember.objects.get().reference,
    }
    failures = []
    for operation in operations(schema):
        fixed = {**known, **trainings} if operation.path.startswith("/api/trainings/") else known

        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy(operation, auth, fixed))
        def run(case):
            response = case.call(headers=auth)
            case.validate_response(response, checks=[not_a_server_error], headers=auth)

        try:
            run()
        except Exception as error:  # every operation is tried, and every failure shown
            failures.append(f"{operation.label}: {error}")
    assert failures == []
