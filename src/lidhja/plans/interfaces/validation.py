"""Validating a whole plan file before anything is written.

Every problem is collected (not just the first), each naming where it is (file, row or node)
and which field is at fault, so the person fixing the file sees all of them at once.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.utils.text import slugify

from lidhja.organisations.models import Kind
from lidhja.organisations.models import Level as OrgLevel
from lidhja.plans.domain.specs import NodeSpec, PlanSpec
from lidhja.plans.interfaces.readers import RawPlan, SourceRow
from lidhja.plans.models import Chapter, Level

CODE_RE = re.compile(r"^\d+(\.\([a-z]\)(\.\d+)*)?$")
TEXT_FIELDS = (
    "text",
    "indicators",
    "targets",
    "agencies",
    "timeline",
    "outputs",
    "resources",
    "note",
    # Albanian translations (empty where there is none)
    "text_sq",
    "indicators_sq",
    "targets_sq",
    "outputs_sq",
    "resources_sq",
)
# Other names the same field has in exports (so an export can be imported again).
ALIASES = {
    "agencies_text": "agencies",
    "timeline_text": "timeline",
    "lead_agencies": "lead",
    "partner_agencies": "partners",
    "printed_id": "printed_id",
}
# Columns an export adds that are derived on import, so they are read and ignored.
DERIVED = {
    "parent",
    "lead_agency",
    "due_start",
    "due_end",
    "recurrence",
    "timeline_status",
    "timeline_problem",
    "depth",
    "sub_activity",
    "plan",
}
KNOWN = {"chapter", "id", "level", "lead", "partners", "unrecovered", "printed_id", *TEXT_FIELDS}


@dataclass(frozen=True)
class Problem:
    where: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.field}: {self.message}"


class PlanImportError(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the plan file")


def depth_of(code: str) -> int:
    return code.count(".")


def expected_level(depth: int) -> str:
    return {0: Level.AIM, 1: Level.OBJECTIVE}.get(depth, Level.ACTIVITY)


def _codes(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = re.split(r"[;,]", value)
    if not isinstance(value, list):
        raise TypeError
    return [str(item).strip() for item in value if str(item).strip()]


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if text in {"", "0", "false", "no"}:
        return False
    if text in {"1", "true", "yes"}:
        return True
    raise ValueError


class _Validator:
    def __init__(self, raw: RawPlan, known_orgs: set[str]):
        self.raw = raw
        self.orgs = known_orgs | {str(o.get("code")) for o in raw.new_organisations}
        self.problems: list[Problem] = []
        self.seen: dict[tuple[str, str], str] = {}

    def problem(self, where: str, field_name: str, message: str) -> None:
        self.problems.append(Problem(where, field_name, message))

    def node(self, row: SourceRow) -> NodeSpec | None:
        data = {ALIASES.get(key, key): value for key, value in row.data.items()}
        for key in sorted(set(data) - KNOWN - DERIVED):
            self.problem(row.where, key, "unknown field")
        chapter = str(data.get("chapter") or "").strip().lower()
        if chapter not in Chapter.values:
            self.problem(row.where, "chapter", f"must be one of {', '.join(Chapter.values)}")
        code = str(data.get("id") or "").strip()
        if not CODE_RE.match(code):
            self.problem(row.where, "id", f"{code!r} is not a plan number such as 1.(a).2")
            return None
        depth = depth_of(code)
        level = str(data.get("level") or expected_level(depth)).strip().lower()
        if level != expected_level(depth):
            self.problem(row.where, "level", f"{code} is a {expected_level(depth)}, not {level!r}")
        parent = code.rsplit(".", 1)[0] if depth else None
        if parent and (chapter, parent) not in self.seen:
            self.problem(row.where, "id", f"its parent {parent} does not come before it")
        if (chapter, code) in self.seen:
            self.problem(
                row.where, "id", f"{code} is used twice (first at {self.seen[chapter, code]})"
            )
        self.seen[chapter, code] = row.where
        return self._node_fields(row, data, chapter, code, level, parent, depth)

    def _node_fields(self, row, data, chapter, code, level, parent, depth) -> NodeSpec | None:
        fields = {name: str(data.get(name) or "").strip() for name in TEXT_FIELDS}
        try:
            unrecovered = _flag(data.get("unrecovered"))
        except ValueError:
            self.problem(row.where, "unrecovered", "must be true or false")
            unrecovered = False
        if not fields["text"] and not unrecovered:
            self.problem(row.where, "text", "is empty (mark the item unrecovered with a note)")
        lead, partners = self._agencies(row, data)
        if level == Level.ACTIVITY and not lead and not fields["note"]:
            self.problem(row.where, "lead", "an activity needs a lead agency, or a note why not")
        if len(code) > 32:
            self.problem(row.where, "id", "is longer than 32 characters")
        return NodeSpec(
            chapter,
            code,
            level,
            parent,
            depth,
            fields,
            lead,
            partners,
            unrecovered,
            str(data.get("printed_id") or "").strip(),
        )

    def _agencies(self, row: SourceRow, data: dict) -> tuple[list[str], list[str]]:
        result = []
        for name in ("lead", "partners"):
            try:
                codes = _codes(data.get(name))
            except TypeError:
                self.problem(row.where, name, "must be a list of organisation codes")
                codes = []
            for unknown in [c for c in codes if c not in self.orgs]:
                self.problem(row.where, name, f"unknown organisation {unknown!r}")
            result.append(codes)
        lead, partners = result
        for twice in sorted(set(lead) & set(partners)):
            self.problem(row.where, "partners", f"{twice} is already a lead agency")
        for name, codes in (("lead", lead), ("partners", partners)):
            if len(set(codes)) != len(codes):
                self.problem(row.where, name, "an organisation is listed twice")
        return lead, partners


def _organisation_problems(rows: list[Any]) -> list[Problem]:
    problems = []
    first: dict[str, int] = {}  # code -> where it was first listed
    for index, row in enumerate(rows, start=1):
        where = (
            f"new organisation {index} ({row.get('code', '?') if isinstance(row, dict) else '?'})"
        )
        if not isinstance(row, dict):
            problems.append(Problem(where, "-", "must be a mapping"))
            continue
        code = str(row.get("code") or "").strip()
        if len(code) > 32 or len(str(row.get("name") or "")) > 255:
            problems.append(Problem(where, "code", "a code has at most 32 characters, a name 255"))
        if code and code in first:
            problems.append(
                Problem(
                    where,
                    "code",
                    f"{code} is listed twice (first as new organisation {first[code]})",
                )
            )
        first.setdefault(code, index)
        for name in ("code", "name"):
            if not str(row.get(name) or "").strip():
                problems.append(Problem(where, name, "is required"))
        if row.get("kind") not in Kind.values:
            problems.append(Problem(where, "kind", f"must be one of {', '.join(Kind.values)}"))
        if row.get("level") not in OrgLevel.values:
            problems.append(Problem(where, "level", f"must be one of {', '.join(OrgLevel.values)}"))
    return problems


def _meta(raw: RawPlan, overrides: dict[str, Any], problems: list[Problem]) -> dict[str, Any]:
    meta = {**raw.meta, **{k: v for k, v in overrides.items() if v not in (None, "")}}
    where = "plan"
    code = slugify(str(meta.get("code") or ""))
    if not code:
        problems.append(Problem(where, "code", "a plan needs a code (--code)"))
    if not str(meta.get("title") or "").strip():
        problems.append(Problem(where, "title", "a plan needs a title (--title)"))
    years = {}
    for name in ("start_year", "end_year"):
        try:
            value: Any = meta.get(name)  # a missing year fails int() with TypeError
            years[name] = int(value)
            if not 1990 <= years[name] <= 2100:
                raise ValueError
        except (TypeError, ValueError):
            problems.append(Problem(where, name, "must be a year between 1990 and 2100"))
            years[name] = 0
    if years["start_year"] and years["end_year"] and years["start_year"] > years["end_year"]:
        problems.append(Problem(where, "end_year", "is before the first year"))
    return {
        "code": code,
        "title": str(meta.get("title") or "").strip(),
        "title_sq": str(meta.get("title_sq") or "").strip(),
        "source": str(meta.get("source") or "").strip()[:255],
        **years,
    }


def validate(
    raw: RawPlan,
    *,
    known_orgs: set[str],
    existing_plans: set[str],
    overrides: dict[str, Any] | None = None,
) -> PlanSpec:
    """A valid `PlanSpec`, or `PlanImportError` listing every problem."""
    problems: list[Problem] = []
    meta = _meta(raw, overrides or {}, problems)
    if meta["code"] in existing_plans:
        problems.append(Problem("plan", "code", f"a plan {meta['code']!r} exists already"))
    if not raw.rows:
        problems.append(Problem("plan", "nodes", "the file has no plan items"))
    problems.extend(_organisation_problems(raw.new_organisations))
    validator = _Validator(raw, known_orgs)
    nodes = [validator.node(row) for row in raw.rows]
    problems.extend(validator.problems)
    if problems:
        raise PlanImportError(problems)
    return PlanSpec(nodes=[n for n in nodes if n], new_organisations=raw.new_organisations, **meta)
