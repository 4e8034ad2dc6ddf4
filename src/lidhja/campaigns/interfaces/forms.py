"""The page forms of campaigns, built from the field lists of campaigns.domain.fields (the API
serializers take the same lists)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lidhja.campaigns.domain import fields
from lidhja.campaigns.models import (
    Campaign,
    CampaignEvent,
    CampaignStatus,
    Channel,
    Material,
    ReachReport,
    TargetGroup,
)
from lidhja.core.choices import ModelChoiceField, ModelMultipleChoiceField
from lidhja.core.uploads import BoundedFileField
from lidhja.organisations.models import Organisation, Qark
from lidhja.plans.models import Level, PlanNode


class DateInput(forms.DateInput):
    input_type = "date"


def organisations():
    return Organisation.objects.filter(is_active=True, collective=False)


class CampaignForm(forms.ModelForm):
    lead = ModelChoiceField(
        label=_("Lead organisation"), queryset=organisations(), to_field_name="code"
    )
    partners = ModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=Organisation.objects.filter(is_active=True),
        to_field_name="code",
        required=False,
    )
    activities = ModelMultipleChoiceField(
        label=_("Plan activities"),
        queryset=PlanNode.objects.filter(level=Level.ACTIVITY).select_related("plan"),
        required=False,
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"), choices=TargetGroup.choices, widget=forms.CheckboxSelectMultiple
    )
    qarks = forms.MultipleChoiceField(
        label=_("Qarks"), choices=Qark.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels"), choices=Channel.choices, widget=forms.CheckboxSelectMultiple
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Campaign
        fields = fields.CAMPAIGN
        widgets = {"starts_on": DateInput, "ends_on": DateInput}

    def __init__(self, *args, lead_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        lead = self.fields["lead"]
        if lead_choices is not None and isinstance(lead, ModelChoiceField):
            lead.queryset = lead_choices  # a focal point leads with its own organisation only
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.initial.setdefault("version", self.instance.version)

    def _post_clean(self):
        """The services validate and save; the form only checks its own fields."""


class MaterialForm(forms.ModelForm):
    file = BoundedFileField(
        label=_("File (PDF, PNG, JPEG, DOCX, XLSX)"),
        required=False,
        max_bytes=lambda: settings.LIDHJA_EVIDENCE_MAX_BYTES,
    )

    class Meta:
        model = Material
        fields = fields.MATERIAL

    def _post_clean(self):
        pass


class EventForm(forms.ModelForm):
    class Meta:
        model = CampaignEvent
        fields = fields.EVENT
        widgets = {"held_on": DateInput}

    def _post_clean(self):
        pass


class MaterialEditForm(MaterialForm):
    """A correction of a material: its fields, and a new file to replace the old one."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class EventEditForm(EventForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class WithdrawForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why is it withdrawn"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReachForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    submit = forms.BooleanField(label=_("Submit to ONAC now"), required=False)

    class Meta:
        model = ReachReport
        fields = fields.REACH
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self):
        pass


class ReturnForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("What should be corrected"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *CampaignStatus.choices], required=False
    )
    qark = forms.ChoiceField(
        label=_("Qark"), choices=[("", _("Any")), *Qark.choices], required=False
    )
    target_group = forms.ChoiceField(
        label=_("Target group"), choices=[("", _("Any")), *TargetGroup.choices], required=False
    )
    lead = ModelChoiceField(
        label=_("Lead organisation"),
        queryset=Organisation.objects.filter(campaigns_led__isnull=False).distinct(),
        to_field_name="code",
        required=False,
        empty_label=_("Any"),
    )

    def filters(self) -> dict[str, str]:
        """The valid filters as the query takes them (an invalid one is ignored)."""
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        data["lead"] = data["lead"].code if data.get("lead") else ""
        return {k: v for k, v in data.items() if v}
