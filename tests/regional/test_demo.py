"""The demonstration assessments: every state of the workflow, some committees missing, all
written through the services (each step audited)."""

import random

import pytest

from lidhja.audit.models import AuditEntry
from lidhja.core.demo import LOADERS
from lidhja.regional.domain.demo import SYNTHETIC, load_assessments
from lidhja.regional.models import Assessment


@pytest.mark.django_db
def test_the_demo_loader_writes_2009_in_every_state(persona):
    assert load_assessments in LOADERS
    users = {"demo.onac": persona("onac"), "demo.rcat.tirana": persona("rcat")}
    line = load_assessments(random.Random(2008), users)  # noqa: S311 -- synthetic data
    assert line == "16 regional situation assessments"
    found = {
        (code, f"{year}H{half}"): status
        for code, year, half, status in Assessment.objects.values_list(
            "organisation__code", "year", "half", "status"
        )
    }
    assert found[("RCAT-TR", "2009H1")] == "accepted"  # written by the Tirana persona
    assert sorted(found.values()) == sorted(
        ["accepted"] * 5 + ["submitted"] * 5 + ["returned"] * 3 + ["draft"] * 3
    )
    assert ("RCAT-BR", "2009H1") not in found  # missing
    assert ("RCAT-TR", "2010H2") not in found  # still to write
    assert set(Assessment.objects.values_list("narrative", flat=True)) == {
        f"{SYNTHETIC}narrative of the committee of {qark}."
        for qark in ("tirane", "shkoder", "elbasan", "durres", "vlore", "korce")
    }
    submitted = Assessment.objects.exclude(status="draft")
    assert all(a.computed is not None for a in submitted)
    assert AuditEntry.objects.filter(action="regional.assessment_accepted").count() == 5
