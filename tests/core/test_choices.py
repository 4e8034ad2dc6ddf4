"""Model choices are read with one plain query, never through `.iterator()` (a server-side
cursor on PostgreSQL: three round trips for a handful of rows)."""

from unittest import mock

import pytest
from django import forms
from django.db.models.query import QuerySet

from lidhja.core.choices import ModelChoiceField, ModelMultipleChoiceField
from lidhja.organisations.models import Organisation

pytestmark = pytest.mark.django_db


class Picker(forms.Form):
    one = ModelChoiceField(queryset=Organisation.objects.order_by("code"), to_field_name="code")
    many = ModelMultipleChoiceField(
        queryset=Organisation.objects.order_by("code"), to_field_name="code"
    )


def test_the_choices_are_read_without_a_cursor_and_never_kept_on_the_field():
    with mock.patch.object(QuerySet, "iterator", side_effect=AssertionError("a cursor")):
        html = str(Picker())
    first = Organisation.objects.order_by("code").first()
    assert f'value="{first.code}"' in html
    form = Picker()
    list(form.fields["one"].choices)
    Organisation.objects.create(code="ZZZ-NEW", name="Added after the first look")
    assert "ZZZ-NEW" in [str(value) for value, _label in form.fields["one"].choices]
