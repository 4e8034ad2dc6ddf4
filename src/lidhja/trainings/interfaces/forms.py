"""The forms of the trainings pages; the API validates the same fields with serializers."""

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lidhja.accounts.domain.permissions import Scope, scope_of
from lidhja.cases.models.choices import BorderPoint
from lidhja.core.choices import ModelChoiceField
from lidhja.core.uploads import BoundedFileField
from lidhja.organisations.models import Organisation, Qark
from lidhja.plans.models import Level, PlanNode
from lidhja.trainings.models import Court, Curriculum, RosterFunction, Sex, TargetGroup

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _blank(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", "—"), *choices]


def _organisations(user: Any, permission: str) -> Any:
    rows = Organisation.objects.filter(is_active=True, collective=False).order_by("code")
    if scope_of(user, permission) is Scope.OWN:
        rows = rows.filter(pk=user.organisation_id)
    return rows


class EventFilterForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Year"), required=False, min_value=1990, max_value=2100
    )
    qark = forms.ChoiceField(
        label=gettext_lazy("Qark"), choices=_blank(Qark.choices), required=False
    )
    target_group = forms.ChoiceField(
        label=gettext_lazy("Target group"), choices=_blank(TargetGroup.choices), required=False
    )
    provider = ModelChoiceField(
        label=gettext_lazy("Provider"),
        queryset=Organisation.objects.order_by("code"),
        to_field_name="code",
        required=False,
    )
    module = ModelChoiceField(
        label=gettext_lazy("Module"),
        queryset=Curriculum.objects.all(),
        to_field_name="code",
        required=False,
    )


class EventForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    provider = ModelChoiceField(
        label=gettext_lazy("Provider"), queryset=Organisation.objects.none(), to_field_name="code"
    )
    module = ModelChoiceField(
        label=gettext_lazy("Module"), queryset=Curriculum.objects.all(), to_field_name="code"
    )
    target_group = forms.ChoiceField(
        label=gettext_lazy("Target group"), choices=TargetGroup.choices
    )
    starts_on = forms.DateField(label=gettext_lazy("Start date"), widget=DATE)
    ends_on = forms.DateField(label=gettext_lazy("End date"), widget=DATE)
    qark = forms.ChoiceField(
        label=gettext_lazy("Qark"), choices=_blank(Qark.choices), required=False
    )
    place = forms.CharField(label=gettext_lazy("Place"), max_length=200, required=False)
    node = ModelChoiceField(
        label=gettext_lazy("Plan activity"),
        queryset=PlanNode.objects.filter(level=Level.ACTIVITY).order_by("plan_id", "position"),
        required=False,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = _organisations(user, "training.record")  # type: ignore[attr-defined]


class ModuleForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=32)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    title_sq = forms.CharField(
        label=gettext_lazy("Title (Albanian)"), max_length=300, required=False
    )
    provider = ModelChoiceField(
        label=gettext_lazy("Provider"),
        queryset=Organisation.objects.order_by("code"),
        to_field_name="code",
        required=False,
    )


class MemberForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    given_name = forms.CharField(label=gettext_lazy("Given name"), max_length=100, required=False)
    family_name = forms.CharField(label=gettext_lazy("Family name"), max_length=100)
    organisation = ModelChoiceField(
        label=gettext_lazy("Organisation"),
        queryset=Organisation.objects.none(),
        to_field_name="code",
    )
    function = forms.ChoiceField(label=gettext_lazy("Function"), choices=RosterFunction.choices)
    court = forms.ChoiceField(
        label=gettext_lazy("Court (judges)"), choices=_blank(Court.choices), required=False
    )
    border_point = forms.ChoiceField(
        label=gettext_lazy("Border crossing point (border officers)"),
        choices=_blank(BorderPoint.choices),
        required=False,
    )
    sex = forms.ChoiceField(label=gettext_lazy("Sex"), choices=Sex.choices)
    active_from = forms.DateField(label=gettext_lazy("Active from"), widget=DATE)
    active_until = forms.DateField(label=gettext_lazy("Active until"), widget=DATE, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations(user, "training.roster_edit")  # type: ignore[attr-defined]


class RosterFilterForm(forms.Form):
    function = forms.ChoiceField(
        label=gettext_lazy("Function"), choices=_blank(RosterFunction.choices), required=False
    )
    organisation = ModelChoiceField(
        label=gettext_lazy("Organisation"),
        queryset=Organisation.objects.order_by("code"),
        to_field_name="code",
        required=False,
    )


class CoverageForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("As of"), widget=DATE, required=False)


class ImportForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    file = BoundedFileField(label=gettext_lazy("Attendance sheet (XLSX or CSV)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload the XLSX or CSV template."))
        return upload
