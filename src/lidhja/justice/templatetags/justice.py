"""`{{ value|vocab:"stage" }}`: the label of a justice vocabulary's value, in the user's
language (the parts of a proceeding carry values, the same on the page and in the API)."""

from django import template

from lidhja.cases.domain.countries import country_name
from lidhja.cases.models.choices import AgeBand, Sex
from lidhja.justice.models.choices import (
    AssetKind,
    DefendantRole,
    LinkStatus,
    OfficialService,
    Outcome,
    StageKind,
    VictimRole,
)

register = template.Library()

VOCABULARIES = {
    "stage": StageKind,
    "outcome": Outcome,
    "role": DefendantRole,
    "official": OfficialService,
    "asset": AssetKind,
    "victim_role": VictimRole,
    "link": LinkStatus,
    "sex": Sex,
    "age": AgeBand,
}


@register.filter
def vocab(value, name: str) -> str:
    if name == "country":
        return country_name(value) if value else "–"
    labels = dict(VOCABULARIES[name].choices)
    if value in ("", None) and "" not in labels:
        return "–"
    return str(labels.get(value, value))
