from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lidhja.core.choices import ModelChoiceField
from lidhja.core.files import checked_upload
from lidhja.core.uploads import BoundedFileField, UploadRefused, read_upload
from lidhja.core.widgets import ListSelect
from lidhja.monitoring.domain.periods import BadPeriod, parse_code
from lidhja.monitoring.domain.services import REPORT_FIELDS
from lidhja.monitoring.models import ImplementationStatus, ProgressReport, ReportStatus
from lidhja.organisations.models import Kind, Organisation
from lidhja.plans.models import Chapter, Plan


def _evidence_field(**kwargs) -> BoundedFileField:
    return BoundedFileField(
        help_text=_("PDF, PNG, JPEG, DOCX or XLSX."),
        max_bytes=lambda: settings.LIDHJA_EVIDENCE_MAX_BYTES,
        **kwargs,
    )


def checked_evidence(upload) -> tuple[str, bytes]:
    """An evidence file as (safe name, content), checked for size and kind, or a form error."""
    limit = settings.LIDHJA_EVIDENCE_MAX_BYTES
    try:
        content = read_upload(upload, limit)
        name, _kind = checked_upload(upload.name, content, limit)
    except UploadRefused as exc:
        raise forms.ValidationError(str(exc), code="too_large") from exc
    except ValidationError as exc:
        raise forms.ValidationError(exc.messages) from exc
    return name, content


class EvidenceForm(forms.Form):
    """One evidence file for a saved draft, on its own (the report form takes one too)."""

    file = _evidence_field(label=_("Evidence file"))

    def clean_file(self) -> tuple[str, bytes]:
        return checked_evidence(self.cleaned_data["file"])


class ReportForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    implementation_status = forms.ChoiceField(
        label=_("Implementation status"), choices=ImplementationStatus.choices
    )
    donor = ModelChoiceField(
        label=_("Donor"),
        queryset=Organisation.objects.filter(kind__in=[Kind.DONOR, Kind.IO]).order_by("code"),
        required=False,
    )
    # Chosen while drafting, attached when the draft is saved (or submitted); not a column.
    evidence = _evidence_field(label=_("Add an evidence file"), required=False)

    class Meta:
        model = ProgressReport
        fields = list(REPORT_FIELDS)
        widgets = {
            "narrative": forms.Textarea(attrs={"rows": 5}),
            "outputs_achieved": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_evidence(self) -> tuple[str, bytes] | None:
        upload = self.cleaned_data.get("evidence")
        return checked_evidence(upload) if upload else None

    def evidence_files(self) -> list[tuple[str, bytes]]:
        chosen = self.cleaned_data.get("evidence")
        return [chosen] if chosen else []

    def answer_fields(self) -> list[forms.BoundField]:
        """The visible fields of the answers, without the evidence file (its own section)."""
        return [field for field in self.visible_fields() if field.name != "evidence"]

    @classmethod
    def refused(cls, report: ProgressReport, errors: dict[str, list[str]]) -> "ReportForm":
        """The form of a saved draft the workflow refused, bound to what the draft holds so the
        refusal can be shown on the fields at fault."""
        data = forms.model_to_dict(report, fields=REPORT_FIELDS)
        data = {key: "" if value is None else value for key, value in data.items()}
        form = cls({**data, "version": report.version}, instance=report)
        form.full_clean()
        for field, messages in errors.items():
            if field not in form.errors:
                form.add_error(field if field in form.fields else None, messages)
        return form


class ReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("return", _("Return with comments"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class DueDateForm(forms.Form):
    due_date = forms.DateField(
        label=_("Reports due"), widget=forms.DateInput(attrs={"type": "date"})
    )


class SubmitForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class OpenPeriodForm(forms.Form):
    kept_as, kept_areas = "open-period", ("plan",)  # offered empty on the periods page

    period = forms.CharField(label=_("Period"), max_length=6, help_text=_("For example 2009Q1"))
    plan = ModelChoiceField(label=_("Plan"), queryset=Plan.objects.all(), to_field_name="code")

    def clean_period(self):
        value = self.cleaned_data["period"].strip().upper()
        try:
            parse_code(value)
        except BadPeriod as exc:
            raise forms.ValidationError(
                _("Write the period as a year and a quarter, e.g. 2009Q1.")
            ) from exc
        return value


class ObligationFilterForm(forms.Form):
    organisation = ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(collective=False).order_by("code"),
        required=False,
        to_field_name="code",
        widget=ListSelect(kept_as="organisations-by-code", areas=("organisation",)),
    )
    chapter = forms.ChoiceField(
        label=_("Chapter"),
        choices=[("", _("All chapters")), *Chapter.choices],
        required=False,
        widget=ListSelect,
    )
    status = forms.ChoiceField(
        label=_("Report"),
        choices=[("", _("Any")), ("none", _("Not started")), *ReportStatus.choices],
        required=False,
        widget=ListSelect,
    )
    group = forms.ChoiceField(
        label=_("Group by"),
        choices=[("chapter", _("Chapter")), ("organisation", _("Organisation"))],
        required=False,
        widget=ListSelect,
    )


class ComplianceFilterForm(forms.Form):
    group = forms.ChoiceField(
        label=_("Group by"),
        choices=[("organisation", _("Organisation")), ("chapter", _("Chapter"))],
        required=False,
        widget=ListSelect,
    )
    chapter = forms.ChoiceField(
        label=_("Chapter"),
        choices=[("", _("All chapters")), *Chapter.choices],
        required=False,
        widget=ListSelect,
    )
    missing = forms.BooleanField(
        label=_("Only the organisations whose reports are missing"), required=False
    )


class DashboardForm(forms.Form):
    """The dashboard's plan and period, read from the URL (GET)."""

    plan = ModelChoiceField(
        label=_("Plan"),
        queryset=Plan.objects.order_by("code"),
        required=False,
        to_field_name="code",
        empty_label=None,
        widget=ListSelect,
    )
    period = forms.ChoiceField(label=_("Period"), required=False, widget=ListSelect)

    def __init__(self, data, *, periods: list[str], **kwargs):
        super().__init__(data, **kwargs)
        period = self.fields["period"]
        assert isinstance(period, forms.ChoiceField)
        period.choices = [(code, code) for code in periods]
