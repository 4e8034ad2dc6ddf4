"""Forms of the case pages; the API validates with serializers of the same fields. Every form
that changes a case carries the case version it was loaded with."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from lidhja.cases.domain.identity import GUARDIAN_FIELDS
from lidhja.cases.domain.screening import DIMENSIONS, INDICATORS
from lidhja.cases.interfaces.countries import country_choices
from lidhja.cases.models.choices import (
    BorderPoint,
    CaseKind,
    CaseStatus,
    ClosureReason,
    EscalationLevel,
    EscalationReason,
    ExploitationForm,
    IdentificationSource,
    PermitKind,
    PlanKind,
    RecruiterRelation,
    RecruitmentMeans,
    ReferralDirection,
    RiskLevel,
    ServiceKind,
    Sex,
    Shared,
    Stage,
)
from lidhja.organisations.models import Level, Organisation, Qark

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
VICTIM_STATUSES = [
    (s.value, s.label) for s in (CaseStatus.POTENTIAL, CaseStatus.PRESUMED, CaseStatus.IDENTIFIED)
]


def _date(label, required=True):
    return forms.DateField(label=label, widget=DATE, required=required)


def _text(label, rows=3, required=False):
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": rows}), required=required
    )


class CountriesField(forms.MultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=country_choices, required=False, **kwargs)
        self.widget.attrs["size"] = 6


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class IdentityForm(forms.Form):
    given_name = forms.CharField(label=_("Given name"), max_length=100)
    family_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    other_names = forms.CharField(label=_("Other names or aliases"), max_length=200, required=False)
    date_of_birth = _date(_("Date of birth"), required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "–"), *Sex.choices], required=False)
    citizenship = forms.ChoiceField(label=_("Citizenship"), choices=(), required=False)
    document_type = forms.CharField(label=_("Identity document"), max_length=60, required=False)
    document_number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    phone = forms.CharField(label=_("Telephone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = _text(_("Address"), rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["citizenship"].choices = [("", "–"), *country_choices()]

    def clean_date_of_birth(self):
        value = self.cleaned_data.get("date_of_birth")
        if value and value > date.today():
            raise forms.ValidationError(_("A date of birth cannot be in the future."))
        return value


class PersonForm(VersionForm, IdentityForm):
    pass


class DetailsForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CaseKind.choices)
    identified_on = _date(_("Date of first contact"))
    identification_source = forms.ChoiceField(
        label=_("Identification source"), choices=IdentificationSource.choices
    )
    border_point = forms.ChoiceField(
        label=_("Border crossing point"), choices=[("", "–"), *BorderPoint.choices], required=False
    )
    source_detail = forms.CharField(label=_("Source, in detail"), max_length=200, required=False)
    exploitation = forms.MultipleChoiceField(
        label=_("Forms of exploitation"),
        choices=ExploitationForm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    transnational = forms.BooleanField(label=_("Transnational"), required=False)
    recruitment_countries = CountriesField(label=_("Countries of recruitment"))
    transit_countries = CountriesField(label=_("Countries of transit"))
    exploitation_countries = CountriesField(label=_("Countries of exploitation"))
    recruitment_means = forms.ChoiceField(
        label=_("Means of recruitment"),
        choices=[("", "–"), *RecruitmentMeans.choices],
        required=False,
    )
    recruiter_relation = forms.ChoiceField(
        label=_("Relation to the recruiter"),
        choices=[("", "–"), *RecruiterRelation.choices],
        required=False,
    )
    minor_at_exploitation = forms.BooleanField(
        label=_("Minor at the time of exploitation"), required=False
    )
    is_child = forms.BooleanField(label=_("Under 18 now"), required=False)
    foreign_national = forms.BooleanField(label=_("Foreign national"), required=False)
    is_witness = forms.BooleanField(label=_("Witness in criminal proceedings"), required=False)
    flagged = forms.BooleanField(label=_("Flag as non-routine"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("identification_source") == IdentificationSource.BORDER and not data.get(
            "border_point"
        ):
            self.add_error("border_point", _("Name the border crossing point."))
        if data.get("kind") == CaseKind.TRAFFICKING and not data.get("exploitation"):
            self.add_error("exploitation", _("Choose at least one form of exploitation."))
        return data


class EditDetailsForm(VersionForm, DetailsForm):
    pass


def municipal_units():
    return Organisation.objects.filter(
        level=Level.LOCAL, code__startswith="MUN-", is_active=True
    ).order_by("code")


class OpenCaseForm(IdentityForm, DetailsForm):
    status = forms.ChoiceField(
        label=_("Status"), choices=VICTIM_STATUSES, initial=CaseStatus.POTENTIAL
    )
    criteria = _text(_("Grounds for opening the case"), required=True)
    managing_organisation = forms.ModelChoiceField(
        label=_("Managing unit"),
        queryset=Organisation.objects.none(),
        to_field_name="code",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["managing_organisation"].queryset = municipal_units()


class StatusForm(VersionForm):
    status = forms.ChoiceField(label=_("New status"), choices=VICTIM_STATUSES)
    decided_on = _date(_("Decided on"))
    criteria = _text(_("Criteria used"), required=True)


def _indicator_choices():
    return [
        (label, [(i.code, f"{i.label} ({i.strength})") for i in INDICATORS if i.dimension == key])
        for key, label in DIMENSIONS.items()
    ]


class ScreeningForm(VersionForm):
    screened_on = _date(_("Screened on"))
    observed = forms.MultipleChoiceField(
        label=_("Indicators observed"),
        choices=_indicator_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class ReferralForm(VersionForm):
    direction = forms.ChoiceField(label=_("Direction"), choices=ReferralDirection.choices)
    to_organisation = forms.ModelChoiceField(
        label=_("Refer to"),
        queryset=Organisation.objects.none(),
        to_field_name="code",
        required=False,
    )
    service = forms.ChoiceField(label=_("Service"), choices=ServiceKind.choices)
    shared = forms.MultipleChoiceField(
        label=_("Share with the receiving organisation"),
        choices=Shared.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Share only what the service needs. The case code is always shared."),
    )
    note = _text(_("Note to the receiving organisation"))
    partner_country = forms.ChoiceField(label=_("Partner country"), choices=(), required=False)
    partner_authority = forms.CharField(
        label=_("Partner authority"), max_length=200, required=False
    )
    return_on = _date(_("Planned date of return"), required=False)
    return_notice_on = _date(_("Advance notice of return given on"), required=False)
    post_return_plan = _text(_("Post-return plan"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = Organisation.objects.filter(
            is_active=True, collective=False
        ).order_by("code")
        self.fields["partner_country"].choices = [("", "–"), *country_choices()]


class AnswerForm(VersionForm):
    referral = forms.IntegerField(widget=forms.HiddenInput)
    referral_version = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            ("accept", _("Accept")),
            ("decline", _("Decline")),
            ("start", _("Service started")),
            ("complete", _("Service completed")),
        ],
    )
    reason = forms.CharField(label=_("Reason for declining"), max_length=255, required=False)


class PlanForm(VersionForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=PlanKind.choices)
    made_on = _date(_("Date"))
    risk_level = forms.ChoiceField(
        label=_("Risk level"), choices=[("", "–"), *RiskLevel.choices], required=False
    )
    reintegrated_on = _date(_("Reintegrated on"), required=False)
    note = _text(_("Content"), rows=5)
    steps = _text(_("Steps, one per line: YYYY-MM-DD and what is to be done"), rows=4)

    def clean_steps(self):
        steps, errors = [], []
        for number, line in enumerate(self.cleaned_data.get("steps", "").splitlines(), start=1):
            if not line.strip():
                continue
            due, _sep, text = line.strip().partition(" ")
            try:
                steps.append((text.strip(), date.fromisoformat(due)))
            except ValueError:
                errors.append(
                    _("Line %(n)s does not start with a date (YYYY-MM-DD).") % {"n": number}
                )
                continue
            if not text.strip():
                errors.append(_("Line %(n)s says nothing to do.") % {"n": number})
        if errors:
            raise forms.ValidationError(errors)
        return steps


class StepForm(VersionForm):
    step = forms.IntegerField(widget=forms.HiddenInput)
    done_on = _date(_("Done on"))


class ServiceForm(VersionForm):
    kind = forms.ChoiceField(label=_("Service"), choices=ServiceKind.choices)
    provider = forms.ModelChoiceField(
        label=_("Provided by"),
        queryset=Organisation.objects.none(),
        to_field_name="code",
        required=False,
        help_text=_("Leave empty for your own organisation."),
    )
    started_on = _date(_("From"))
    ended_on = _date(_("Until"), required=False)
    refused = forms.BooleanField(label=_("Offered and refused by the person"), required=False)
    note = _text(_("Note"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Organisation.objects.filter(
            is_active=True, collective=False
        ).order_by("code")


class FollowUpForm(VersionForm):
    visited_on = _date(_("Visited on"))
    employed = forms.BooleanField(label=_("Employed"), required=False)
    re_trafficked = forms.BooleanField(label=_("Re-trafficked"), required=False)
    note = _text(_("Note"))


class PermitForm(VersionForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=PermitKind.choices)
    starts_on = _date(_("From"))
    ends_on = _date(_("Until"))
    reference = forms.CharField(label=_("Reference"), max_length=64, required=False)


class JusticeForm(VersionForm):
    witness_participation = forms.BooleanField(label=_("Takes part as a witness"), required=False)
    protection_programme = forms.BooleanField(
        label=_("In the witness protection programme"), required=False
    )
    compensation_claimed = forms.DecimalField(
        label=_("Compensation claimed (ALL)"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
    )
    compensation_awarded = forms.DecimalField(
        label=_("Compensation awarded (ALL)"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
    )


class GuardianForm(VersionForm):
    name = forms.CharField(label=GUARDIAN_FIELDS["name"], max_length=200)
    relation = forms.CharField(label=GUARDIAN_FIELDS["relation"], max_length=100, required=False)
    contact = forms.CharField(label=GUARDIAN_FIELDS["contact"], max_length=200, required=False)
    appointed_on = _date(_("Appointed on"))


class TransferForm(VersionForm):
    to = forms.ModelChoiceField(
        label=_("Transfer to"), queryset=Organisation.objects.none(), to_field_name="code"
    )
    reason = _text(_("Why the case is transferred"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = municipal_units()


class EscalateForm(VersionForm):
    level = forms.ChoiceField(label=_("Escalate to"), choices=EscalationLevel.choices)
    reason = forms.ChoiceField(label=_("Reason"), choices=EscalationReason.choices)
    note = _text(_("What is needed"), required=True)


class ResolveForm(VersionForm):
    escalation = forms.IntegerField(widget=forms.HiddenInput)
    resolution = _text(_("Resolution"), required=True)


class NoteForm(VersionForm):
    note = _text(_("Note"), rows=4, required=True)


class CloseForm(VersionForm):
    closed_on = _date(_("Closed on"))
    reason = forms.ChoiceField(label=_("Reason for closure"), choices=ClosureReason.choices)
    note = _text(_("Note"))


class ReopenForm(VersionForm):
    note = _text(_("Why the case is reopened"), required=True)


class EraseForm(VersionForm):
    basis = forms.CharField(
        label=_("Lawful request (reference and legal basis)"),
        max_length=255,
        help_text=_(
            "Erasure removes the person's identifying data for good; the case's statistics stay."
        ),
    )
    confirm = forms.CharField(label=_("Type the case code to confirm"), max_length=16)


class AttachmentForm(VersionForm):
    file = forms.FileField(label=_("File (PDF, PNG, JPEG, DOCX, XLSX)"))


class ExportForm(forms.Form):
    purpose = forms.CharField(
        label=_("Purpose of the export"),
        max_length=255,
        help_text=_("Exports of personal data are logged with their purpose."),
    )


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Case code or name"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *CaseStatus.choices], required=False
    )
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("Any")), *Stage.choices], required=False
    )
    qark = forms.ChoiceField(
        label=_("Qark"), choices=[("", _("Any")), *Qark.choices], required=False
    )
    exploitation = forms.ChoiceField(
        label=_("Exploitation"), choices=[("", _("Any")), *ExploitationForm.choices], required=False
    )
    open_referral = forms.BooleanField(label=_("Open referral"), required=False)
    overdue = forms.BooleanField(label=_("Overdue plan steps"), required=False)
