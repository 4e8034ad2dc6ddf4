from django import forms
from django.utils.translation import gettext_lazy as _

from lidhja.organisations.models import Kind, Level, Qark


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *Kind.choices], required=False
    )
    level = forms.ChoiceField(
        label=_("Level"), choices=[("", _("All levels")), *Level.choices], required=False
    )
    qark = forms.ChoiceField(
        label=_("Qark"), choices=[("", _("All qarks")), *Qark.choices], required=False
    )
