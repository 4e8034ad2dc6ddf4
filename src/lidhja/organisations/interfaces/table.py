"""The registry as a table (CSV or XLSX): one organisation a row.

Columns: code, name, name_sq, kind, level, qark, parent, member_of (codes separated by `;`),
then abbreviation, collective, membership, membership_kind, services (service codes separated
by `;`) (optional on import). Export writes
them all, through `safe_cell`, so an export read back changes nothing.

Reading checks the size and the row cap before the file is parsed (core.uploads); validation
looks at the whole file and names every bad row and field before anything is written.
"""

import csv
import io
import re
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from lidhja.core.cells import restore_cell, safe_cell
from lidhja.core.uploads import UploadRefused, read_csv_rows, too_large, xlsx_sheets
from lidhja.organisations.domain.importing import Problem, RegistryImportError, RowSpec
from lidhja.organisations.domain.services import CODE
from lidhja.organisations.models import Kind, Level, Membership, Organisation, Qark, ServiceKind

REQUIRED = ("code", "name", "name_sq", "kind", "level", "qark", "parent", "member_of")
OPTIONAL = ("abbreviation", "collective", "membership", "membership_kind", "services")
COLUMNS = (*REQUIRED, *OPTIONAL)
SEPARATOR = ";"


# --- export


def export_rows(orgs: QuerySet[Organisation]) -> list[list[Any]]:
    rows: list[list[Any]] = [list(COLUMNS)]
    for org in orgs.select_related("parent").prefetch_related("member_of").order_by("code"):
        rows.append(
            [
                safe_cell(value)
                for value in (
                    org.code,
                    org.name,
                    org.name_sq,
                    org.kind,
                    org.level,
                    org.qark,
                    org.parent.code if org.parent else "",
                    SEPARATOR.join(sorted(c.code for c in org.member_of.all())),
                    org.abbreviation,
                    "yes" if org.collective else "no",
                    org.membership,
                    org.membership_kind,
                    SEPARATOR.join(org.services or []),
                )
            ]
        )
    return rows


def to_csv(rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def to_xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("organisations")
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- import


def read_table(name: str, content: bytes) -> list[tuple[str, dict[str, str]]]:
    """(where, {column: text}) of every non-empty row. Raises UploadRefused."""
    if message := too_large(len(content)):
        raise UploadRefused(message)
    if name.lower().endswith(".xlsx"):
        rows: list[Any] = next(iter(xlsx_sheets(content, []).values()))
    elif name.lower().endswith(".csv"):
        try:
            rows = read_csv_rows(content.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise UploadRefused(_("The file is not UTF-8 text.")) from exc
    else:
        raise UploadRefused(_("Give a .csv or .xlsx file."))
    if not rows:
        raise UploadRefused(_("The file is empty."))
    header = [str(cell or "").strip() for cell in rows[0]]
    if missing := [column for column in REQUIRED if column not in header]:
        raise UploadRefused(_("Columns missing: %(columns)s.") % {"columns": ", ".join(missing)})
    table = []
    for number, values in enumerate(rows[1:], start=2):
        cells = ["" if v is None else str(restore_cell(v)).strip() for v in values]
        if any(cells):
            table.append((_("row %(n)s") % {"n": number}, dict(zip(header, cells, strict=False))))
    return table


def _choice(value: str, choices: list[str], column: str, where: str, out: list[Problem]) -> str:
    if value and value not in choices:
        out.append(Problem(where, column, _("must be one of %(c)s") % {"c": ", ".join(choices)}))
    return value


def _flag(value: str, where: str, out: list[Problem]) -> bool | None:
    text = value.lower()
    if text in {"", "no", "false", "0"}:
        return False if text else None
    if text in {"yes", "true", "1"}:
        return True
    out.append(Problem(where, "collective", _("write yes or no")))
    return None


class _Validator:
    def __init__(self, table: list[tuple[str, dict[str, str]]]):
        self.table = table
        self.problems: list[Problem] = []
        self.existing = {o.code: o for o in Organisation.objects.all()}
        self.file_collective: dict[str, bool | None] = {}  # None: the file does not say

    def problem(self, where: str, column: str, message: str) -> None:
        self.problems.append(Problem(where, column, message))

    def run(self) -> list[RowSpec]:
        specs = [spec for where, data in self.table if (spec := self.row(where, data))]
        known = set(self.existing) | {spec.code for spec in specs}
        for spec in specs:
            self.references(spec, known)
        if self.problems:
            raise RegistryImportError(self.problems)
        return specs

    def row(self, where: str, data: dict[str, str]) -> RowSpec | None:
        code = data.get("code", "")
        if not CODE.match(code):
            self.problem(where, "code", _("capital letters, digits and hyphens, e.g. MUN-BR"))
            return None
        if code in self.file_collective:
            self.problem(where, "code", _("%(code)s is in the file twice") % {"code": code})
            return None
        values = self.values(where, data, self.existing.get(code))
        self.file_collective[code] = values.get("collective")
        member_of = [c.strip() for c in re.split(SEPARATOR, data["member_of"]) if c.strip()]
        return RowSpec(where, code, values, data["parent"] or None, member_of)

    def values(self, where: str, data: dict[str, str], org: Organisation | None) -> dict[str, Any]:
        if not data.get("name"):
            self.problem(where, "name", _("required"))
        values: dict[str, Any] = {
            "name": data.get("name", ""),
            "name_sq": data.get("name_sq", ""),
            "kind": _choice(data.get("kind", ""), Kind.values, "kind", where, self.problems),
            "level": _choice(data.get("level", ""), Level.values, "level", where, self.problems),
            "qark": _choice(data.get("qark", ""), Qark.values, "qark", where, self.problems),
        }
        for column in ("kind", "level"):
            if not values[column]:
                self.problem(where, column, _("required"))
        self.optional(where, data, values, org)
        return values

    def optional(
        self, where: str, data: dict[str, str], values: dict[str, Any], org: Organisation | None
    ) -> None:
        """Columns a file may leave out: then an existing organisation keeps its values."""
        if "abbreviation" in data:
            values["abbreviation"] = data["abbreviation"]
        if (
            "collective" in data
            and (flag := _flag(data["collective"], where, self.problems)) is not None
        ):
            values["collective"] = flag
        for column, choices in (
            ("membership", Membership.values),
            ("membership_kind", Kind.values),
        ):
            if column in data:
                values[column] = _choice(data[column], choices, column, where, self.problems)
        if "services" in data:
            values["services"] = self.services(where, data["services"])
        collective = values.get("collective", org.collective if org else False)
        if collective and not values.get("membership", org.membership if org else ""):
            self.problem(where, "membership", _("a class of actors needs a membership rule"))

    def services(self, where: str, cell: str) -> list[str]:
        codes = [c.strip() for c in cell.split(SEPARATOR) if c.strip()]
        for code in codes:
            if code not in ServiceKind.values:
                self.problem(where, "services", _("unknown service %(code)s") % {"code": code})
        return [code for code in ServiceKind.values if code in codes]

    def references(self, spec: RowSpec, known: set[str]) -> None:
        if spec.parent and spec.parent not in known:
            self.problem(spec.where, "parent", _("unknown code %(code)s") % {"code": spec.parent})
        if spec.parent == spec.code:
            self.problem(spec.where, "parent", _("an organisation cannot belong to itself"))
        for code in spec.member_of:
            if code not in known:
                self.problem(spec.where, "member_of", _("unknown code %(code)s") % {"code": code})
            elif not self.is_class(code) or code == spec.code:
                self.problem(
                    spec.where, "member_of", _("%(code)s is not a class of actors") % {"code": code}
                )

    def is_class(self, code: str) -> bool:
        said = self.file_collective.get(code)
        if said is not None:
            return said
        return code in self.existing and self.existing[code].collective


def validate(table: list[tuple[str, dict[str, str]]]) -> list[RowSpec]:
    """Every row as a RowSpec, or RegistryImportError naming every bad row and column."""
    return _Validator(table).run()
