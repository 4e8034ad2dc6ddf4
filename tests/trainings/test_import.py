"""Attendance sheets: validated whole (every bad row and column named, nothing written), caps
checked before reading, the template in the user's language round-trips."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from lidhja.audit.models import AuditEntry
from lidhja.trainings.domain import services
from lidhja.trainings.interfaces import attendance
from lidhja.trainings.models import ParticipantCount, Sex
from tests.trainings.helpers import attend, event, member, org

HEADER = ["organisation", "function", "sex", "count", "roster reference"]


def _xlsx(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def setup(persona):
    onac = persona("onac")
    ev = event(onac)
    return onac, ev, member(onac, sex=Sex.FEMALE)


@pytest.mark.django_db
def test_a_good_sheet_replaces_the_participants(setup):
    onac, ev, m = setup
    content = _xlsx(
        [
            ["ASP", "police", "female", 4, None],
            ["bmp", "Border police", "Male", 2, None],
            [None, None, None, None, m.reference.lower()],
        ]
    )
    sheet = attendance.import_sheet(content, "a.xlsx", ev, by=onac, version=ev.version)
    assert [(r.organisation.code, r.function, r.sex, r.count) for r in sheet.counts] == [
        ("ASP", "police", "female", 4),
        ("BMP", "border_police", "male", 2),
    ]
    assert [x.reference for x in sheet.members] == [m.reference]
    assert ev.counts.count() == 2 and ev.attendances.count() == 1


@pytest.mark.django_db
def test_every_bad_row_is_named_and_nothing_is_written(setup):
    onac, ev, m = setup
    attend(onac, ev, [], [services.CountRow(org("ASP"), "police", Sex.MALE, 9)])
    ev.refresh_from_db()
    content = _xlsx(
        [
            ["ASP", "police", "female", 4, None],  # row 2: good
            ["NOPE", "police", "female", 1, None],  # row 3: organisation
            ["ASP", "astronauts", "x", 0, None],  # row 4: function, sex, count
            ["ASP", "police", "female", 2, None],  # row 5: duplicate of row 2
            [None, None, None, None, "R-UNKNOWN1"],  # row 6: reference
            ["ASP", None, None, None, m.reference],  # row 7: other column filled
            [None, None, None, 2.5, None],  # row 8: everything
        ]
    )
    with pytest.raises(attendance.AttendanceError) as exc:
        attendance.import_sheet(content, "a.xlsx", ev, by=onac, version=ev.version)
    assert [(p.row, p.field) for p in exc.value.problems] == [
        (3, "organisation"),
        (4, "function"),
        (4, "sex"),
        (4, "count"),
        (5, "organisation"),
        (6, "roster reference"),
        (7, "organisation"),
        (8, "organisation"),
        (8, "function"),
        (8, "sex"),
        (8, "count"),
    ]
    assert "duplicate of row 2" in str(exc.value.problems[4])
    assert list(ParticipantCount.objects.values_list("count", flat=True)) == [9]
    assert ev.attendances.count() == 0
    assert AuditEntry.objects.filter(action="training.attendance_imported").count() == 1


@pytest.mark.django_db
def test_a_sheet_without_the_template_columns_is_refused(setup):
    _onac, ev, _m = setup
    with pytest.raises(attendance.AttendanceError) as exc:
        attendance.read_sheet(_xlsx([["ASP"]], header=["organisation", "name"]), "a.xlsx", ev)
    assert [(p.row, p.field) for p in exc.value.problems] == [(1, "header")]


@pytest.mark.django_db
def test_the_row_cap_holds_before_anything_is_read(setup, settings):
    _onac, ev, _m = setup
    settings.LIDHJA_UPLOAD_MAX_ROWS = 3
    content = _xlsx([["ASP", "police", "female", 1, None]] * 5)
    with pytest.raises(attendance.AttendanceError) as exc:
        attendance.read_sheet(content, "a.xlsx", ev)
    assert str(exc.value.problems[0]) == "row 0, file: The file has more than 3 rows."
    csv = (
        "organisation,function,sex,count,roster reference\n" + "ASP,police,male,1,\n" * 5
    ).encode()
    with pytest.raises(attendance.AttendanceError):
        attendance.read_sheet(csv, "a.csv", ev)


@pytest.mark.django_db
def test_a_file_above_the_size_limit_is_refused_on_the_page(client_for, setup, settings):
    _onac, ev, _m = setup
    settings.LIDHJA_UPLOAD_MAX_BYTES = 100
    upload = SimpleUploadedFile("a.xlsx", _xlsx([["ASP", "police", "female", 1, None]]))
    response = client_for("onac").post(
        reverse("trainings:event_import", args=[ev.pk]), {"version": ev.version, "file": upload}
    )
    assert response.status_code == 400
    assert "larger than" in response.content.decode()
    assert ev.counts.count() == 0


@pytest.mark.django_db
def test_the_page_lists_every_problem(client_for, setup):
    _onac, ev, _m = setup
    upload = SimpleUploadedFile(
        "a.csv",
        b"organisation,function,sex,count,roster reference\n"
        b"NOPE,police,male,1,\nASP,police,male,-1,\n",
    )
    response = client_for("onac").post(
        reverse("trainings:event_import", args=[ev.pk]), {"version": ev.version, "file": upload}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "row 2, organisation: unknown organisation code" in body
    assert "row 3, count: must be a whole number above zero" in body


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_template_round_trips(client_for, setup, fmt):
    onac, ev, m = setup
    attend(
        onac,
        ev,
        [m],
        [
            services.CountRow(org("ASP"), "police", Sex.MALE, 7),
            services.CountRow(org("BMP"), "border_police", Sex.FEMALE, 2),
        ],
    )
    ev.refresh_from_db()
    client = client_for("onac")
    client.cookies["django_language"] = "sq"
    response = client.get(
        reverse("trainings:event_template", args=[ev.pk, fmt]), HTTP_ACCEPT_LANGUAGE="sq"
    )
    assert response.status_code == 200
    content = response.content
    if fmt == "xlsx":
        header = [c.value for c in load_workbook(io.BytesIO(content)).active[1]]
    else:
        header = content.decode("utf-8-sig").splitlines()[0].split(",")
    with translation.override("sq"):
        assert header == attendance.header()
    assert header != HEADER  # in the user's language
    before = sorted(ev.counts.values_list("organisation__code", "function", "sex", "count"))
    sheet = attendance.import_sheet(content, f"a.{fmt}", ev, by=onac, version=ev.version)
    assert sorted((r.organisation.code, r.function, r.sex, r.count) for r in sheet.counts) == before
    assert [x.reference for x in sheet.members] == [m.reference]


@pytest.mark.django_db
def test_a_formula_typed_in_a_cell_is_neither_run_nor_read_as_a_code(setup):
    _onac, ev, _m = setup
    content = _xlsx([['=HYPERLINK("x")', "police", "male", 1, None]])
    with pytest.raises(attendance.AttendanceError) as exc:
        attendance.read_sheet(content, "a.xlsx", ev)
    assert [(p.row, p.field) for p in exc.value.problems] == [(2, "organisation")]


@pytest.mark.django_db
def test_the_page_says_what_it_imported_in_whole_words(client_for, setup):
    _onac, ev, m = setup
    upload = SimpleUploadedFile(
        "a.csv",
        b"organisation,function,sex,count,roster reference\n"
        + f"ASP,police,male,3,\n,,,,{m.reference}\n".encode(),
    )
    response = client_for("onac").post(
        reverse("trainings:event_import", args=[ev.pk]),
        {"version": ev.version, "file": upload},
        follow=True,
    )
    assert "Attendance imported: 1 counted row, 1 named participant." in response.content.decode()
