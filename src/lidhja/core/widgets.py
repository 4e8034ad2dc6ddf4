"""Widgets for long lists of choices on pages that are read often (filters, pickers, forms
that offer every activity of the plan)."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from lidhja.core.fragments import kept

SELECTED = mark_safe(" selected")  # a constant: no user input


class ListSelect(forms.Select):
    """A select written out in one pass. Django's own template renders a template per option
    (and another for its attributes): for the plan's 450 activities that costs more than the
    rest of the page. Options carry no attributes of their own and there are no option groups;
    the select's own attributes (id, required, aria-describedby, ...) are kept.

    `kept_as` names options that come from data (the plan's activities, the organisations):
    with nothing chosen, they are written once per language and kept in the cache under the
    generation of `areas`, so the first write to those areas renews them."""

    def __init__(self, attrs=None, choices=(), *, kept_as: str = "", areas: tuple[str, ...] = ()):
        super().__init__(attrs, choices)
        if kept_as and not areas:
            raise ValueError("kept options need the areas they are made from")
        self.kept_as, self.areas = kept_as, areas

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        chosen = set(self.format_value(value))
        # Nothing chosen is None or "" (the empty option, if there is one, then selected).
        kept = self.kept_as and chosen <= {""}
        options = self._kept() if kept else self._options(chosen)
        final = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, final, options)

    def _options(self, chosen: set[str]) -> SafeString:
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, SELECTED if key in chosen else "", label)
                for key, label in ((self._key(v), label) for v, label in self.choices)
            ),
        )

    def _kept(self) -> SafeString:
        options = kept(f"list-select:{self.kept_as}", self.areas, lambda: str(self._options({""})))
        return mark_safe(options)  # noqa: S308 -- written by _options, escaped there

    @staticmethod
    def _key(value) -> str:
        return "" if value is None else str(value)
