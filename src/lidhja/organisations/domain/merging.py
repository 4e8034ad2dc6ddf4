"""Merging one organisation into another: every row that refers to the merged one is moved to
the survivor, whatever app it belongs to.

The references are found from Django's model metadata (every foreign key to Organisation,
hidden ones with `related_name="+"` included, and the tables of the classes' memberships), so
a model added later is merged too without a list to keep up to date.

Collisions. A row that, once moved, would duplicate a row of the survivor under a unique
constraint (both were linked to the same plan activity, both owe the same report) is handled
by one rule:
- a membership of a class (the many-to-many table) is united: the duplicate is dropped;
- a row whose model declares `MERGE_DROPS_DUPLICATE` (a Q) and that matches it carries nothing
  of its own (a reporting obligation with no report yet, which is derived from the plan) and is
  dropped in favour of the survivor's;
- any other collision refuses the whole merge, naming each colliding row; nothing changes.
"""

from collections.abc import Iterator
from typing import Any, cast

from django.db.models import ForeignKey, ForeignObjectRel, Model, Q, QuerySet, UniqueConstraint
from django.utils.translation import gettext as _

from lidhja.accounts.domain.errors import DomainError
from lidhja.organisations.models import Organisation

SHOWN = 10  # collisions named in the refusal; the rest are counted


class MergeRefused(DomainError):
    pass


def references() -> Iterator[tuple[type[Model], ForeignKey[Any, Any]]]:
    """(model, foreign key) of every field that points to Organisation. `related_objects`
    would leave out the relations declared with `related_name="+"` (a case's history, a
    referral's sender), hence the hidden ones too."""
    for relation in Organisation._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ForeignObjectRel) or relation.many_to_many:
            continue  # a many-to-many is moved through its table's own foreign keys
        model = cast(type[Model], relation.related_model)
        yield model, cast("ForeignKey[Any, Any]", relation.field)


def unique_sets(model: type[Model], field: ForeignKey[Any, Any]) -> Iterator[tuple[list[str], Q]]:
    """The other fields of each unique constraint that includes `field`, and its condition."""
    if field.unique:
        yield [], Q()
    for together in model._meta.unique_together:
        if field.name in together:
            yield [name for name in together if name != field.name], Q()
    for constraint in model._meta.constraints:
        if isinstance(constraint, UniqueConstraint) and field.name in constraint.fields:
            others = [name for name in constraint.fields if name != field.name]
            yield others, constraint.condition or Q()


def _rows(model: type[Model], field: ForeignKey[Any, Any], org: Organisation) -> QuerySet[Model]:
    return model._default_manager.filter(**{field.name: org})


def collisions(
    model: type[Model], field: ForeignKey[Any, Any], loser: Organisation, survivor: Organisation
) -> QuerySet[Model]:
    """The rows of `loser` that would duplicate a row of `survivor` once moved."""
    colliding: set[object] = set()
    for others, condition in unique_sets(model, field):
        kept = _rows(model, field, survivor).filter(condition)
        candidates = _rows(model, field, loser).filter(condition)
        if not others:  # the reference alone is unique: any row of the survivor collides
            if kept.exists():
                colliding |= set(candidates.values_list("pk", flat=True))
            continue
        taken = set(kept.values_list(*others))
        for row in candidates.values_list("pk", *others):
            if tuple(row[1:]) in taken:
                colliding.add(row[0])
    return _rows(model, field, loser).filter(pk__in=colliding)


def droppable(model: type[Model]) -> Q | None:
    if model._meta.auto_created:
        return Q(pk__isnull=False)  # a membership of a class: the survivor's row says the same
    declared: Q | None = getattr(model, "MERGE_DROPS_DUPLICATE", None)
    return declared


def check_mergeable(loser: Organisation, survivor: Organisation) -> None:
    if loser.pk == survivor.pk:
        raise MergeRefused(_("An organisation cannot be merged into itself."))
    if not loser.is_active or not survivor.is_active:
        raise MergeRefused(_("Both organisations must be active."))
    if loser.collective != survivor.collective:
        raise MergeRefused(
            _("A class of actors can only be merged into a class, an organisation into one.")
        )
    ancestor = survivor.parent
    while ancestor is not None:
        if ancestor.pk == loser.pk:
            raise MergeRefused(
                _("%(code)s belongs to the organisation being merged.") % {"code": survivor.code}
            )
        ancestor = ancestor.parent
    if survivor.member_of.filter(pk=loser.pk).exists():
        raise MergeRefused(
            _("%(code)s is a member of the class being merged.") % {"code": survivor.code}
        )
    _refuse_collisions(loser, survivor)


def _refuse_collisions(loser: Organisation, survivor: Organisation) -> None:
    named: list[str] = []
    for model, field in references():
        drop = droppable(model)
        rows = collisions(model, field, loser, survivor)
        if drop is not None:
            rows = rows.exclude(drop)
        named += [f"{model._meta.verbose_name}: {row}" for row in rows[: SHOWN + 1]]
    if named:
        shown = "; ".join(named[:SHOWN]) + (" …" if len(named) > SHOWN else "")
        raise MergeRefused(
            _("These rows of %(merged)s would duplicate rows of %(survivor)s: %(rows)s")
            % {"merged": loser.code, "survivor": survivor.code, "rows": shown}
        )


def move_references(loser: Organisation, survivor: Organisation) -> dict[str, int]:
    """Drop the droppable duplicates, then point every reference to `loser` at `survivor`;
    returns {"app.model.field": rows moved} (only the ones that moved any)."""
    moved: dict[str, int] = {}
    for model, field in references():
        drop = droppable(model)
        label = f"{model._meta.label_lower}.{field.name}"
        if drop is not None:
            dropped, _per_model = collisions(model, field, loser, survivor).filter(drop).delete()
            if dropped:
                moved[f"{label} (duplicates dropped)"] = dropped
        count = _rows(model, field, loser).update(**{field.name: survivor})
        if count:
            moved[label] = count
    return moved
