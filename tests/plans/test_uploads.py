"""Plan files are read no further than the upload caps, and a duplicate is a named problem
before anything reaches the database."""

import pytest

from lidhja.accounts.domain.actors import SYSTEM
from lidhja.organisations.models import Organisation
from lidhja.plans.interfaces.importing import import_plan_file
from lidhja.plans.interfaces.readers import UnreadableFile
from lidhja.plans.interfaces.validation import PlanImportError
from lidhja.plans.models import Plan
from tests.core.test_uploads import sheet_xlsx

OVERRIDES = {"code": "capped", "title": "Capped", "start_year": 2009, "end_year": 2010}


@pytest.mark.django_db
def test_an_xlsx_plan_of_a_million_rows_is_refused(tmp_path, monkeypatch):
    import openpyxl

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl opened the file")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)
    path = tmp_path / "plan.xlsx"
    path.write_bytes(sheet_xlsx(1_000_000))
    with pytest.raises(UnreadableFile) as error:
        import_plan_file(path, by=SYSTEM, overrides=OVERRIDES)
    assert str(error.value) == "plan.xlsx: The file unpacks to more than 50 MB."
    assert not Plan.objects.filter(code="capped").exists()


@pytest.mark.django_db
def test_a_csv_plan_with_too_many_rows_is_refused_at_the_cap(tmp_path, settings):
    settings.LIDHJA_UPLOAD_MAX_ROWS = 100
    path = tmp_path / "plan.csv"
    path.write_text("chapter,id,level,text\n" + "prevention,1,aim,x\n" * 200_000)
    with pytest.raises(UnreadableFile) as error:
        import_plan_file(path, by=SYSTEM, overrides=OVERRIDES)
    assert str(error.value) == "plan.csv: The file has more than 100 rows."


@pytest.mark.django_db
def test_a_plan_file_above_the_size_cap_is_refused_before_it_is_read(tmp_path, settings):
    settings.LIDHJA_UPLOAD_MAX_BYTES = 1024 * 1024
    for name in ("plan.csv", "plan.json", "plan.yaml", "plan.xlsx"):
        path = tmp_path / name
        path.write_bytes(b"x" * (1024 * 1024 + 1))
        with pytest.raises(UnreadableFile) as error:
            import_plan_file(path, by=SYSTEM, overrides=OVERRIDES)
        assert str(error.value) == f"{name}: The file is larger than 1 MB."


@pytest.mark.django_db
def test_yaml_aliases_cannot_repeat_items_past_the_cap(tmp_path, settings):
    settings.LIDHJA_UPLOAD_MAX_ROWS = 1000
    path = tmp_path / "plan.yaml"
    items = "[" + ", ".join(["{id: '1', level: aim, text: x}"] * 100) + "]"
    chapters = ", ".join(["{chapter: prevention, nodes: *items}"] * 100)
    path.write_text(f"anchor: &items {items}\nchapters: [{chapters}]\n")
    with pytest.raises(UnreadableFile) as error:
        import_plan_file(path, by=SYSTEM, overrides=OVERRIDES)
    assert str(error.value) == "plan.yaml: The file has more than 1000 rows."


@pytest.mark.django_db
def test_a_new_organisation_listed_twice_is_named_and_nothing_is_written(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(
        """
plan: {code: twice, title: Twice, start_year: 2011, end_year: 2013}
organisations:
  - {code: NEWNGO, name: A new shelter, kind: ngo, level: local}
  - {code: NEWNGO, name: Another shelter, kind: ngo, level: local}
chapters:
  - chapter: prevention
    nodes:
      - {id: "1", level: aim, text: Raise awareness}
""",
        encoding="utf-8",
    )
    with pytest.raises(PlanImportError) as error:
        import_plan_file(path, by=SYSTEM)
    assert [str(p) for p in error.value.problems] == [
        "new organisation 2 (NEWNGO): code: NEWNGO is listed twice (first as new organisation 1)"
    ]
    assert not Organisation.objects.filter(code="NEWNGO").exists()
