"""The audit log in words. An entry stores codes (`cases.case`, `{"level": "full"}`, a reason's
code); the log page shows them as the reader's language names them, from the one definition of
each: the action's label (`ACTIONS`), the model's and fields' verbose names and choices, and
the terms an app registers for the keys and reasons its entries use. Values are only what the
entry holds: codes, counts, dates and field names, never personal data.

An app registers its terms once, when it is ready (`register`); the audit app knows no other
app's vocabulary itself."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field as ModelField
from django.db.models import JSONField, Model
from django.utils.text import capfirst
from django.utils.translation import gettext as _

Choices = Callable[[], Iterable[tuple[Any, Any]]]


@dataclass(frozen=True)
class Term:
    """A key of the entries' changes: its label, and the labels of its codes (if any)."""

    label: Any
    values: Choices | None = None


# Terms by scope: an action ("case.referral_answered") first, then its area ("case").
TERMS: dict[str, dict[str, Term]] = {}
# The vocabulary of an action's `reason` column, when it holds a code.
REASONS: dict[str, Choices] = {}


def register(
    scope: str, terms: dict[str, Term] | None = None, reasons: dict[str, Choices] | None = None
) -> None:
    TERMS.setdefault(scope, {}).update(terms or {})
    REASONS.update(reasons or {})


@dataclass(frozen=True)
class Described:
    object: str
    changes: list[tuple[str, str]]
    reason: str


def model_of(object_type: str) -> type[Model] | None:
    try:
        return apps.get_model(object_type) if "." in object_type else None
    except LookupError:
        return None


def _field(model: type[Model] | None, key: str) -> ModelField[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, ModelField) else None


def _term(action: str, model: type[Model] | None, key: str) -> Term:
    area = action.split(".", 1)[0]
    for scope in (action, area):
        if key in TERMS.get(scope, {}):
            return TERMS[scope][key]
    field = _field(model, key)
    if field is not None:
        choices = field.choices
        return Term(field.verbose_name, (lambda: choices) if choices else None)
    return Term(capfirst(key.replace("_", " ")))


def _is_change(model: type[Model] | None, key: str, value: Any) -> bool:
    """[old, new] (audit.diff) rather than a list of codes."""
    if not isinstance(value, list) or len(value) != 2:
        return False
    if any(isinstance(v, list) or v is None for v in value):
        return True
    field = _field(model, key)
    return field is not None and not isinstance(field, JSONField)


def _text(value: Any, labels: dict[str, Any], shown: Callable[[Any], Any]) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(_text(v, labels, shown) for v in value) or "–"
    return str(labels.get(str(value), shown(value)))


def describe(
    action: str,
    object_type: str,
    object_id: str,
    object_text: str,
    changes: dict[str, Any],
    reason: str,
    shown: Callable[[Any], Any] = lambda value: value,
) -> Described:
    """An entry's object, changes and reason in words; `shown` writes dates as the reader's
    language does."""
    model = model_of(object_type)
    lines = []
    for key, value in sorted(changes.items()):
        term = _term(action, model, key)
        labels = {str(code): label for code, label in term.values()} if term.values else {}
        if _is_change(model, key, value):
            old, new = (_text(v, labels, shown) for v in value)
            text = _("changed from %(old)s to %(new)s") % {"old": old, "new": new}
        else:
            text = _text(value, labels, shown)
        lines.append((str(capfirst(term.label)), text))
    reasons = {str(code): label for code, label in REASONS[action]()} if action in REASONS else {}
    return Described(
        object=_object(model, object_type, object_id, object_text),
        changes=lines,
        reason=str(reasons.get(reason, reason)),
    )


def _object(model: type[Model] | None, object_type: str, object_id: str, text: str) -> str:
    if model is None:
        return text or (f"{object_type} {object_id}".strip())
    name = capfirst(model._meta.verbose_name)
    return f"{name} {text}" if text else f"{name} #{object_id}"
