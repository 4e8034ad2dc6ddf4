"""Forms of the case pages. The inputs of the case steps are declared once in
cases.domain.inputs and rendered here as Django forms (and in cases.api.inputs as serializers)."""

from collections.abc import Callable
from datetime import date
from functools import cache

from django import forms
from django.utils.translation import gettext_lazy as _

from lidhja.cases.domain import inputs
from lidhja.cases.domain.countries import country_choices
from lidhja.cases.domain.inputs import Field, Kind
from lidhja.cases.models.choices import (
    CaseStatus,
    ExploitationForm,
    ServiceKind,
    Stage,
)
from lidhja.core.choices import ModelChoiceField
from lidhja.organisations.domain.providers import providers, referable
from lidhja.organisations.models import Level, Organisation, Qark

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_ID = 2**31 - 1  # the largest id or version a database column holds


def municipal_units():
    return Organisation.objects.filter(
        level=Level.LOCAL, code__startswith="MUN-", is_active=True
    ).order_by("code")


class CountriesField(forms.MultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=country_choices, required=False, **kwargs)
        self.widget.attrs["size"] = 6


# --- forms rendered from the step inputs (cases.domain.inputs) -------------------------------


class PlanStepsField(forms.CharField):
    """Dated plan steps, one per line: "YYYY-MM-DD what is to be done"."""

    widget = forms.Textarea(attrs={"rows": 4})

    def clean(self, value):
        steps, errors = [], []
        for number, line in enumerate((super().clean(value) or "").splitlines(), start=1):
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


def _organisations():
    return referable()


class ProviderField(ModelChoiceField):
    """An organisation to refer to: the page offers those that provide the chosen service
    (StepForm narrows the list); the referral service refuses any other, naming the field."""

    def __init__(self, **kwargs):
        super().__init__(queryset=providers(), to_field_name="code", **kwargs)


def _choice(field: Field) -> forms.Field:
    choices = field.choices or (lambda: ())
    if field.required and not field.choose:
        return forms.ChoiceField(choices=choices)
    return forms.ChoiceField(choices=lambda: [("", "–"), *choices()])


FORM_FIELDS: dict[Kind, Callable[[Field], forms.Field]] = {
    Kind.TEXT: lambda f: forms.CharField(max_length=f.max_length),
    Kind.LONG_TEXT: lambda f: forms.CharField(
        max_length=f.max_length, widget=forms.Textarea(attrs={"rows": 3})
    ),
    Kind.EMAIL: lambda f: forms.EmailField(max_length=f.max_length),
    Kind.DATE: lambda f: forms.DateField(widget=DATE),
    Kind.BOOL: lambda f: forms.BooleanField(),
    Kind.CHOICE: _choice,
    Kind.CHOICES: lambda f: forms.MultipleChoiceField(
        choices=f.choices or (), widget=forms.CheckboxSelectMultiple
    ),
    Kind.ROW: lambda f: forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID),
    Kind.VERSION: lambda f: forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=MAX_ID
    ),
    Kind.ORGANISATION: lambda f: ModelChoiceField(queryset=_organisations(), to_field_name="code"),
    Kind.PROVIDER: lambda f: ProviderField(),
    Kind.CONFIRM: lambda f: forms.BooleanField(
        error_messages={"required": _("Tick the box to confirm.")}
    ),
    Kind.MUNICIPAL_UNIT: lambda f: ModelChoiceField(
        queryset=municipal_units(), to_field_name="code"
    ),
    Kind.COUNTRY: lambda f: forms.ChoiceField(choices=lambda: [("", "–"), *country_choices()]),
    Kind.COUNTRIES: lambda f: CountriesField(),
    Kind.MONEY: lambda f: forms.DecimalField(min_value=0, max_digits=14, decimal_places=2),
    Kind.COUNT: lambda f: forms.IntegerField(min_value=0, max_value=MAX_ID),
    Kind.FILE: lambda f: forms.FileField(),
    Kind.PLAN_STEPS: lambda f: PlanStepsField(max_length=20_000),
}


def form_field(field: Field) -> forms.Field:
    built = FORM_FIELDS[field.kind](field)
    built.label = field.label
    built.required = field.required and field.kind is not Kind.BOOL
    built.help_text = field.help if field.kind is not Kind.VERSION else ""
    if field.default is not None:
        built.initial = field.default
    if field.shown_when:
        # Read by the template: the field's box is hidden until the other field has one of
        # these values (core/static/lidhja/conditional.js; without script it stays shown).
        built.shown_when = field.shown_when[0]  # type: ignore[attr-defined]
        built.shown_values = " ".join(field.shown_when[1])  # type: ignore[attr-defined]
    return built


class StepForm(forms.Form):
    """A step's form. A provider field offers only the organisations that provide the chosen
    service; the service select refreshes it with HTMX from `refresh_url` (a GET carrying the
    service code alone)."""

    def __init__(self, *args, refresh_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, ProviderField):
                self._narrow(name, field, refresh_url)

    def _narrow(self, name: str, field: ProviderField, refresh_url: str) -> None:
        if self.is_bound:
            # Any organisation is taken, as by the API: the service names a wrong one.
            field.queryset = referable()
            return
        service = self.initial.get("service", "")
        if service in ServiceKind.values:
            field.queryset = providers(service)
        if refresh_url and "service" in self.fields:
            self.fields["service"].widget.attrs.update(
                {
                    "hx-get": refresh_url,
                    "hx-trigger": "change",
                    "hx-include": "this",
                    "hx-target": f"#box-{name}",
                    "hx-select": f"#box-{name}",
                    "hx-swap": "outerHTML",
                }
            )


@cache
def form_for(fields: tuple[Field, ...]) -> type[StepForm]:
    """The Django form of a step's input."""
    declared = {field.name: form_field(field) for field in fields}
    return type("StepForm", (StepForm,), declared)


def open_case_form() -> type[forms.Form]:
    return form_for((*inputs.IDENTITY, *inputs.DETAILS, *inputs.OPENING))


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
    awaiting_answer = forms.BooleanField(label=_("Referral awaiting an answer"), required=False)
    escalated = forms.BooleanField(label=_("Open escalation"), required=False)
