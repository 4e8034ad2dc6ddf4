from typing import Any, cast

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from lidhja.core.choices import ModelChoiceField
from lidhja.organisations.models import Organisation
from lidhja.plans.models import TRANSLATED, AgencyRole, Chapter, PlanNode


class DateInput(forms.DateInput):
    input_type = "date"


class TreeFilterForm(forms.Form):
    q = forms.CharField(label=_("Text or number"), required=False, max_length=200)
    chapter = forms.ChoiceField(
        label=_("Chapter"), choices=[("", _("All chapters")), *Chapter.choices], required=False
    )
    agency = ModelChoiceField(
        label=_("Agency"),
        queryset=Organisation.objects.order_by("code"),
        required=False,
        to_field_name="code",
    )
    agency_role = forms.ChoiceField(
        label=_("as"), choices=[("", _("lead or partner")), *AgencyRole.choices], required=False
    )
    due_from = forms.DateField(label=_("Due from"), required=False, widget=DateInput)
    due_to = forms.DateField(label=_("Due until"), required=False, widget=DateInput)
    flagged = forms.BooleanField(label=_("Only timelines to fix"), required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("due_from") and data.get("due_to") and data["due_from"] > data["due_to"]:
            self.add_error("due_to", _("The end of the window is before its start."))
        return data


RECURRENCES = [
    ("", _("One-off")),
    ("ongoing", _("Ongoing over the plan period")),
    ("FREQ=MONTHLY;INTERVAL=3", _("Every quarter")),
    ("FREQ=MONTHLY;INTERVAL=6", _("Twice a year")),
    ("FREQ=YEARLY", _("Every year")),
]


class TimelineForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    due_start = forms.DateField(label=_("Due window start"), required=False, widget=DateInput)
    due_end = forms.DateField(label=_("Due date"), required=False, widget=DateInput)
    recurrence = forms.ChoiceField(
        label=_("Recurrence"),
        required=False,
        choices=RECURRENCES,
    )

    def __init__(self, *args, current_recurrence: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["recurrence"])
        if current_recurrence and current_recurrence not in dict(RECURRENCES):
            # A rule read from the printed timeline (e.g. every February) stays choosable.
            field.choices = [*RECURRENCES, (current_recurrence, current_recurrence)]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("due_start"), data.get("due_end")
        if start and end and start > end:
            self.add_error("due_end", _("The due date is before the start of the window."))
        if not (start or end or data.get("recurrence")):
            self.add_error("due_end", _("Give a due date, a window or a recurrence."))
        return data


TRANSLATION_ROWS = {"text": 4, "outputs": 3}  # the rest: 2


class TranslationForm(forms.Form):
    """The Albanian text of a plan item; an empty field means "not translated"."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, node, **kwargs):
        super().__init__(*args, **kwargs)
        # One field per translated text of the model (TRANSLATED), labelled by it; only what
        # the item has in English can be translated.
        for name in TRANSLATED:
            if getattr(node, name):
                label = cast(Any, PlanNode._meta.get_field(f"{name}_sq")).verbose_name
                self.fields[f"{name}_sq"] = forms.CharField(
                    label=capfirst(label),
                    required=False,
                    widget=forms.Textarea(
                        attrs={"rows": TRANSLATION_ROWS.get(name, 2), "lang": "sq"}
                    ),
                )
