"""Computed indicators are named in the reader's language, until ONAC renames them."""

import pytest
from django.urls import reverse

from lidhja.indicators.models import Indicator

NAMES = {
    "en": "Per cent of activities implemented according to the NAP (on track or completed)",
    "sq": (
        "Përqindja e veprimtarive të zbatuara sipas PKV-së (në rrugë të mbarë ose të përfunduara)"
    ),
}


@pytest.fixture
def computed(db):
    from lidhja.accounts.domain.actors import SYSTEM
    from lidhja.indicators.domain.seed import indicators_from_plan
    from lidhja.plans.models import Plan

    indicators_from_plan(Plan.objects.get(code="nap-2008-2010"), by=SYSTEM)
    return Indicator.objects.get(computation="monitoring.activities_on_schedule")


@pytest.mark.parametrize("stored", ["en", "sq"])
@pytest.mark.parametrize("lang", ["en", "sq"])
def test_a_computed_indicator_reads_in_the_readers_language(
    client, client_for, computed, stored, lang
):
    Indicator.objects.filter(pk=computed.pk).update(name=NAMES[stored])
    client_for("onac")
    client.cookies["lidhja_language"] = lang
    page = client.get(reverse("indicators:detail", args=[computed.pk])).content.decode()
    assert f"<h1>{NAMES[lang][:119]}" in page


def test_a_name_onac_changed_is_shown_as_written(client, client_for, computed):
    Indicator.objects.filter(pk=computed.pk).update(name="Aktivitete sipas planit")
    client_for("onac")
    client.cookies["lidhja_language"] = "en"
    page = client.get(reverse("indicators:detail", args=[computed.pk])).content.decode()
    assert "<h1>Aktivitete sipas planit</h1>" in page
