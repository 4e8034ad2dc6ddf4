"""The comparison page's choice of country and years (GET)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lidhja.exchange.domain.comparison import MAX_YEARS


class CompareForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"))
    first = forms.IntegerField(label=_("From"), min_value=1900, max_value=2100)
    last = forms.IntegerField(label=_("To"), min_value=1900, max_value=2100)
    format = forms.ChoiceField(
        label=_("Format"), choices=[("html", "HTML"), ("csv", "CSV")], required=False
    )

    def __init__(self, *args, countries: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        choices: dict[str, str] = dict(countries)
        choices.setdefault(settings.LIDHJA_COUNTRY, settings.LIDHJA_COUNTRY)
        field = self.fields["country"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = sorted(choices.items(), key=lambda pair: str(pair[1]))

    def clean(self):
        data = super().clean() or {}
        first, last = data.get("first"), data.get("last")
        if first is not None and last is not None:
            if first > last:
                self.add_error("last", _("The last year comes after the first."))
            elif last - first >= MAX_YEARS:
                self.add_error("last", _("Give at most %(n)s years.") % {"n": MAX_YEARS})
        return data
