"""Importing plans: validated whole, written in one transaction, every problem named."""

import csv
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from lidhja.accounts.domain.actors import SYSTEM
from lidhja.audit.models import AuditEntry
from lidhja.organisations.models import Organisation
from lidhja.plans.interfaces.exporters import export_csv, export_json, export_xlsx, plan_records
from lidhja.plans.interfaces.importing import import_plan_file
from lidhja.plans.interfaces.readers import UnreadableFile
from lidhja.plans.interfaces.validation import PlanImportError
from lidhja.plans.models import NodeAgency, Plan, PlanNode

HEADER = ["chapter", "id", "level", "text", "lead", "partners", "timeline", "outputs"]
GOOD_ROWS = [
    ["protection", "1", "aim", "Ensure the referral mechanism works", "", "", "", ""],
    ["protection", "1.(a)", "objective", "Standard procedures", "", "", "", ""],
    ["protection", "1.(a).1", "activity", "Adopt SOPs", "RA", "ONAC; IOM", "End 2009", "SOPs"],
    ["protection", "1.(a).1.1", "activity", "Train social workers", "SSS", "", "2010", ""],
]


def _snapshot():
    return (
        Plan.objects.count(),
        PlanNode.objects.count(),
        NodeAgency.objects.count(),
        Organisation.objects.count(),
        AuditEntry.objects.count(),
    )


def _write_csv(path: Path, rows) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def _write_xlsx(path: Path, rows) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "nodes"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


OVERRIDES = {
    "code": "child-plan",
    "title": "Child trafficking plan",
    "start_year": 2009,
    "end_year": 2011,
}


@pytest.mark.django_db
def test_a_good_csv_imports_with_agencies_and_due_dates(tmp_path):
    plan = import_plan_file(
        _write_csv(tmp_path / "plan.csv", GOOD_ROWS), by=SYSTEM, overrides=OVERRIDES
    )
    records = {r["id"]: r for r in plan_records(plan)}
    assert list(records) == ["1", "1.(a)", "1.(a).1", "1.(a).1.1"]
    assert records["1.(a).1"]["lead_agencies"] == ["RA"]
    assert records["1.(a).1"]["partner_agencies"] == ["ONAC", "IOM"]
    assert (records["1.(a).1"]["due_start"], records["1.(a).1"]["due_end"]) == (
        "2009-10-01",
        "2009-12-31",
    )
    assert records["1.(a).1.1"]["parent"] == "1.(a).1"
    entry = AuditEntry.objects.filter(action="plan.imported").order_by("-seq").first()
    assert entry.object_id == str(plan.pk)
    assert entry.changes["items"] == 4


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("bad_row", "field", "message"),
    [
        (
            ["protection", "1.(a).2", "activity", "Refer cases", "NOSUCHORG", "", "2009", ""],
            "lead",
            "unknown organisation 'NOSUCHORG'",
        ),
        (
            ["protection", "1.(b).1", "activity", "Orphan", "RA", "", "2009", ""],
            "id",
            "its parent 1.(b) does not come before it",
        ),
        (
            ["protection", "1.(a).1", "activity", "Twice", "RA", "", "2009", ""],
            "id",
            "1.(a).1 is used twice",
        ),
        (
            ["protection", "1.(2).3", "activity", "Garbled", "RA", "", "2009", ""],
            "id",
            "is not a plan number",
        ),
        (
            ["policing", "1.(a).2", "activity", "Bad chapter", "RA", "", "2009", ""],
            "chapter",
            "must be one of",
        ),
        (
            ["protection", "1.(a).2", "objective", "Wrong level", "RA", "", "2009", ""],
            "level",
            "is a activity",
        ),
        (["protection", "1.(a).2", "activity", "", "RA", "", "2009", ""], "text", "is empty"),
        (
            ["protection", "1.(a).2", "activity", "No lead", "", "", "2009", ""],
            "lead",
            "needs a lead agency",
        ),
        (
            ["protection", "1.(a).2", "activity", "Both", "RA", "RA", "2009", ""],
            "partners",
            "already a lead",
        ),
    ],
)
def test_a_broken_csv_row_is_named_and_nothing_is_written(tmp_path, bad_row, field, message):
    path = _write_csv(tmp_path / "broken.csv", [*GOOD_ROWS, bad_row])
    before = _snapshot()
    with pytest.raises(PlanImportError) as error:
        import_plan_file(path, by=SYSTEM, overrides=OVERRIDES)
    problems = error.value.problems
    assert [(p.where, p.field) for p in problems if message in p.message] == [
        ("broken.csv row 6", field)
    ]
    assert _snapshot() == before


@pytest.mark.django_db
def test_every_problem_is_reported_at_once(tmp_path):
    rows = [
        *GOOD_ROWS,
        ["protection", "1.(a).2", "activity", "A", "NOPE", "", "2009", ""],
        ["protection", "1.(a).3", "activity", "B", "RA", "NADA", "2009", ""],
    ]
    with pytest.raises(PlanImportError) as error:
        import_plan_file(_write_csv(tmp_path / "p.csv", rows), by=SYSTEM, overrides=OVERRIDES)
    assert [str(p) for p in error.value.problems] == [
        "p.csv row 6: lead: unknown organisation 'NOPE'",
        "p.csv row 7: partners: unknown organisation 'NADA'",
    ]


@pytest.mark.django_db
def test_a_broken_xlsx_is_rejected_whole_naming_the_row(tmp_path):
    rows = [
        *GOOD_ROWS,
        ["protection", "1.(a).2", "activity", "Late", "RA", "", "2009", ""],
        ["prosecution", "1.(a).1", "activity", "No parents", "ASP", "", "2009", ""],
    ]
    before = _snapshot()
    with pytest.raises(PlanImportError) as error:
        import_plan_file(_write_xlsx(tmp_path / "plan.xlsx", rows), by=SYSTEM, overrides=OVERRIDES)
    assert [str(p) for p in error.value.problems] == [
        "plan.xlsx sheet 'nodes' row 7: id: its parent 1.(a) does not come before it"
    ]
    assert _snapshot() == before


@pytest.mark.django_db
def test_plan_metadata_is_required_and_checked(tmp_path):
    path = _write_csv(tmp_path / "plan.csv", GOOD_ROWS)
    with pytest.raises(PlanImportError) as error:
        import_plan_file(
            path,
            by=SYSTEM,
            overrides={"code": "nap-2008-2010", "start_year": 2012, "end_year": 2010},
        )
    assert {(p.field, p.message) for p in error.value.problems} == {
        ("title", "a plan needs a title (--title)"),
        ("end_year", "is before the first year"),
        ("code", "a plan 'nap-2008-2010' exists already"),
    }


@pytest.mark.django_db
def test_unreadable_files_are_refused(tmp_path):
    bad_yaml = tmp_path / "plan.yaml"
    bad_yaml.write_text("plan: {code: x\nnodes: [", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="not valid YAML"):
        import_plan_file(bad_yaml, by=SYSTEM)
    fake_xlsx = tmp_path / "plan.xlsx"
    fake_xlsx.write_bytes(b"not a workbook")
    with pytest.raises(UnreadableFile, match="not a readable XLSX"):
        import_plan_file(fake_xlsx, by=SYSTEM)
    with pytest.raises(UnreadableFile, match="unknown file type"):
        (tmp_path / "plan.docx").write_bytes(b"x")
        import_plan_file(tmp_path / "plan.docx", by=SYSTEM)


@pytest.mark.django_db
def test_yaml_file_with_new_organisations(tmp_path):
    path = tmp_path / "next.yaml"
    path.write_text(
        """
plan: {code: nap-2011-2013, title: Next plan, start_year: 2011, end_year: 2013}
organisations:
  - {code: NEWNGO, name: A new shelter, kind: ngo, level: local}
chapters:
  - chapter: prevention
    nodes:
      - {id: "1", level: aim, text: Raise awareness}
      - {id: "1.(a)", text: Schools}
      - {id: "1.(a).1", text: Sessions in schools, lead: [NEWNGO], timeline: "Autumn 2011"}
""",
        encoding="utf-8",
    )
    plan = import_plan_file(path, by=SYSTEM)
    node = plan.nodes.get(code="1.(a).1")
    assert [link.organisation.code for link in node.agency_links.all()] == ["NEWNGO"]
    assert (str(node.due_start), str(node.due_end)) == ("2011-09-01", "2011-11-30")


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_an_export_imports_again_to_the_same_plan(tmp_path, seed_plan, fmt):
    exporter = {"csv": export_csv, "xlsx": export_xlsx, "json": export_json}[fmt]
    path = tmp_path / f"export.{fmt}"
    path.write_bytes(exporter(seed_plan))
    copy = import_plan_file(
        path,
        by=SYSTEM,
        overrides={"code": "copy", "title": "Copy", "start_year": 2008, "end_year": 2010},
    )
    assert plan_records(copy) == plan_records(seed_plan)


@pytest.mark.django_db
def test_xlsx_export_has_plan_sheet_and_every_item(seed_plan):
    book = load_workbook(BytesIO(export_xlsx(seed_plan)), read_only=True)
    rows = list(book["nodes"].iter_rows(values_only=True))
    assert rows[0][:3] == ("id", "chapter", "level")
    assert len(rows) - 1 == seed_plan.nodes.count()
    meta = dict(book["plan"].iter_rows(values_only=True))
    assert meta["code"] == "nap-2008-2010" and meta["start_year"] == 2008


@pytest.mark.django_db
def test_cli_import_of_a_broken_file_names_the_row_and_writes_nothing(tmp_path):
    path = _write_csv(
        tmp_path / "broken.csv",
        [*GOOD_ROWS, ["protection", "1.(a).2", "activity", "X", "NOPE", "", "", ""]],
    )
    before = _snapshot()
    err = StringIO()
    with pytest.raises(CommandError, match="nothing imported: 1 problem"):
        call_command(
            "plan",
            "import",
            str(path),
            "--code",
            "x",
            "--title",
            "X",
            "--start-year",
            "2009",
            "--end-year",
            "2010",
            stderr=err,
        )
    assert err.getvalue().strip() == "broken.csv row 6: lead: unknown organisation 'NOPE'"
    assert _snapshot() == before


@pytest.mark.django_db
def test_cli_import_and_export_to_a_file(tmp_path):
    path = _write_csv(tmp_path / "good.csv", GOOD_ROWS)
    out = StringIO()
    call_command(
        "plan",
        "import",
        str(path),
        "--code",
        "small",
        "--title",
        "Small",
        "--start-year",
        "2009",
        "--end-year",
        "2010",
        stdout=out,
    )
    assert (
        out.getvalue().strip()
        == "imported plan small: 4 items, 0 timeline(s) flagged for a person to fix"
    )
    target = tmp_path / "small.xlsx"
    call_command("plan", "export", "--plan", "small", "--format", "xlsx", "-o", str(target))
    rows = list(load_workbook(target, read_only=True)["nodes"].iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["1", "1.(a)", "1.(a).1", "1.(a).1.1"]
