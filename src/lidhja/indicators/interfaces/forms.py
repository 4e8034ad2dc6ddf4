from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from lidhja.core.choices import ModelChoiceField
from lidhja.core.widgets import ListSelect
from lidhja.indicators.domain.computations import choices as computation_choices
from lidhja.indicators.domain.services import DEFINITION_FIELDS
from lidhja.indicators.models import Disaggregation, Indicator
from lidhja.monitoring.models import ReportingPeriod
from lidhja.plans.models import Chapter


class DateInput(forms.DateInput):
    input_type = "date"


class IndicatorForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    disaggregations = forms.MultipleChoiceField(
        label=_("Disaggregations"),
        choices=Disaggregation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    computation = forms.ChoiceField(label=_("Computed by"), required=False)

    class Meta:
        model = Indicator
        fields = list(DEFINITION_FIELDS)
        widgets = {
            "name": forms.Textarea(attrs={"rows": 2}),
            "name_sq": forms.Textarea(attrs={"rows": 2}),
            "target_date": DateInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["computation"]).choices = [
            ("", _("Entered by hand")),
            *computation_choices(),
        ]

    def read_only(self) -> None:
        for field in self.fields.values():
            field.disabled = True


class ValueForm(forms.Form):
    period = ModelChoiceField(
        label=_("Period"),
        queryset=ReportingPeriod.objects.all(),
        to_field_name="code",
        widget=ListSelect,
    )
    cell = forms.CharField(
        label=_("Disaggregation cell"),
        required=False,
        max_length=64,
        help_text=_("Empty for the total, or for example sex=female."),
    )
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    source = forms.CharField(label=_("Source"), required=False, max_length=255)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ComputeForm(forms.Form):
    period = ModelChoiceField(
        label=_("Period"),
        queryset=ReportingPeriod.objects.all(),
        to_field_name="code",
        widget=ListSelect,
    )


class IndicatorFilterForm(forms.Form):
    chapter = forms.ChoiceField(
        label=_("Chapter"),
        choices=[("", _("All chapters")), *Chapter.choices],
        required=False,
        widget=ListSelect,
    )
    q = forms.CharField(label=_("Text or number"), required=False, max_length=200)
    computed = forms.BooleanField(label=_("Only computed"), required=False)
