"""The steps of a proceeding, in one registry: name, title, input, the service that runs it and
when it is offered. The proceeding page (justice.views.pages) and the API (justice.api.views)
are adapters over this table (tests/justice/test_renderings.py compares them)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lidhja.cases.domain.inputs import Field
from lidhja.justice.domain import inputs, services
from lidhja.justice.domain.access import may_edit
from lidhja.justice.models import Defendant, Proceeding

Data = dict[str, Any]
Run = Callable[[Proceeding, Data, Any], Any]


@dataclass(frozen=True)
class Step:
    name: str
    title: Any
    input: tuple[Field, ...]
    run: Run  # (proceeding, validated input, actor) -> the row created or changed
    offered: Callable[[Proceeding], bool] = lambda proceeding: True


def _values(data: Data) -> Data:
    return {k: v for k, v in data.items() if k != "version"}


def _open(proceeding: Proceeding) -> bool:
    return proceeding.closed_on is None


def defendant_of(proceeding: Proceeding, pk: int | None) -> Defendant | None:
    """A defendant of this proceeding by id; another proceeding's is as unknown as none."""
    if pk is None:
        return None
    defendant = proceeding.defendants.filter(pk=pk).first()
    if defendant is None:
        raise ValidationError({"defendant": _("This proceeding has no such defendant.")})
    return defendant


def _stage(proceeding: Proceeding, data: Data, by: Any) -> Any:
    values = _values(data)
    values["defendant"] = defendant_of(proceeding, values.get("defendant"))
    return services.record_stage(proceeding, by=by, version=data["version"], values=values)


def _edit_defendant(proceeding: Proceeding, data: Data, by: Any) -> Any:
    values = _values(data)
    defendant = defendant_of(proceeding, values.pop("defendant"))
    if defendant is None:
        raise ValidationError({"defendant": _("Choose the defendant to change.")})
    return services.edit_defendant(
        proceeding, by=by, version=data["version"], defendant=defendant, values=values
    )


def _has_defendants(proceeding: Proceeding) -> bool:
    return proceeding.defendants.exists()


def _with_values(service: Callable[..., Any]) -> Run:
    return lambda proceeding, data, by: service(
        proceeding, by=by, version=data["version"], values=_values(data)
    )


def _offences(proceeding: Proceeding, data: Data, by: Any) -> Any:
    return services.set_offences(
        proceeding, by=by, version=data["version"], offences=list(data["offences"])
    )


STEPS: dict[str, Step] = {
    step.name: step
    for step in [
        Step("offences", _("Change the offences"), inputs.SET_OFFENCES, _offences, _open),
        Step(
            "defendant",
            _("Add a defendant"),
            inputs.DEFENDANT,
            _with_values(services.add_defendant),
            _open,
        ),
        Step(
            "defendant-edit",
            _("Edit a defendant"),
            inputs.DEFENDANT_EDIT,
            _edit_defendant,
            _has_defendants,
        ),
        Step("stage", _("Record a stage"), inputs.STAGE, _stage, _open),
        Step(
            "asset",
            _("Record assets or compensation"),
            inputs.ASSET,
            _with_values(services.record_asset),
        ),
        Step(
            "victim",
            _("Link a victim's case"),
            inputs.VICTIM,
            _with_values(services.link_victim),
        ),
    ]
}


def get_step(name: str) -> Step | None:
    return STEPS.get(name)


def offered_steps(proceeding: Proceeding, user: Any) -> list[Step]:
    """The steps `user` is offered on `proceeding`: the same list on the page and in the API."""
    if not may_edit(user, proceeding):
        return []
    return [step for step in STEPS.values() if step.offered(proceeding)]
