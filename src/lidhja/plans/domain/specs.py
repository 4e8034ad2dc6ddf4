"""A plan as validated input, ready to be written by `services.import_plan`."""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class NodeSpec:
    chapter: str
    code: str
    level: str
    parent_code: str | None
    depth: int
    fields: dict[str, str]
    lead: list[str]
    partners: list[str]
    unrecovered: bool
    printed_code: str


@dataclass
class PlanSpec:
    code: str
    title: str
    title_sq: str
    start_year: int
    end_year: int
    source: str
    nodes: list[NodeSpec] = field(default_factory=list)
    new_organisations: list[dict[str, Any]] = field(default_factory=list)
