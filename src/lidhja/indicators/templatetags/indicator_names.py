from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from lidhja.core.bilingual import display_text
from lidhja.indicators.domain.computations import indicator_name, registry_wording

register = template.Library()


@register.filter(name="indicator_name")
def indicator_name_filter(indicator) -> str:
    """{{ indicator|indicator_name }}: the name in the reader's language (computed ones)."""
    return indicator_name(indicator)


@register.simple_tag
def indicator_label(indicator, limit: int | None = None) -> SafeString:
    """{% indicator_label indicator limit=160 %}: a computed indicator not renamed by ONAC in
    the reader's language; any other in its Albanian text where there is one, English marked
    as such where there is not (`core.bilingual.display_text`)."""
    if registry_wording(indicator):
        return conditional_escape(
            Truncator(indicator_name(indicator)).chars(limit)
            if limit
            else indicator_name(indicator)
        )
    return display_text(indicator, "name").html(limit=limit)
