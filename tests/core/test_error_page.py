"""The 500 page while the database is down: it renders from a static template, touching
neither the database nor the session, and the failure is logged once, not again by the page."""

import logging
from unittest import mock

from django.db import OperationalError, connections
from django.test import Client


def test_the_500_page_renders_when_the_database_is_down(caplog):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a-session-the-database-would-hold"
    database = connections["default"]
    down = OperationalError("the database server is unreachable")
    with (
        mock.patch.object(database, "ensure_connection", side_effect=down) as connect,
        caplog.at_level(logging.ERROR),
    ):
        response = client.get("/")
    assert connect.call_count == 1  # the session lookup; nothing tried the database again
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    errors = [(r.name, r.getMessage(), r.exc_info[0]) for r in caplog.records]
    assert errors == [("django.request", "Internal Server Error: /", OperationalError)]
