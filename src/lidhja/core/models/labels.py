"""Choice labels looked up, not rebuilt.

Django's `get_<field>_display()` rebuilds a dictionary of every choice of the field on each
call, hashing each label, and hashing a translatable label translates it: a list of 50 rows
that shows three such fields translated about a thousand labels. Models with choice fields
take this mixin first among their bases; the labels of a field are translated once per
language and looked up after that (catalogues do not change while the server runs)."""

from functools import cache

from django.db import models
from django.utils.encoding import force_str
from django.utils.translation import get_language


@cache
def _labels(field: models.Field, language: str | None) -> dict:
    """The field's labels in `language`, the active language when first asked."""
    return {value: force_str(label, strings_only=True) for value, label in field.flatchoices}


class ChoiceLabels:
    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        try:
            return _labels(field, get_language()).get(value, value)
        except TypeError:  # an unhashable value (a JSON list, say): as Django does
            return models.Model._get_FIELD_display(self, field)  # type: ignore[attr-defined]
