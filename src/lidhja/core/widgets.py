"""Widgets for long lists of choices on pages that are read often (filters, pickers, forms
that offer every activity of the plan)."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

SELECTED = mark_safe(" selected")  # a constant: no user input


class ListSelect(forms.Select):
    """A select written out in one pass. Django's own template renders a template per option
    (and another for its attributes): for the plan's 450 activities that costs more than the
    rest of the page. Options carry no attributes of their own and there are no option groups;
    the select's own attributes (id, required, aria-describedby, ...) are kept."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, SELECTED if key in chosen else "", label)
                for key, label in ((self._key(v), label) for v, label in self.choices)
            ),
        )
        final = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, final, options)

    @staticmethod
    def _key(value) -> str:
        return "" if value is None else str(value)
