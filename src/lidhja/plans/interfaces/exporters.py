"""Plan exports: JSON (a list of items), CSV and XLSX (the same columns, importable again)."""

import csv
import io
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from openpyxl import Workbook

from lidhja.core.cells import safe_cell
from lidhja.plans.domain.queries import leads, partners, plan_nodes
from lidhja.plans.models import Plan, PlanNode

COLUMNS = [
    "id",
    "chapter",
    "level",
    "parent",
    "sub_activity",
    "text",
    "text_sq",
    "indicators",
    "indicators_sq",
    "targets",
    "targets_sq",
    "lead_agency",
    "lead_agencies",
    "partner_agencies",
    "agencies_text",
    "timeline_text",
    "due_start",
    "due_end",
    "recurrence",
    "timeline_status",
    "timeline_problem",
    "outputs",
    "outputs_sq",
    "resources",
    "resources_sq",
    "note",
    "unrecovered",
    "printed_id",
]
PLAN_FIELDS = ["code", "title", "title_sq", "start_year", "end_year", "source"]


def node_record(node: PlanNode) -> dict[str, Any]:
    lead_codes = [org.code for org in leads(node)]
    return {
        "id": node.code,
        "chapter": node.chapter,
        "level": node.level,
        "parent": node.parent.code if node.parent else None,
        "sub_activity": node.is_sub_activity,
        "text": node.text,
        "text_sq": node.text_sq,
        "indicators": node.indicators,
        "indicators_sq": node.indicators_sq,
        "targets": node.targets,
        "targets_sq": node.targets_sq,
        "lead_agency": lead_codes[0] if lead_codes else None,
        "lead_agencies": lead_codes,
        "partner_agencies": [org.code for org in partners(node)],
        "agencies_text": node.agencies_text,
        "timeline_text": node.timeline_text,
        "due_start": node.due_start.isoformat() if node.due_start else None,
        "due_end": node.due_end.isoformat() if node.due_end else None,
        "recurrence": node.recurrence or None,
        "timeline_status": node.timeline_status,
        "timeline_problem": node.timeline_problem,
        "outputs": node.outputs,
        "outputs_sq": node.outputs_sq,
        "resources": node.resources,
        "resources_sq": node.resources_sq,
        "note": node.note,
        "unrecovered": node.unrecovered,
        "printed_id": node.printed_code,
    }


def plan_records(plan: Plan) -> list[dict[str, Any]]:
    return [node_record(node) for node in plan_nodes(plan)]


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return safe_cell("; ".join(value))
    if value is None:
        return ""
    return safe_cell(value)


def export_json(plan: Plan) -> bytes:
    return json.dumps(
        plan_records(plan), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    ).encode()


def export_csv(plan: Plan) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in plan_records(plan):
        writer.writerow({key: _cell(value) for key, value in record.items()})
    return out.getvalue().encode("utf-8")


def export_xlsx(plan: Plan) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "nodes"
    sheet.append(COLUMNS)
    for record in plan_records(plan):
        sheet.append([_cell(record[key]) for key in COLUMNS])
    sheet.freeze_panes = "A2"
    meta = book.create_sheet("plan")
    for name in PLAN_FIELDS:
        meta.append([name, safe_cell(getattr(plan, name))])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


EXPORTERS = {"json": export_json, "csv": export_csv, "xlsx": export_xlsx}
CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
