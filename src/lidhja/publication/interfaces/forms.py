from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lidhja.publication.domain.periods import Period
from lidhja.publication.models import ReferenceDate, Unit


class PeriodForm(forms.Form):
    period = forms.CharField(
        label=_("Period"), max_length=6, help_text=_("A quarter (2009Q1) or a year (2009).")
    )

    def clean_period(self) -> Period:
        try:
            return Period.parse(self.cleaned_data["period"])
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["period"]) from None


class DefinitionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    title_sq = forms.CharField(label=_("Title (Albanian)"), max_length=200)
    unit = forms.ChoiceField(label=_("Counting unit"), choices=Unit.choices)
    reference_date = forms.ChoiceField(label=_("Reference date"), choices=ReferenceDate.choices)
    inclusion_en = forms.CharField(
        label=_("Inclusion rule (English)"), max_length=4000, widget=forms.Textarea
    )
    inclusion_sq = forms.CharField(
        label=_("Inclusion rule (Albanian)"), max_length=4000, widget=forms.Textarea
    )
    disaggregations = forms.CharField(
        label=_("Disaggregations"),
        max_length=500,
        required=False,
        help_text=_("Separated by commas, e.g. sex, age band."),
    )

    def clean_disaggregations(self) -> list[str]:
        text = self.cleaned_data["disaggregations"]
        return [part.strip() for part in text.split(",") if part.strip()]

    @classmethod
    def initial_from(cls, definition) -> dict:
        fields = ("title_en", "title_sq", "unit", "reference_date", "inclusion_en", "inclusion_sq")
        initial = {name: getattr(definition, name) for name in fields}
        initial["disaggregations"] = ", ".join(definition.disaggregations)
        initial["version"] = definition.version
        return initial
