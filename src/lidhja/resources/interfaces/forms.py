from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from lidhja.accounts.domain.permissions import Scope, scope_of
from lidhja.core.choices import ModelChoiceField
from lidhja.monitoring.models import Currency, FundingSource
from lidhja.organisations.models import Kind, Organisation
from lidhja.plans.models import Level, PlanNode

ACTIVITIES = PlanNode.objects.filter(level=Level.ACTIVITY).select_related("plan")


class ResourceLineForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    organisation = ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(collective=False),
        to_field_name="code",
    )
    node = ModelChoiceField(
        label=_("Activity"),
        queryset=ACTIVITIES,
    )
    funding_source = forms.ChoiceField(label=_("Funding source"), choices=FundingSource.choices)
    donor = ModelChoiceField(
        label=_("Donor"),
        required=False,
        to_field_name="code",
        queryset=Organisation.objects.filter(kind__in=[Kind.DONOR, Kind.IO]),
    )
    amount = forms.DecimalField(
        label=_("Planned amount"), min_value=0, max_digits=14, decimal_places=2
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A focal point plans for their own organisation's activities only.
        if user is not None and scope_of(user, "resources.plan") is Scope.OWN:
            org = user.organisation
            organisation = cast(ModelChoiceField, self.fields["organisation"])
            node = cast(ModelChoiceField, self.fields["node"])
            organisation.queryset = Organisation.objects.filter(pk=org.pk)
            organisation.initial = org.code
            node.queryset = ACTIVITIES.filter(agency_links__organisation=org).distinct()


class RateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    currency = forms.ChoiceField(
        label=_("Currency"), choices=[c for c in Currency.choices if c[0] != "ALL"]
    )
    lek = forms.DecimalField(
        label=_("Lek per unit"), min_value=0.0001, max_digits=12, decimal_places=4
    )


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100, required=False)
