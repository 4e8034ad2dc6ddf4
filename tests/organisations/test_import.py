"""`lidhja org import` and `lidhja org export`: the whole file is checked, nothing is written
when a row is bad, and an export read back changes nothing."""

import csv
import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from lidhja.audit.models import AuditEntry
from lidhja.organisations.models import Organisation

HEADER = ["code", "name", "name_sq", "kind", "level", "qark", "parent", "member_of"]


def _csv(path, rows, header=HEADER):
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _import(path) -> str:
    out = StringIO()
    call_command("org", "import", str(path), stdout=out, stderr=StringIO())
    return out.getvalue()


def _refused(path) -> list[str]:
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("org", "import", str(path), stdout=StringIO(), stderr=err)
    assert str(caught.value).startswith("nothing imported")
    return err.getvalue().splitlines()


@pytest.mark.django_db
def test_creates_and_updates_by_code_with_references_inside_the_file(tmp_path):
    path = _csv(
        tmp_path / "orgs.csv",
        [
            [
                "MUN-SR-CPU",
                "Sarandë Child Protection Unit",
                "NJMF Sarandë",
                "state",
                "local",
                "vlore",
                "MUN-SR",
                "CPU",
            ],
            [
                "MUN-SR",
                "Municipality of Sarandë",
                "Bashkia Sarandë",
                "state",
                "local",
                "vlore",
                "",
                "LGU;SAPU",
            ],
            [
                "TJV",
                "Tjetër Vizion (Elbasan)",
                "Tjetër Vizion",
                "ngo",
                "local",
                "elbasan",
                "",
                "SHELTERS",
            ],
        ],
    )
    assert _import(path).strip() == "2 created, 1 updated"
    unit = Organisation.objects.get(code="MUN-SR-CPU")
    assert (unit.parent.code, list(unit.member_of.values_list("code", flat=True))) == (
        "MUN-SR",
        ["CPU"],
    )
    assert Organisation.objects.get(code="TJV").name == "Tjetër Vizion (Elbasan)"
    assert AuditEntry.objects.filter(action="organisation.imported").count() == 1


@pytest.mark.django_db
def test_a_bad_file_names_every_bad_row_and_writes_nothing(tmp_path):
    before = Organisation.objects.count()
    entries = AuditEntry.objects.count()
    path = _csv(
        tmp_path / "bad.csv",
        [
            ["NEW-1", "Good row", "", "state", "local", "", "", ""],
            ["new 2", "Bad code", "", "state", "local", "", "", ""],
            ["NEW-3", "", "", "church", "local", "", "", ""],
            ["NEW-4", "Bad references", "", "ngo", "national", "atlantis", "NOPE", "ASP;GONE"],
            ["NEW-1", "Twice", "", "state", "local", "", "", ""],
        ],
    )
    assert _refused(path) == [
        "row 3: code: capital letters, digits and hyphens, e.g. MUN-BR",
        "row 4: name: required",
        "row 4: kind: must be one of state, ngo, io, donor, other",
        "row 5: qark: must be one of "
        + ", ".join(
            [
                "berat",
                "diber",
                "durres",
                "elbasan",
                "fier",
                "gjirokaster",
                "korce",
                "kukes",
                "lezhe",
                "shkoder",
                "tirane",
                "vlore",
            ]
        ),
        "row 6: code: NEW-1 is in the file twice",
        "row 5: parent: unknown code NOPE",
        "row 5: member_of: ASP is not a class of actors",
        "row 5: member_of: unknown code GONE",
    ]
    assert Organisation.objects.count() == before
    assert AuditEntry.objects.count() == entries


@pytest.mark.django_db
def test_a_parent_loop_across_rows_refuses_the_whole_file(tmp_path):
    path = _csv(
        tmp_path / "loop.csv",
        [
            ["LOOP-A", "A", "", "state", "local", "", "LOOP-B", ""],
            ["LOOP-B", "B", "", "state", "local", "", "LOOP-A", ""],
        ],
    )
    problems = _refused(path)
    assert problems == [
        "row 3: parent: An organisation cannot belong to itself or to one of its units."
    ]
    assert not Organisation.objects.filter(code__startswith="LOOP-").exists()


@pytest.mark.django_db
def test_caps_are_checked_before_reading(tmp_path, settings):
    settings.LIDHJA_UPLOAD_MAX_ROWS = 2
    path = _csv(
        tmp_path / "long.csv", [[f"N-{i}", "x", "", "state", "local", "", "", ""] for i in range(3)]
    )
    with pytest.raises(CommandError, match="more than 2 rows"):
        _import(path)
    settings.LIDHJA_UPLOAD_MAX_BYTES = 10
    with pytest.raises(CommandError, match="larger than"):
        _import(path)
    missing = _csv(tmp_path / "cols.csv", [["N-1", "x"]], header=["code", "name"])
    settings.LIDHJA_UPLOAD_MAX_BYTES = 10_000
    with pytest.raises(CommandError, match="Columns missing: name_sq, kind"):
        _import(missing)
    assert not Organisation.objects.filter(code__startswith="N-").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(tmp_path, fmt):
    Organisation.objects.filter(code="AMI").update(name='=HYPERLINK("x")')
    target = tmp_path / f"registry.{fmt}"
    call_command("org", "export", "--format", fmt, "-o", str(target), stdout=StringIO())
    versions = dict(Organisation.objects.values_list("code", "version"))
    assert _import(target).strip() == "0 created, 0 updated"
    assert dict(Organisation.objects.values_list("code", "version")) == versions
    assert Organisation.objects.get(code="AMI").name == '=HYPERLINK("x")'


@pytest.mark.django_db
def test_export_writes_safe_cells_and_the_columns():
    Organisation.objects.filter(code="AMI").update(name="=1+1")
    out = StringIO()
    call_command("org", "export", "--format", "csv", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == [
        *HEADER,
        "abbreviation",
        "collective",
        "membership",
        "membership_kind",
        "services",
    ]
    assert len(rows) == Organisation.objects.count() + 1
    ami = next(row for row in rows if row[0] == "AMI")
    assert ami[1] == "'=1+1"
    rcat = next(row for row in rows if row[0] == "RCAT-TR")
    assert rcat[7] == "RCATS"


@pytest.mark.django_db
def test_an_xlsx_file_is_read(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(
        [
            "MUN-PG",
            "Municipality of Pogradec",
            "Bashkia Pogradec",
            "state",
            "local",
            "korce",
            None,
            "LGU",
        ]
    )
    book.save(tmp_path / "one.xlsx")
    assert _import(tmp_path / "one.xlsx").strip() == "1 created, 0 updated"
