"""Campaigns for tests, made through the services."""

from datetime import date

from lidhja.campaigns.domain import services
from lidhja.organisations.models import Organisation
from lidhja.plans.models import PlanNode


def activity(code: str = "1.(a).1", chapter: str = "prevention") -> PlanNode:
    return PlanNode.objects.get(plan__code="nap-2008-2010", chapter=chapter, code=code)


def values(**overrides) -> dict:
    base = {
        "code": "AC-TEST-1",
        "title": "Test campaign",
        "title_sq": "Fushatë prove",
        "lead": Organisation.objects.get(code="ASP"),
        "partners": [Organisation.objects.get(code="IOM")],
        "activities": [activity()],
        "target_groups": ["general_public", "children_youth"],
        "qarks": ["tirane", "shkoder"],
        "channels": ["tv", "school_sessions"],
        "starts_on": date(2009, 1, 1),
        "ends_on": date(2009, 12, 31),
        "status": "running",
    }
    if isinstance(overrides.get("lead"), str):
        overrides["lead"] = Organisation.objects.get(code=overrides["lead"])
    return {**base, **overrides}


def make_campaign(by, **overrides):
    return services.create_campaign(values(**overrides), by=by)


def reach_values(**overrides) -> dict:
    base = {
        "people_reached": 1000,
        "broadcasts": 12,
        "materials_distributed": 300,
        "events_held": 4,
        "comment": "Private remark",
    }
    return {**base, **overrides}


def submitted(campaign, quarter, by, **figures):
    report = services.save_reach(campaign, quarter, reach_values(**figures), version=None, by=by)
    return services.submit_reach(report, version=report.version, by=by)


PDF = b"%PDF-1.4 campaign leaflet"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
