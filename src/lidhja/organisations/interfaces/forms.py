from typing import cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lidhja.core.choices import ModelChoiceField, ModelMultipleChoiceField
from lidhja.core.uploads import BoundedFileField
from lidhja.organisations.models import Kind, Level, Membership, Organisation, Qark, ServiceKind


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
    service = forms.ChoiceField(
        label=_("Service provided"),
        choices=[("", _("Any service")), *ServiceKind.choices],
        required=False,
    )


def _orgs():
    return Organisation.objects.filter(is_active=True).order_by("code")


class OrganisationForm(forms.Form):
    """Adding or editing an organisation: the fields of organisations.domain.services.FIELDS."""

    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name (English)"), max_length=255)
    name_sq = forms.CharField(label=_("Name (Albanian)"), max_length=255, required=False)
    abbreviation = forms.CharField(label=_("Abbreviation"), max_length=32, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    qark = forms.ChoiceField(label=_("Qark"), choices=[("", "—"), *Qark.choices], required=False)
    parent = ModelChoiceField(
        label=_("Belongs to"), queryset=Organisation.objects.none(), required=False
    )
    member_of = ModelMultipleChoiceField(
        label=_("Member of (classes of actors)"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    collective = forms.BooleanField(label=_("Class of actors"), required=False)
    membership = forms.ChoiceField(
        label=_("Members (for a class of actors)"),
        choices=[("", "—"), *Membership.choices],
        required=False,
    )
    membership_kind = forms.ChoiceField(
        label=_("Kind of its members"), choices=[("", "—"), *Kind.choices], required=False
    )
    services = forms.MultipleChoiceField(
        label=_("Services provided"),
        choices=ServiceKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("A case is referred for a service only to an organisation that provides it."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, editing: Organisation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        others = _orgs().exclude(pk=editing.pk) if editing else _orgs()
        parent = cast(ModelChoiceField, self.fields["parent"])
        parent.queryset, parent.to_field_name = others, "code"
        member_of = cast(ModelMultipleChoiceField, self.fields["member_of"])
        member_of.queryset, member_of.to_field_name = others.filter(collective=True), "code"
        if editing is not None:
            del self.fields["code"]

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("code", "member_of", "version"):
            data.pop(name, None)
        return data


class MergeForm(forms.Form):
    into = ModelChoiceField(
        label=_("Merge into"), queryset=Organisation.objects.none(), to_field_name="code"
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, merged: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        into = cast(ModelChoiceField, self.fields["into"])
        into.queryset = _orgs().filter(collective=merged.collective).exclude(pk=merged.pk)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ImportForm(forms.Form):
    file = BoundedFileField(
        label=_("CSV or XLSX file"), max_bytes=lambda: settings.LIDHJA_UPLOAD_MAX_BYTES
    )
