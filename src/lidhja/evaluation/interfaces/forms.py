from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lidhja.core.choices import ModelChoiceField
from lidhja.core.uploads import BoundedFileField
from lidhja.core.widgets import ListSelect
from lidhja.evaluation.models import ActionStatus, Rating
from lidhja.organisations.models import Organisation
from lidhja.plans.models import Level, PlanNode


class DateInput(forms.DateInput):
    input_type = "date"


# The activities of every plan, and organisations: options kept until the plan or the
# registry changes (ListSelect).
ACTIVITIES = ListSelect(kept_as="activities", areas=("plan", "plan_node"))
ORGANISATIONS = ListSelect(kept_as="organisations", areas=("organisation",))


def _activities():
    # The options need the label's fields only (PlanNode.__str__); the chosen one loads the
    # rest when read.
    return PlanNode.objects.filter(level=Level.ACTIVITY).only("pk", "plan", "chapter", "code")


class EvaluationForm(forms.Form):
    # Offered empty on the evaluation page: kept until the plan changes (`{% fields %}`).
    kept_as, kept_areas = "new-evaluation", ACTIVITIES.areas
    node = ModelChoiceField(label=_("Activity"), queryset=_activities(), widget=ACTIVITIES)
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
    kept_as, kept_areas = "new-action", (*ACTIVITIES.areas, *ORGANISATIONS.areas)
    node = ModelChoiceField(label=_("Activity"), queryset=_activities(), widget=ACTIVITIES)
    description = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 3}))
    owner = ModelChoiceField(
        label=_("Owner"),
        to_field_name="code",
        queryset=Organisation.objects.filter(collective=False),
        widget=ORGANISATIONS,
    )
    due_date = forms.DateField(label=_("Due date"), widget=DateInput)


class MoveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices, widget=ListSelect)
    note = forms.CharField(
        label=_("How it was resolved"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
