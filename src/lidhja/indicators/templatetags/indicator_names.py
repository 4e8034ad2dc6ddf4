from django import template

from lidhja.indicators.domain.computations import indicator_name

register = template.Library()


@register.filter(name="indicator_name")
def indicator_name_filter(indicator) -> str:
    """{{ indicator|indicator_name }}: the name in the reader's language (computed ones)."""
    return indicator_name(indicator)
