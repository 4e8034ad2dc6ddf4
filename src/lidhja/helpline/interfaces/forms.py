"""The helpline's forms: its inputs (helpline.domain.inputs) rendered by the case module's
form renderer, so the pages and the API take the same fields."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lidhja.cases.interfaces.forms import form_for
from lidhja.helpline.domain import inputs
from lidhja.helpline.domain.statistics import GRANULARITIES, years


def call_form() -> type[forms.Form]:
    return form_for(inputs.CALL)


def correct_form() -> type[forms.Form]:
    return form_for(inputs.CORRECT)


def open_case_form() -> type[forms.Form]:
    return form_for(inputs.OPEN_CASE)


class StatisticsForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    by = forms.ChoiceField(
        label=_("By"),
        choices=list(zip(GRANULARITIES, [_("Quarter"), _("Month")], strict=True)),
        required=False,
    )


def chosen(data) -> tuple[int, str, dict[str, list[str]]]:
    """The year and the granularity asked for (when none is: the latest year with calls, or
    this year when there are none; by quarter)."""
    latest = next(iter(years()), timezone.localdate().year)
    form = StatisticsForm({"year": data.get("year") or latest, "by": data.get("by", "")})
    if not form.is_valid():
        return 0, "", {name: [str(m) for m in messages] for name, messages in form.errors.items()}
    return form.cleaned_data["year"], form.cleaned_data["by"] or "quarter", {}
