"""Widgets for long lists of choices on pages that are read often (filters, pickers)."""

from django import forms


class ListSelect(forms.Select):
    """A select whose options are written in one loop: Django's own template includes a
    template per option (and another for its attributes), which for a list of 150
    organisations costs more than the rest of a list page. Options carry no attributes of their
    own and there are no option groups; the select's attributes are rendered as usual."""

    template_name = "core/widgets/select.html"
