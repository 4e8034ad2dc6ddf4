"""Plan exports neutralise formulas typed into a plan, and import again to the same text."""

import csv
import io
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lidhja.accounts.domain.actors import SYSTEM
from lidhja.plans.interfaces.exporters import export_csv, export_xlsx
from lidhja.plans.interfaces.importing import import_plan_file

TYPED = '=HYPERLINK("http://x")'
NEUTRAL = "'" + TYPED


@pytest.fixture
def typed_node(seed_plan):
    node = seed_plan.nodes.get(chapter="prosecution", code="1.(a).1")
    node.text, node.note = TYPED, "@SUM(A1)"
    node.save(update_fields=["text", "note"])
    return node


def test_the_csv_export_neutralises_typed_text(typed_node, seed_plan):
    rows = list(csv.DictReader(io.StringIO(export_csv(seed_plan).decode())))
    row = next(r for r in rows if (r["chapter"], r["id"]) == ("prosecution", "1.(a).1"))
    assert (row["text"], row["note"]) == (NEUTRAL, "'@SUM(A1)")
    assert not [r for r in rows if any(v.startswith("=") for v in r.values())]


def test_the_xlsx_export_neutralises_typed_text_and_keeps_numbers(typed_node, seed_plan):
    book = load_workbook(BytesIO(export_xlsx(seed_plan)))
    sheet = book["nodes"]
    header = [c.value for c in sheet[1]]
    row = next(
        r
        for r in sheet.iter_rows(min_row=2)
        if (r[1].value, r[0].value) == ("prosecution", "1.(a).1")
    )
    text = row[header.index("text")]
    assert (text.value, text.data_type) == (NEUTRAL, "s")
    assert row[header.index("note")].value == "'@SUM(A1)"
    assert all(c.data_type != "f" for r in sheet.iter_rows() for c in r)
    meta = {r[0].value: r[1] for r in book["plan"].iter_rows()}
    assert (meta["start_year"].value, meta["start_year"].data_type) == (2008, "n")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_imports_again_to_the_typed_text(typed_node, seed_plan, tmp_path, fmt):
    path = tmp_path / f"plan.{fmt}"
    path.write_bytes({"csv": export_csv, "xlsx": export_xlsx}[fmt](seed_plan))
    copy = import_plan_file(
        path,
        by=SYSTEM,
        overrides={"code": "copy", "title": "Copy", "start_year": 2008, "end_year": 2010},
    )
    node = copy.nodes.get(chapter="prosecution", code="1.(a).1")
    assert (node.text, node.note) == (TYPED, "@SUM(A1)")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_page_neutralises_typed_text(typed_node, seed_plan, client_for, fmt):
    response = client_for("onac").get(reverse("plans:export", args=[seed_plan.code, fmt]))
    assert response.status_code == 200
    content = b"".join(response) if response.streaming else response.content
    if fmt == "csv":
        assert NEUTRAL.replace('"', '""').encode() in content
    else:
        texts = [c.value for r in load_workbook(BytesIO(content))["nodes"].iter_rows() for c in r]
        assert NEUTRAL in texts and TYPED not in texts
