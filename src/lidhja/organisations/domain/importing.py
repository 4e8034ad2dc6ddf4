"""Writing a whole validated registry file (organisations.interfaces.table) in one transaction.

Rows are applied in two passes so that a row may name, as parent or class, an organisation
made by a later row of the same file: first every organisation's own fields, then parents and
classes. An unchanged row changes nothing (no new version, no audit entry), so an export read
back is a no-op. A rule that only shows once rows are combined (a parent loop) refuses the
whole file, naming the row.
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from lidhja.accounts.domain.actors import Actor
from lidhja.audit.domain import services as audit
from lidhja.organisations.domain import services
from lidhja.organisations.models import Organisation


@dataclass
class RowSpec:
    where: str
    code: str
    values: dict[str, Any]  # FIELDS of services, parent excluded
    parent: str | None
    member_of: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    where: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.field}: {self.message}"


class RegistryImportError(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the file")


def _problems(row: RowSpec, exc: ValidationError) -> list[Problem]:
    if hasattr(exc, "error_dict"):
        return [
            Problem(row.where, name, " ".join(messages))
            for name, messages in exc.message_dict.items()
        ]
    return [Problem(row.where, "-", " ".join(exc.messages))]


@transaction.atomic
def apply_rows(rows: list[RowSpec], *, by: Actor) -> dict[str, int]:
    """Create or update every row; {"created": n, "updated": n}. Raises RegistryImportError
    (and writes nothing) when a row is refused."""
    services.require_manage(by)
    counts = {"created": 0, "updated": 0}
    try:
        _apply(rows, counts, by)
    except _RowRefused as refused:
        raise RegistryImportError(refused.problems) from None
    audit.record("organisation.imported", actor=by, obj=None, changes=counts)
    return counts


class _RowRefused(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems


def _apply(rows: list[RowSpec], counts: dict[str, int], by: Actor) -> None:
    created: set[str] = set()
    changed: set[str] = set()
    for row in rows:
        with _named(row):
            org = Organisation.objects.filter(code=row.code).first()
            if org is None:
                services.create_organisation(code=row.code, values=row.values, by=by)
                created.add(row.code)
            elif any(getattr(org, k) != v for k, v in row.values.items()):
                services.update_organisation(org, version=org.version, values=row.values, by=by)
                changed.add(row.code)
    by_code = {o.code: o for o in Organisation.objects.filter(code__in=_named_codes(rows))}
    for row in rows:
        with _named(row):
            org = Organisation.objects.get(code=row.code)
            parent = by_code[row.parent] if row.parent else None
            classes = [by_code[code] for code in row.member_of]
            if org.parent_id != (parent.pk if parent else None) or set(
                org.member_of.values_list("code", flat=True)
            ) != set(row.member_of):
                services.update_organisation(
                    org, version=org.version, values={"parent": parent}, member_of=classes, by=by
                )
                changed.add(row.code)
    counts["created"], counts["updated"] = len(created), len(changed - created)


def _named_codes(rows: list[RowSpec]) -> set[str]:
    codes = {row.parent for row in rows if row.parent}
    for row in rows:
        codes |= {row.code, *row.member_of}
    return {code for code in codes if code}


class _named:
    """Turn a refusal while applying `row` into a problem naming the row."""

    def __init__(self, row: RowSpec):
        self.row = row

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type | None, exc: BaseException | None, tb: object) -> None:
        if isinstance(exc, ValidationError):
            raise _RowRefused(_problems(self.row, exc)) from None
