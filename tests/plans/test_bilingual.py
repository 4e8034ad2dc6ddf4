"""Bilingual plan content: Albanian text where it exists, English marked as English where it
does not, on the pages, in the exports and through an import of an export."""

import csv
import io
import json
import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from lidhja.accounts.domain.actors import SYSTEM
from lidhja.audit.models import AuditEntry
from lidhja.core.bilingual import display_text
from lidhja.indicators.models import Indicator
from lidhja.organisations.models import Organisation
from lidhja.plans.domain.services import translate_node
from lidhja.plans.interfaces.exporters import EXPORTERS, plan_records
from lidhja.plans.interfaces.importing import import_plan_file
from lidhja.plans.models import PlanNode

TEXT_EN = (
    "Implement intelligence management system on trafficking in human beings (collecting, "
    "analyzing and disseminating of intelligence), in line with the National Intelligence Plan"
)
TEXT_SQ = "Zbatimi i sistemit të menaxhimit të informacionit për trafikimin e qenieve njerëzore"
OUTPUTS_EN = (
    "Availability of quarterly intelligence reports, situation analyses, "
    "profiling of traffickers/victims"
)
MARKED_OUTPUTS = (
    f'<span lang="en">{OUTPUTS_EN}</span> <small class="in-english">(në anglisht)</small>'
)


def _node(chapter="prosecution", code="1.(a).1"):
    return PlanNode.objects.get(plan__code="nap-2008-2010", chapter=chapter, code=code)


@pytest.fixture
def translated(db):
    # Every seed organisation has an Albanian name: one without, to see it marked.
    Organisation.objects.filter(code="ICITAP").update(name_sq="")
    node = _node()
    return translate_node(node, values={"text_sq": TEXT_SQ}, version=node.version, by=SYSTEM)


def _get(client, url, lang):
    client.cookies["lidhja_language"] = lang
    return client.get(url).content.decode()


def test_display_text_picks_the_language_and_marks_english():
    node = PlanNode(text="Train judges", text_sq="Trajnimi i gjyqtarëve", outputs="A report")
    assert str(display_text(node, "text", "en")) == "Train judges"
    assert str(display_text(node, "text", "sq")) == "Trajnimi i gjyqtarëve"
    assert display_text(node, "text", "sq").html() == "Trajnimi i gjyqtarëve"
    with translation.override("sq"):
        shown = display_text(node, "outputs")
        assert (shown.lang, shown.marked) == ("en", True)
        assert shown.html() == (
            '<span lang="en">A report</span> <small class="in-english">(në anglisht)</small>'
        )
        assert shown.plain == "A report (në anglisht)"
        assert str(display_text(node, "targets").html()) == ""  # nothing to mark
    assert display_text(node, "outputs", "en").html() == "A report"


def test_the_activity_page_in_both_languages(client_for, translated):
    client = client_for("focal_asp")
    url = reverse("plans:node", args=["nap-2008-2010", "prosecution", "1.(a).1"])
    english = _get(client, url, "en")
    assert f'<p class="node-text">{TEXT_EN}</p>' in english
    assert f"<dd>{OUTPUTS_EN}</dd>" in english
    assert "in-english" not in english
    albanian = _get(client, url, "sq")
    assert '<html lang="sq"' in albanian
    assert f'<p class="node-text">{TEXT_SQ}</p>' in albanian
    assert f"<dd>{MARKED_OUTPUTS}</dd>" in albanian
    assert TEXT_EN not in albanian
    # the lead agency's Albanian name, a partner without one marked as English
    assert '<a href="/organisations/ASP/">Policia e Shtetit (ASP)</a>' in albanian
    assert (
        '<span lang="en">International Criminal Investigative Training Assistance Program</span>'
        ' <small class="in-english">(në anglisht)</small> (ICITAP)' in albanian
    )


def test_the_plan_tree_in_both_languages(client_for, translated):
    client = client_for("onac")
    url = reverse("plans:tree", args=["nap-2008-2010"])
    english = _get(client, url, "en")
    assert f'<span class="text">{TEXT_EN}</span>' in english
    albanian = _get(client, url, "sq")
    assert f'<span class="text">{TEXT_SQ}</span>' in albanian
    other = _node(code="1.(a).2").text
    assert (
        f'<span class="text"><span lang="en">{other}</span> '
        '<small class="in-english">(në anglisht)</small></span>' in albanian
    )
    assert "<h1>Strategjia Kombëtare dhe Plani i Veprimit kundër Trafikimit" in albanian


def test_the_indicator_and_organisation_pages_in_albanian(client_for, translated):
    indicator = Indicator.objects.order_by("pk").first()
    indicator.name_sq = "Numri i arrestimeve"
    indicator.save(update_fields=["name_sq"])
    client = client_for("onac")
    page = _get(client, reverse("indicators:detail", args=[indicator.pk]), "sq")
    assert "<h1>Numri i arrestimeve</h1>" in page
    english = _get(client, reverse("indicators:detail", args=[indicator.pk]), "en")
    assert f"<h1>{indicator.name[:119]}" in english
    org = _get(client, reverse("organisations:detail", args=["ICITAP"]), "sq")
    assert (
        '<h1><span lang="en">International Criminal Investigative Training Assistance Program'
        '</span> <small class="in-english">(në anglisht)</small> <span class="code">(ICITAP)' in org
    )


TRANSLATIONS = {
    ("prosecution", "1.(a).1"): {"text_sq": TEXT_SQ, "resources_sq": "Policia e Shtetit"},
    ("prosecution", "1"): {"indicators_sq": "numri i arrestimeve;\nnumri i dënimeve"},
    ("protection", "1.(a).1"): {"outputs_sq": "=SUM(A1) rreshti i parë\nrreshti i dytë"},
    ("prevention", "1.(b)"): {"targets_sq": "Deri në mes të 2009"},
}


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_an_export_imports_again_to_the_same_content_in_both_languages(seed_plan, tmp_path, fmt):
    for (chapter, code), values in TRANSLATIONS.items():
        node = _node(chapter, code)
        translate_node(node, values=values, version=node.version, by=SYSTEM)
    path = tmp_path / f"plan.{fmt}"
    path.write_bytes(EXPORTERS[fmt](seed_plan))
    copy = import_plan_file(
        path,
        by=SYSTEM,
        overrides={"code": "copy", "title": "Copy", "start_year": 2008, "end_year": 2010},
    )
    assert plan_records(copy) == plan_records(seed_plan)
    node = copy.nodes.get(chapter="prosecution", code="1.(a).1")
    assert (node.text, node.text_sq, node.resources_sq) == (
        TEXT_EN,
        TEXT_SQ,
        "Policia e Shtetit",
    )
    sq_count = copy.nodes.exclude(text_sq="", outputs_sq="", indicators_sq="", targets_sq="")
    assert sq_count.count() == 4


def test_the_exports_carry_the_albanian_columns(translated, seed_plan):
    records = json.loads(EXPORTERS["json"](seed_plan))
    record = next(r for r in records if (r["chapter"], r["id"]) == ("prosecution", "1.(a).1"))
    assert (record["text"], record["text_sq"], record["outputs_sq"]) == (TEXT_EN, TEXT_SQ, "")
    rows = list(csv.DictReader(io.StringIO(EXPORTERS["csv"](seed_plan).decode())))
    row = next(r for r in rows if (r["chapter"], r["id"]) == ("prosecution", "1.(a).1"))
    assert row["text_sq"] == TEXT_SQ
    sheet = load_workbook(BytesIO(EXPORTERS["xlsx"](seed_plan)))["nodes"]
    header = [c.value for c in sheet[1]]
    assert [h for h in header if h.endswith("_sq")] == [
        "text_sq",
        "indicators_sq",
        "targets_sq",
        "outputs_sq",
        "resources_sq",
    ]


def test_a_translation_in_a_plan_file_is_imported(seed_plan, tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(
        "plan: {code: small, title: Small, start_year: 2008, end_year: 2010}\n"
        "chapters:\n"
        "  - chapter: protection\n"
        "    nodes:\n"
        "      - {id: '1', level: aim, text: Protect victims, text_sq: Mbrojtja e viktimave}\n",
        encoding="utf-8",
    )
    plan = import_plan_file(path, by=SYSTEM)
    assert plan.nodes.get().text_sq == "Mbrojtja e viktimave"


def test_the_organisation_export_carries_albanian_names_and_reads_back(client_for):
    from lidhja.organisations.interfaces.table import COLUMNS, export_rows

    rows = export_rows(Organisation.objects.filter(code__in=["ASP", "ICITAP"]))
    by_code = {row[0]: dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]}
    assert (by_code["ASP"]["name"], by_code["ASP"]["name_sq"]) == (
        "Albanian State Police",
        "Policia e Shtetit",
    )
    client = client_for("onac")
    export = client.get(reverse("organisations:export", args=["csv"]))
    rows = list(csv.DictReader(io.StringIO(export.content.decode())))
    for row in rows:
        if row["code"] == "ICITAP":
            row["name_sq"] = ICITAP_SQ
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    upload = SimpleUploadedFile("orgs.csv", out.getvalue().encode())
    response = client.post(reverse("organisations:import"), {"file": upload})
    assert response.status_code == 302
    assert Organisation.objects.get(code="ICITAP").name_sq == ICITAP_SQ
    changed = AuditEntry.objects.filter(pk__gt=before, action="organisation.updated")
    assert [entry.object_id for entry in changed] == [
        str(Organisation.objects.get(code="ICITAP").pk)
    ]


ICITAP_SQ = "Programi Ndërkombëtar i Asistencës për Trajnimin Kriminal"


TRANSLATION = reverse("plans:node_translation", args=["nap-2008-2010", "prosecution", "1.(a).1"])
NODE = reverse("plans:node", args=["nap-2008-2010", "prosecution", "1.(a).1"])


def test_onac_sees_the_translation_form_on_the_activity_page(client_for, seed_plan):
    onac = client_for("onac").get(NODE).content.decode()
    assert f'<form method="post" action="{TRANSLATION}" novalidate>' in onac
    fields = re.findall(r'<textarea name="(\w+)"[^>]*lang="sq"', onac)
    assert fields == ["text_sq", "outputs_sq", "resources_sq"]  # what 1.(a).1 has in English
    focal = client_for("focal_asp").get(NODE).content.decode()
    assert TRANSLATION not in focal


def test_a_translation_is_saved_and_audited_naming_fields_only(client_for, seed_plan):
    node = _node()
    response = client_for("onac").post(
        TRANSLATION,
        {"version": node.version, "text_sq": f"  {TEXT_SQ} ", "outputs_sq": "Raporte tremujore"},
    )
    assert response.status_code == 302
    saved = _node()
    assert (saved.text_sq, saved.outputs_sq, saved.version) == (
        TEXT_SQ,
        "Raporte tremujore",
        node.version + 1,
    )
    entry = AuditEntry.objects.get(action="plan_node.translated")
    assert entry.changes == {"fields": ["outputs_sq", "text_sq"]}
    assert TEXT_SQ not in json.dumps(entry.changes, ensure_ascii=False)


def test_a_stale_translation_answers_409_and_changes_nothing(client_for, seed_plan):
    node = _node()
    translate_node(node, values={"text_sq": TEXT_SQ}, version=node.version, by=SYSTEM)
    response = client_for("onac").post(
        TRANSLATION, {"version": node.version, "text_sq": "Tjetër tekst"}
    )
    assert response.status_code == 409
    assert "This item was changed by someone else meanwhile." in response.content.decode()
    assert _node().text_sq == TEXT_SQ
    assert AuditEntry.objects.filter(action="plan_node.translated").count() == 1


def test_an_unchanged_translation_writes_nothing(seed_plan):
    node = _node()
    same = translate_node(node, values={"text_sq": ""}, version=node.version, by=SYSTEM)
    assert same.version == node.version
    assert not AuditEntry.objects.filter(action="plan_node.translated").exists()
