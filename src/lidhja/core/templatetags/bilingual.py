"""`{% in_language node "text" %}`: a bilingual text in the reader's language, English marked
as such for an Albanian reader (`lidhja.core.bilingual.display_text`).

Options: `limit=160` shortens it, `lines=True` keeps its line breaks.
"""

from typing import Any

from django import template
from django.utils.safestring import SafeString

from lidhja.core.bilingual import display_text

register = template.Library()


@register.simple_tag
def in_language(obj: Any, field: str, limit: int | None = None, lines: bool = False) -> SafeString:
    return display_text(obj, field).html(limit=limit, lines=lines)
