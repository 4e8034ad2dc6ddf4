"""Reading plan files (a YAML folder or file, CSV, XLSX, JSON) into rows to validate.

Readers only turn bytes into dictionaries and say where each row came from; what the rows
must contain is decided by `validation`.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from lidhja.core.cells import restore_cell
from lidhja.core.uploads import (
    UploadRefused,
    check_row_count,
    read_csv_rows,
    read_path,
    too_large,
    xlsx_sheets,
)


class UnreadableFile(ValueError):
    """The file is not a plan file this importer can read; the message says why."""


@dataclass
class SourceRow:
    where: str
    data: dict[str, Any]


@dataclass
class RawPlan:
    meta: dict[str, Any] = field(default_factory=dict)
    rows: list[SourceRow] = field(default_factory=list)
    new_organisations: list[dict[str, Any]] = field(default_factory=list)


# libyaml's parser where PyYAML was built with it: ten times faster on large plans.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(path: Path) -> Any:
    try:
        return yaml.load(_text(path), Loader=_Loader)  # noqa: S506 (safe loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark else ""
        raise UnreadableFile(f"{path.name}: not valid YAML{line}") from exc
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"{path.name}: not UTF-8 text") from exc


def _count(raw: RawPlan, name: str) -> None:
    """Stop at the row cap: YAML aliases can repeat a list of items without end."""
    try:
        check_row_count(len(raw.rows) + 1)
    except UploadRefused as exc:
        raise UnreadableFile(f"{name}: {exc}") from exc


def _chapter_rows(doc: dict, name: str, raw: RawPlan) -> None:
    nodes = doc.get("nodes")
    if not isinstance(nodes, list):
        raise UnreadableFile(f"{name}: a chapter needs a list under 'nodes'")
    for index, node in enumerate(nodes, start=1):
        _count(raw, name)
        if not isinstance(node, dict):
            raise UnreadableFile(f"{name}: node {index} is not a mapping")
        data = {"chapter": doc.get("chapter"), **node}
        raw.rows.append(SourceRow(f"{name} node {index} ({node.get('id', '?')})", data))
    raw.new_organisations.extend(doc.get("new_organisations") or [])


def _read_yaml_doc(doc: Any, name: str, raw: RawPlan) -> None:
    if not isinstance(doc, dict):
        raise UnreadableFile(f"{name}: expected a mapping at the top")
    if isinstance(doc.get("plan"), dict):
        raw.meta.update(doc["plan"])
    for chapter in doc.get("chapters") or []:
        _chapter_rows(chapter, name, raw)
    if "nodes" in doc:
        _chapter_rows(doc, name, raw)
    raw.new_organisations.extend(doc.get("organisations") or [])


def read_yaml_folder(folder: Path) -> RawPlan:
    raw = RawPlan()
    meta_file = folder / "plan.yaml"
    if not meta_file.exists():
        raise UnreadableFile(f"{folder.name}: a plan folder needs a plan.yaml")
    _read_yaml_doc(_load_yaml(meta_file), "plan.yaml", raw)
    for path in sorted(folder.glob("*.yaml")):
        if path.name != "plan.yaml":
            _read_yaml_doc(_load_yaml(path), path.name, raw)
    return raw


def _table_rows(header: list[Any], rows, name: str, first_line: int) -> list[SourceRow]:
    keys = [str(cell).strip() if cell is not None else "" for cell in header]
    if "id" not in keys:
        raise UnreadableFile(f"{name}: the header row has no 'id' column")
    result = []
    for offset, values in enumerate(rows):
        cells = ["" if value is None else restore_cell(value) for value in values]
        if not any(str(cell).strip() for cell in cells):
            continue
        data = {key: cell for key, cell in zip(keys, cells, strict=False) if key}
        result.append(SourceRow(f"{name} row {first_line + offset}", data))
    return result


def _text(path: Path) -> str:
    try:
        return read_path(path).decode("utf-8-sig")
    except UploadRefused as exc:
        raise UnreadableFile(f"{path.name}: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"{path.name}: not UTF-8 text") from exc


def read_csv(path: Path) -> RawPlan:
    try:
        rows = read_csv_rows(_text(path))
    except UploadRefused as exc:
        raise UnreadableFile(f"{path.name}: {exc}") from exc
    if not rows:
        raise UnreadableFile(f"{path.name}: the file is empty")
    return RawPlan(rows=_table_rows(rows[0], rows[1:], path.name, first_line=2))


def read_xlsx(path: Path) -> RawPlan:
    try:
        if message := too_large(path.stat().st_size):
            raise UploadRefused(message)
        sheets = xlsx_sheets(path, ["nodes", "plan"])
    except UploadRefused as exc:
        raise UnreadableFile(f"{path.name}: {exc}") from exc
    raw = RawPlan()
    title = "nodes" if "nodes" in sheets else next(iter(sheets))
    rows = sheets[title]
    if not rows:
        raise UnreadableFile(f"{path.name}: sheet '{title}' is empty")
    raw.rows = _table_rows(list(rows[0]), rows[1:], f"{path.name} sheet '{title}'", 2)
    for key, value, *_ in sheets.get("plan", []):
        if key:
            raw.meta[str(key).strip()] = restore_cell(value)
    return raw


def read_json(path: Path) -> RawPlan:
    try:
        doc = json.loads(_text(path))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UnreadableFile(f"{path.name}: not valid JSON") from exc
    raw = RawPlan()
    if isinstance(doc, dict):
        raw.meta.update(doc.get("plan") or {})
        doc = doc.get("nodes")
    if not isinstance(doc, list):
        raise UnreadableFile(f"{path.name}: expected a list of plan items")
    for index, item in enumerate(doc, start=1):
        _count(raw, path.name)
        if not isinstance(item, dict):
            raise UnreadableFile(f"{path.name}: item {index} is not an object")
        raw.rows.append(SourceRow(f"{path.name} item {index} ({item.get('id', '?')})", item))
    return raw


def read_plan_source(path: Path) -> RawPlan:
    if path.is_dir():
        return read_yaml_folder(path)
    if not path.exists():
        raise UnreadableFile(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in {".yaml", ".yml"}:
        raw = RawPlan()
        _read_yaml_doc(_load_yaml(path), path.name, raw)
        return raw
    readers = {".csv": read_csv, ".xlsx": read_xlsx, ".json": read_json}
    if suffix not in readers:
        raise UnreadableFile(f"{path.name}: unknown file type (use .yaml, .csv, .xlsx or .json)")
    return readers[suffix](path)
