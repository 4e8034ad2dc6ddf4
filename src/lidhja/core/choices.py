"""Form fields that offer rows of a table (plans, organisations, activities), read with one
plain query.

Django's `ModelChoiceIterator` reads its queryset with `.iterator()`, which on PostgreSQL opens
a server-side cursor: DECLARE, FETCH and CLOSE, three round trips, where a list of choices is
always read whole anyway. Here each look at the choices is one SELECT. (Server-side cursors
stay for what they are for: walking the audit chain or exporting a register row by row.)"""

from django import forms
from django.forms.models import ModelChoiceIterator


class ListedChoices(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        # A fresh copy each time: the rows are never kept on a field (a form class's own
        # fields would otherwise offer them until the process ends).
        for obj in self.queryset.all():
            yield self.choice(obj)


class ModelChoiceField(forms.ModelChoiceField):
    iterator = ListedChoices


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = ListedChoices
