"""Forms of the justice pages. The proceeding steps render their declared inputs with the case
module's renderer (cases.interfaces.forms.form_for); the table of offences has its own small
forms, for ONAC only."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lidhja.cases.interfaces.forms import DATE, MAX_ID, form_for
from lidhja.justice.domain import inputs

__all__ = ["MAX_ID", "OffenceForm", "PublishForm", "RemoveOffenceForm", "VersionForm", "form_for"]


def register_form() -> type[forms.Form]:
    return form_for(inputs.REGISTER)


class VersionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    valid_from = forms.DateField(label=_("In force from"), widget=DATE)


class _Versioned(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)


class OffenceForm(_Versioned):
    article = forms.CharField(label=_("Article"), max_length=16)
    title = forms.CharField(label=_("Title (English)"), max_length=200)
    title_sq = forms.CharField(label=_("Title (Albanian)"), max_length=200)
    trafficking = forms.BooleanField(label=_("Trafficking offence"), required=False)


class RemoveOffenceForm(_Versioned):
    article = forms.CharField(max_length=16, widget=forms.HiddenInput)


class PublishForm(_Versioned):
    pass
