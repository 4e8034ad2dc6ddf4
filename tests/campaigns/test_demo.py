"""`lidhja demo-data` adds synthetic campaigns with materials, events and reach by quarter,
some quarters unreported."""

import io

import pytest
from django.core.management import call_command

from lidhja.campaigns.domain import services
from lidhja.campaigns.models import Campaign, Material, ReachReport


@pytest.mark.django_db
def test_demo_data_adds_campaigns():
    out = io.StringIO()
    call_command("demo_data", stdout=out)
    campaigns = list(Campaign.objects.order_by("code"))
    assert [c.code for c in campaigns] == [f"DEMO-AC-0{n}" for n in range(1, 6)]
    assert all("(synthetic)" in c.title for c in campaigns)
    assert Material.objects.exclude(file="").count() == 10
    poster = Material.objects.filter(kind="poster").first()
    assert services.material_content(poster).startswith(b"\x89PNG")
    leaflet = Material.objects.filter(kind="leaflet").first()
    assert services.material_content(leaflet).startswith(b"%PDF")
    quarters = sum(len(services.quarters(c)) for c in campaigns if c.lead.code in {"ASP", "ONAC"})
    reports = ReachReport.objects.count()
    assert 0 < reports < quarters  # some quarters left unreported
    assert ReachReport.objects.filter(status="draft").exists()
    assert not ReachReport.objects.filter(campaign__lead__code="MOLSAEO").exists()
    assert "5 awareness campaigns, 10 materials" in out.getvalue()
