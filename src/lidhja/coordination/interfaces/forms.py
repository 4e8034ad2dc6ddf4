from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lidhja.accounts.models import User
from lidhja.cases.interfaces.forms import form_for
from lidhja.coordination.domain import inputs
from lidhja.coordination.models import Body, BodyKind, MemberRole
from lidhja.core.choices import ModelChoiceField, ModelMultipleChoiceField
from lidhja.core.uploads import BoundedFileField
from lidhja.organisations.models import Organisation, Qark


class DateInput(forms.DateInput):
    input_type = "date"


def _organisations(required: bool = True, label=None) -> ModelChoiceField:
    return ModelChoiceField(
        label=label or _("Organisation"),
        required=required,
        to_field_name="code",
        queryset=Organisation.objects.filter(collective=False, is_active=True),
    )


class BodyForm(forms.Form):
    name = forms.CharField(label=_("Name (English)"), max_length=255)
    name_sq = forms.CharField(label=_("Name (Albanian)"), max_length=255, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=BodyKind.choices)
    organisation = _organisations(False, _("Organisation that is this body"))
    qark = forms.ChoiceField(label=_("Qark"), choices=[("", "—"), *Qark.choices], required=False)
    chair = _organisations(False, _("Chair"))
    secretariat = _organisations(False, _("Secretariat"))
    meetings_per_year = forms.IntegerField(
        label=_("Required meetings a year (0: as necessary)"), min_value=0, max_value=366
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class NewBodyForm(BodyForm):
    code = forms.CharField(label=_("Code"), max_length=32)
    field_order = ["code"]


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class EditBodyForm(BodyForm, VersionForm):
    @classmethod
    def for_body(cls, body: Body) -> "EditBodyForm":
        initial = {f: getattr(body, f) for f in ("name", "name_sq", "kind", "qark")}
        initial |= {
            f: getattr(body, f).code if getattr(body, f) else None
            for f in ("organisation", "chair", "secretariat")
        }
        initial |= {
            "meetings_per_year": body.meetings_per_year,
            "is_active": body.is_active,
            "version": body.version,
        }
        return cls(initial=initial)


class MemberForm(forms.Form):
    organisation = _organisations()
    # No role chosen in advance: making someone the chair by leaving a default is too easy.
    role = forms.ChoiceField(label=_("Role in the body"), choices=[("", "—"), *MemberRole.choices])
    since = forms.DateField(label=_("From"), required=False, widget=DateInput)
    representatives = ModelMultipleChoiceField(
        label=_("Representatives (users of the organisation)"),
        required=False,
        to_field_name="username",
        queryset=User.objects.filter(is_active=True).order_by("username"),
    )


class RepresentativesForm(VersionForm):
    """The users who represent a member: the page offers the organisation's active users; the
    service refuses anyone else, naming the field."""

    representatives = ModelMultipleChoiceField(
        label=_("Representatives"),
        required=False,
        to_field_name="username",
        queryset=User.objects.order_by("username"),
    )


class EndMemberForm(VersionForm):
    until = forms.DateField(label=_("Until"), widget=DateInput)


# The secretariat's inputs, declared once in coordination.domain.inputs (the API renders the
# same declarations as serializers).
MeetingForm = form_for(inputs.RECORD_MEETING)
ChangeMeetingForm = form_for(inputs.CHANGE_MEETING)
DecisionForm = form_for(inputs.DECISION)
CloseDecisionForm = form_for(inputs.CLOSE_DECISION)


class AttendanceForm(VersionForm):
    """One choice per member organisation, named by its code."""

    def __init__(self, *args, members=(), current=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        for membership in members:
            code = membership.organisation.code
            self.fields[f"org_{code}"] = forms.ChoiceField(
                label=str(membership.organisation),
                choices=[("", "—"), *inputs.presences()],
                required=False,
                initial=current.get(code, ""),
            )

    def presences(self) -> dict[str, str]:
        return {
            name.removeprefix("org_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("org_") and value
        }


class MinutesForm(VersionForm):
    file = BoundedFileField(
        label=_("Minutes (PDF, DOCX, …)"), max_bytes=lambda: settings.LIDHJA_EVIDENCE_MAX_BYTES
    )
