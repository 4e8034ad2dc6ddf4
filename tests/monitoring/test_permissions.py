"""Permission matrix of the monitoring pages added for issue 11 (submitting the ready drafts
together): every persona, the exact status, and nothing changed by a refused request."""

import pytest
from django.urls import reverse

from lidhja.audit.models import AuditEntry
from lidhja.monitoring.domain import services
from lidhja.monitoring.models import Obligation, ProgressReport
from tests.conftest import PERSONAS

ALL = set(PERSONAS)
# A regional committee's members report what the committee owes (as in tests/web).
OWN_REPORTERS = {"focal_asp", "focal_moi", "rcat"}


def _urls():
    return [("submit-ready", reverse("monitoring:submit_ready", args=["2009Q1"]), OWN_REPORTERS)]


def url_names() -> set[str]:
    """For tests/web/test_matrix_complete.py."""
    return {"monitoring:submit_ready"}


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(ALL))
@pytest.mark.parametrize(("name", "url", "allowed"), _urls())
def test_pages(client_for, name, url, allowed, who):
    response = client_for(who).get(url)
    assert response.status_code == (200 if who in allowed else 403)


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(ALL))
def test_submitting_asps_ready_drafts(client_for, persona, who):
    """Only ASP's focal point submits ASP's drafts; another reporter's batch covers only its
    own organisation's reports, so ASP's listed versions make it stale (409); everyone else is
    refused (403). Nothing changes unless the owner posts."""
    obligation = Obligation.objects.filter(period__code="2009Q1", organisation__code="ASP")[0]
    report = services.save_report(
        obligation,
        {"implementation_status": "on_track", "narrative": "Held.", "currency": "ALL"},
        version=None,
        by=persona("focal_asp"),
    )
    client = client_for(who)
    entries = AuditEntry.objects.count()
    response = client.post(
        reverse("monitoring:submit_ready", args=["2009Q1"]),
        {"report": [f"{report.pk}:{report.version}"]},
    )
    status = ProgressReport.objects.get(pk=report.pk).status
    if who == "focal_asp":
        assert (response.status_code, status) == (302, "submitted")
    else:
        expected = 409 if who in OWN_REPORTERS else 403
        assert (response.status_code, status) == (expected, "draft")
        assert AuditEntry.objects.count() == entries


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("monitoring:submit_ready", args=["2009Q1"]))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
