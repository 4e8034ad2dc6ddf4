"""Bulk reporting: a template of the reports the focal point can still edit, in the user's
language (headers and drop-down words), that can be uploaded back unchanged; and submitting
the ready drafts of a period together."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from lidhja.audit.models import AuditEntry
from lidhja.monitoring.domain import services
from lidhja.monitoring.models import Obligation, ProgressReport

HEADERS = {
    "en": [
        "Chapter",
        "Activity",
        "Text of the activity",
        "Implementation status",
        "Progress narrative",
        "Outputs achieved against the targets",
        "Expenditure in the period",
        "Currency",
        "Funding source",
        "Donor",
    ],
    "sq": [
        "Kapitulli",
        "Veprimtari",
        "Teksti i veprimtarisë",
        "Statusi i zbatimit",
        "Përshkrimi i progresit",
        "Produktet e arritura kundrejt vlerave të synuara",
        "Shpenzimet gjatë periudhës",
        "Monedha",
        "Burimi i financimit",
        "Donator",
    ],
}
LISTS = {
    "en": {
        "title": ("Reports", "Lists"),
        "statuses": [
            "Not started",
            "On track",
            "Delayed",
            "Completed",
            "Cancelled",
            "Not applicable this period",
        ],
        "currencies": ["Albanian lek (ALL)", "Euro (EUR)", "US dollar (USD)"],
        "sources": ["State budget", "Local government budget", "Donor", "Other"],
    },
    "sq": {
        "title": ("Raportet", "Listat"),
        "statuses": [
            "Pa filluar",
            "Në rrugë të mbarë",
            "Me vonesë",
            "Përfunduar",
            "Anuluar",
            "Nuk zbatohet në këtë periudhë",
        ],
        "currencies": ["Lek shqiptar (ALL)", "Euro (EUR)", "Dollar amerikan (USD)"],
        "sources": ["Buxheti i shtetit", "Buxheti i pushtetit vendor", "Donator", "Tjetër"],
    },
}
KEYS = "chapter activity text status narrative outputs expenditure currency source donor"
COLUMN = {key: i + 1 for i, key in enumerate(KEYS.split())}


def _asp(**filters):
    return Obligation.objects.filter(
        period__code="2009Q1", organisation__code="ASP", **filters
    ).order_by("node__position", "pk")


def _template(client, lang="en"):
    client.cookies["lidhja_language"] = lang
    response = client.get(reverse("monitoring:bulk_template", args=["2009Q1"]))
    assert response.status_code == 200
    return load_workbook(BytesIO(response.content))


def _upload(client, book, lang="en"):
    client.cookies["lidhja_language"] = lang
    buffer = BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("reports.xlsx", buffer.getvalue())
    return client.post(reverse("monitoring:bulk", args=["2009Q1"]), {"file": upload})


def _fill(sheet, row, status="On track", narrative="Progress", **values):
    sheet.cell(row=row, column=COLUMN["status"], value=status)
    sheet.cell(row=row, column=COLUMN["narrative"], value=narrative)
    for key, value in values.items():
        sheet.cell(row=row, column=COLUMN[key], value=value)


def _draft(obligation, focal, **values):
    return services.save_report(
        obligation,
        {"implementation_status": "on_track", "narrative": "x", "currency": "ALL", **values},
        version=None,
        by=focal,
    )


@pytest.fixture
def mixed(persona):
    """ASP's reports in every state: a draft, a returned one, a submitted and an accepted one
    (the last two can no longer be edited), the rest not started."""
    focal, onac = persona("focal_asp"), persona("onac")
    first, second, third, fourth = list(_asp())[:4]
    draft = _draft(
        first,
        focal,
        narrative="=1+1 held",
        expenditure=Decimal("1500.50"),
        funding_source="donor",
        donor=None,
    )
    returned = _draft(second, focal, implementation_status="delayed")
    returned = services.transition(returned, "submit", version=returned.version, by=focal)
    returned = services.transition(
        returned, "return", version=returned.version, by=onac, comment="More"
    )
    submitted = _draft(third, focal)
    submitted = services.transition(submitted, "submit", version=submitted.version, by=focal)
    accepted = _draft(fourth, focal)
    accepted = services.transition(accepted, "submit", version=accepted.version, by=focal)
    accepted = services.transition(accepted, "accept", version=accepted.version, by=onac)
    return {"draft": draft, "returned": returned, "submitted": submitted, "accepted": accepted}


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "sq"])
def test_the_template_offers_only_what_the_focal_point_can_still_edit(client_for, mixed, lang):
    book = _template(client_for("focal_asp"), lang)
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == HEADERS[lang]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    frozen = {mixed["submitted"].obligation_id, mixed["accepted"].obligation_id}
    expected = [o for o in _asp() if o.pk not in frozen]
    # The activity's text as the reader sees it: English marked as such on an Albanian sheet.
    english = {"en": "", "sq": " (në anglisht)"}[lang]
    assert [(r[1], r[2]) for r in rows] == [(o.node.code, o.node.text + english) for o in expected]
    draft = rows[0]
    statuses = LISTS[lang]["statuses"]
    sources = LISTS[lang]["sources"]
    currencies = LISTS[lang]["currencies"]
    assert draft[3:] == (statuses[1], "'=1+1 held", None, 1500.5, currencies[0], sources[2], None)
    assert rows[1][3] == statuses[2]  # the returned report, editable again
    assert rows[2][3:] == (None, None, None, None, currencies[0], None, None)  # not started


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "sq"])
def test_the_drop_down_lists_are_words_of_the_users_language(client_for, lang):
    book = _template(client_for("focal_asp"), lang)
    reports, lists = book.worksheets
    assert (reports.title, lists.title) == LISTS[lang]["title"]
    assert lists.sheet_state == "hidden"
    column = {letter: [c.value for c in lists[letter] if c.value is not None] for letter in "ABC"}
    assert column == {
        "A": LISTS[lang]["statuses"],
        "B": LISTS[lang]["currencies"],
        "C": LISTS[lang]["sources"],
    }
    title = f"'{lists.title}'"
    validations = {
        str(v.sqref).split(":")[0]: v.formula1 for v in reports.data_validations.dataValidation
    }
    rows = reports.max_row + 200
    assert validations == {
        "D2": f"{title}!$A$1:$A$6",
        "H2": f"{title}!$B$1:$B$3",
        "I2": f"{title}!$C$1:$C$4",
        "J2": validations["J2"],
    }
    assert validations["J2"].startswith(f"{title}!$D$1:$D$")
    assert {str(v.sqref) for v in reports.data_validations.dataValidation} == {
        f"{letter}2:{letter}{rows}" for letter in "DHIJ"
    }


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "sq"])
def test_uploading_the_template_back_unchanged_succeeds_and_changes_nothing(
    client_for, mixed, lang
):
    client = client_for("focal_asp")
    book = _template(client, lang)
    before = (
        list(ProgressReport.objects.order_by("pk").values_list("pk", "version", "narrative")),
        AuditEntry.objects.count(),
    )
    response = _upload(client, book, lang)
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:obligations", args=["2009Q1"])
    after = (
        list(ProgressReport.objects.order_by("pk").values_list("pk", "version", "narrative")),
        AuditEntry.objects.count(),
    )
    assert after == before
    message = {
        "en": "Reports saved as drafts: 0; unchanged: 2.",
        "sq": "Raporte të ruajtura si versione paraprake: 0; të pandryshuara: 2.",
    }[lang]
    page = client.get(response["Location"])
    assert [str(m) for m in page.context["messages"]] == [message]


@pytest.mark.django_db
@pytest.mark.parametrize(("written", "read"), [("en", "sq"), ("sq", "en")])
def test_a_template_is_read_whatever_the_language_it_was_written_in(
    client_for, mixed, written, read
):
    client = client_for("focal_asp")
    book = _template(client, written)
    sheet = book.worksheets[0]
    words = LISTS[written]
    _fill(sheet, 2, status=words["statuses"][3], expenditure=200, source=words["sources"][0])
    _fill(sheet, 4, status=words["statuses"][2], currency=words["currencies"][1])
    response = _upload(client, book, read)
    assert response.status_code == 302
    draft = ProgressReport.objects.get(pk=mixed["draft"].pk)
    assert (draft.implementation_status, draft.expenditure, draft.funding_source) == (
        "completed",
        Decimal("200.00"),
        "state",
    )
    started = ProgressReport.objects.get(obligation=_asp()[4])
    assert (started.implementation_status, started.currency, started.status) == (
        "delayed",
        "EUR",
        "draft",
    )


@pytest.mark.django_db
def test_a_bad_upload_names_every_bad_row_and_writes_nothing(client_for):
    client = client_for("focal_asp")
    book = _template(client, "sq")
    sheet = book.worksheets[0]
    moi = Obligation.objects.filter(period__code="2009Q1", organisation__code="MOI").exclude(
        node__in=_asp().values("node")
    )[0]
    _fill(sheet, 2, status="Në rrugë të mbarë")  # a good row: must not be saved either
    _fill(sheet, 3, status="finished")
    _fill(sheet, 4, status="On track", expenditure="lots", currency="GBP")
    sheet.cell(row=5, column=COLUMN["activity"], value=moi.node.code)
    sheet.cell(row=5, column=COLUMN["chapter"], value=moi.node.get_chapter_display())
    _fill(sheet, 5)
    entries = AuditEntry.objects.count()
    response = _upload(client, book, "sq")
    assert response.status_code == 400
    problems = [(p.row, p.field) for p in response.context["problems"]]
    assert problems == [
        (3, "implementation_status"),
        (4, "currency"),
        (4, "expenditure"),
        (5, "activity"),
    ]
    shown = [str(p) for p in response.context["problems"]]
    assert shown[1] == (
        "rreshti 4, Monedha: duhet të jetë një nga: Lek shqiptar (ALL), Euro (EUR), "
        "Dollar amerikan (USD)"
    )
    assert not ProgressReport.objects.exists()
    assert AuditEntry.objects.count() == entries


@pytest.mark.django_db
def test_submitted_reports_cannot_be_overwritten_in_bulk(client_for, persona):
    focal = persona("focal_asp")
    client = client_for("focal_asp")
    book = _template(client)
    report = _draft(_asp()[0], focal)
    services.transition(report, "submit", version=report.version, by=focal)
    _fill(book.worksheets[0], 2, status="Delayed")
    response = _upload(client, book)
    assert [(p.row, p.field) for p in response.context["problems"]] == [(2, "activity")]
    report.refresh_from_db()
    assert report.implementation_status == "on_track"


@pytest.mark.django_db
def test_a_template_with_other_columns_is_refused_by_name(client_for):
    client = client_for("focal_asp")
    book = _template(client)
    book.worksheets[0].cell(row=1, column=8, value="Money")
    response = _upload(client, book)
    assert response.status_code == 400
    assert [str(p) for p in response.context["problems"]] == [
        "row 1, header: the columns are not those of the template; missing: Currency"
    ]


@pytest.mark.django_db
def test_unreadable_files_are_refused(client_for):
    client = client_for("focal_asp")
    response = client.post(
        reverse("monitoring:bulk", args=["2009Q1"]),
        {"file": SimpleUploadedFile("reports.xlsx", b"not a workbook")},
    )
    assert response.status_code == 400
    assert [p.field for p in response.context["problems"]] == ["file"]
    response = client.post(
        reverse("monitoring:bulk", args=["2009Q1"]),
        {"file": SimpleUploadedFile("reports.csv", b"a,b")},
    )
    assert response.status_code == 400 and "file" in response.context["form"].errors
