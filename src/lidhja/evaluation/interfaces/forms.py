from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lidhja.core.uploads import BoundedFileField
from lidhja.core.widgets import ListSelect
from lidhja.evaluation.models import ActionStatus, Rating
from lidhja.organisations.models import Organisation
from lidhja.plans.models import Level, PlanNode


class DateInput(forms.DateInput):
    input_type = "date"


def _activities():
    return PlanNode.objects.filter(level=Level.ACTIVITY).select_related("plan")


class EvaluationForm(forms.Form):
    node = forms.ModelChoiceField(label=_("Activity"), queryset=_activities(), widget=ListSelect)
    evaluator = forms.CharField(label=_("Evaluator"), max_length=255)
    evaluated_on = forms.DateField(label=_("Date"), widget=DateInput)
    # No rating chosen in advance: an evaluation must not record a rating nobody gave.
    rating = forms.ChoiceField(label=_("Rating"), choices=[("", "–"), *Rating.choices])
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}))
    file = BoundedFileField(
        label=_("Evaluation report (PDF, DOCX, …)"),
        required=False,
        max_bytes=lambda: settings.LIDHJA_EVIDENCE_MAX_BYTES,
    )


class ActionForm(forms.Form):
    node = forms.ModelChoiceField(label=_("Activity"), queryset=_activities(), widget=ListSelect)
    description = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        to_field_name="code",
        queryset=Organisation.objects.filter(collective=False),
        widget=ListSelect,
    )
    due_date = forms.DateField(label=_("Due date"), widget=DateInput)


class MoveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices, widget=ListSelect)
    note = forms.CharField(
        label=_("How it was resolved"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
