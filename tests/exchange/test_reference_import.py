"""`lidhja stats import-unodc`: UNODC's file as a reference series. The real file loads (and
its published Albania figures come out of `stats compare`); "<5" stays text; a file with bad
rows is refused whole, every bad row named; an import replaces the series' previous one."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from lidhja.audit.models import AuditEntry
from lidhja.exchange.models import ReferenceImport, ReferenceValue
from tests.exchange.helpers import UNODC_FILE, real_file

HEADER = [
    "Iso3_code",
    "Country",
    "Region",
    "Subregion",
    "Indicator",
    "Dimension",
    "Category",
    "Sex",
    "Age",
    "Year",
    "Unit of measurement",
    "txtVALUE",
    "Source",
]


def write_csv(path, rows, header=HEADER):
    """Rows of (iso3, country, year, indicator, dimension, category, sex, age, text)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for iso3, country, year, indicator, dimension, category, sex, age, text in rows:
            writer.writerow(
                [
                    iso3,
                    country,
                    "Europe",
                    "Southern Europe",
                    indicator,
                    dimension,
                    category,
                    sex,
                    age,
                    year,
                    "Counts",
                    text,
                    "GLOTIP",
                ]
            )
    return path


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("stats", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


ROW = (
    "ALB",
    "Albania",
    2009,
    "Detected trafficking victims",
    "Total",
    "Total",
    "Total",
    "Total",
    "95",
)


@pytest.mark.django_db
def test_small_counts_stay_text_and_numbers_are_parsed(tmp_path):
    path = write_csv(
        tmp_path / "f.csv",
        [
            ROW,
            (
                "ALB",
                "Albania",
                2009,
                "Detected trafficking victims",
                "Total",
                "Total",
                "Male",
                "Total",
                "<5",
            ),
        ],
    )
    out, _err = run("import-unodc", str(path))
    assert out == (
        "imported 2 values for 1 countries into series unodc-glotip "
        "(replacing its previous import, if any)\n"
    )
    values = {v.sex: (v.text, v.value) for v in ReferenceValue.objects.all()}
    assert values == {"Total": ("95", Decimal("95")), "Male": ("<5", None)}
    entry = AuditEntry.objects.get(action="exchange.reference_imported")
    assert entry.actor_label == "system"
    assert entry.changes["rows"] == 2


@pytest.mark.django_db
def test_a_bad_file_is_refused_whole_naming_every_bad_row(tmp_path):
    good = write_csv(tmp_path / "good.csv", [ROW])
    run("import-unodc", str(good))
    bad = write_csv(
        tmp_path / "bad.csv",
        [
            (
                "ALB",
                "Albania",
                2010,
                "Detected trafficking victims",
                "Total",
                "Total",
                "Total",
                "Total",
                "97",
            ),
            (
                "ALBANIA",
                "Albania",
                2010,
                "Persons convicted",
                "Total",
                "Total",
                "Total",
                "Total",
                "3",
            ),
            (
                "ALB",
                "Albania",
                "twenty",
                "Persons convicted",
                "Total",
                "Total",
                "Male",
                "Total",
                "3",
            ),
            (
                "ALB",
                "Albania",
                2010,
                "Persons prosecuted",
                "Total",
                "Total",
                "Total",
                "Total",
                "about 5",
            ),
            ("ALB", "", 2010, "Persons prosecuted", "Total", "Total", "Male", "Total", "4"),
            ("ALB", "Albania", 2010, "Persons prosecuted", "", "Total", "Male", "Total", "1,250"),
        ],
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing imported: 5 problem"):
        call_command("stats", "import-unodc", str(bad), stdout=io.StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [
        "bad.csv row 3: Iso3_code: not a three-letter code: 'ALBANIA'",
        "bad.csv row 4: Year: not a year: 'twenty'",
        "bad.csv row 5: txtVALUE: neither a number nor a range such as <5: 'about 5'",
        "bad.csv row 6: Country: empty",
        "bad.csv row 7: Dimension: empty",
    ]
    # Nothing changed: the previous import is whole and still current.
    assert list(ReferenceValue.objects.values_list("year", "text")) == [(2009, "95")]
    assert ReferenceImport.objects.filter(replaced_at__isnull=True).count() == 1


@pytest.mark.django_db
def test_a_key_published_twice_keeps_both_values_and_empty_cells_unodc_leaves_are_taken(tmp_path):
    # UNODC's own file does both: several forms under "Other forms of exploitation", Sark
    # without a code, rows by citizenship without a category.
    other = (
        "ALB",
        "Albania",
        2017,
        "Detected trafficking victims",
        "by form of exploitation",
        "Other forms of exploitation",
        "Total",
        "Total",
    )
    path = write_csv(
        tmp_path / "f.csv",
        [
            (*other, "27"),
            (*other, "<5"),
            (
                "",
                "Sark",
                2018,
                "Detected trafficking victims",
                "Total",
                "Total",
                "Female",
                "Total",
                "5",
            ),
            (
                "ALB",
                "Albania",
                2017,
                "Detected trafficking victims",
                "by citizenship",
                "",
                "Total",
                "Total",
                "1,060",
            ),
        ],
    )
    run("import-unodc", str(path))
    assert list(ReferenceValue.objects.values_list("row", "iso3", "text", "value")) == [
        (2, "ALB", "27", Decimal("27")),
        (3, "ALB", "<5", None),
        (4, "", "5", Decimal("5")),
        (5, "ALB", "1,060", Decimal("1060")),
    ]


@pytest.mark.django_db
def test_a_file_without_the_header_is_refused(tmp_path):
    path = write_csv(tmp_path / "h.csv", [ROW], header=[*HEADER[:11], "Value", "Source"])
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing imported: 1 problem"):
        call_command("stats", "import-unodc", str(path), stdout=io.StringIO(), stderr=err)
    assert "missing: txtVALUE" in err.getvalue()
    assert not ReferenceValue.objects.exists()


@pytest.mark.django_db
def test_the_row_cap_holds_before_the_file_is_read(tmp_path, settings):
    settings.LIDHJA_REFERENCE_MAX_ROWS = 2
    path = write_csv(tmp_path / "big.csv", [ROW, ROW, ROW])
    with pytest.raises(CommandError, match="more than 2 rows"):
        run("import-unodc", str(path))
    assert not ReferenceValue.objects.exists()


@pytest.mark.django_db
def test_importing_again_replaces_the_series_whole(tmp_path):
    first = write_csv(tmp_path / "a.csv", [ROW])
    second = write_csv(
        tmp_path / "b.csv",
        [
            (
                "ALB",
                "Albania",
                2010,
                "Detected trafficking victims",
                "Total",
                "Total",
                "Total",
                "Total",
                "97",
            )
        ],
    )
    run("import-unodc", str(first))
    run("import-unodc", str(second))
    assert list(ReferenceValue.objects.values_list("year", "text")) == [(2010, "97")]
    imports = list(ReferenceImport.objects.order_by("id"))
    assert [i.file_name for i in imports] == ["a.csv", "b.csv"]
    assert imports[0].replaced_at is not None and imports[1].replaced_at is None
    replaced = AuditEntry.objects.filter(action="exchange.reference_imported").order_by("seq")
    assert [e.changes["replaced_import"] for e in replaced] == [None, imports[0].pk]
    # Another series is its own.
    run("import-unodc", str(first), "--series", "other")
    assert ReferenceValue.objects.count() == 2


def compared(first: int, last: int, country: str = "ALB") -> dict[tuple[str, ...], str]:
    out, _err = run("compare", "--country", country, "--from", str(first), "--to", str(last))
    rows = list(csv.DictReader(io.StringIO(out)))
    for row in rows:
        assert row["unodc_source"] == (
            "UNODC, Global Report on Trafficking in Persons data" if row["unodc"] else ""
        )
    return {(r["year"], r["indicator"], r["sex"], r["age"]): r["unodc"] for r in rows}


@pytest.mark.django_db
def test_the_real_unodc_file_through_stats_compare():
    """UNODC's real file (../shared/external), loaded whole; a few of the figures it
    publishes for Albania, read back through `stats compare`."""
    run("import-unodc", str(real_file(UNODC_FILE)))
    current = ReferenceImport.objects.get(replaced_at__isnull=True)
    assert current.rows == 58_769
    assert ReferenceValue.objects.filter(iso3="ALB").count() == 388
    assert ReferenceValue.objects.filter(text="<5", value__isnull=True).count() == 29_558

    unodc = compared(2008, 2010)
    assert len(unodc) == 3 * 27
    # Detected victims, as UNODC published them for Albania.
    assert unodc[("2008", "detected", "total", "total")] == "108"
    assert unodc[("2008", "detected", "total", "child")] == "16"
    assert unodc[("2009", "detected", "total", "total")] == "94"
    assert unodc[("2009", "detected", "total", "adult")] == "72"
    assert unodc[("2009", "detected", "total", "child")] == "22"
    assert unodc[("2009", "detected", "female", "total")] == "17"
    assert unodc[("2009", "detected", "male", "child")] == "5"
    assert unodc[("2010", "detected", "total", "total")] == "97"
    # Persons prosecuted and convicted.
    assert unodc[("2008", "prosecuted", "total", "total")] == "14"
    assert unodc[("2009", "prosecuted", "total", "total")] == "20"
    assert unodc[("2010", "prosecuted", "total", "total")] == "39"
    assert unodc[("2009", "convicted", "total", "total")] == "7"
    # Not published: empty, never 0.
    assert unodc[("2009", "detected", "female", "adult")] == ""
    assert unodc[("2008", "prosecuted", "male", "total")] == ""

    # UNODC's small counts stay as published.
    unodc = compared(2012, 2014)
    assert unodc[("2012", "convicted", "total", "total")] == "<5"
    assert unodc[("2014", "detected", "male", "adult")] == "<5"
    assert unodc[("2014", "detected", "female", "total")] == "108"
    stored = ReferenceValue.objects.get(
        iso3="ALB", year=2012, indicator="Persons convicted", dimension="Total", sex="Total"
    )
    assert (stored.text, stored.value) == ("<5", None)
