"""The forms of the assessment pages, generated from the section declarations
(regional.domain.sections): one form per section, rows as a formset."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lidhja.regional.domain.sections import (
    CELL_MAX,
    MAX_ROWS,
    NOT_ABOUT_PERSONS,
    SECTIONS,
    TEXT_MAX,
    TREND_AREAS,
    Section,
)
from lidhja.regional.models import Assessment, Direction

BLANK = [("", "–")]


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewForm(VersionForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("return", _("Return with comments"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when the assessment is returned: say what needs to change."),
    )


class TextSectionForm(VersionForm):
    """The text of a section (trends, narrative) and, for trends, a direction per area."""

    def __init__(self, section: Section, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.section = section
        self.fields[section.text_field] = forms.CharField(
            label=section.label,
            widget=forms.Textarea(attrs={"rows": 6}),
            max_length=TEXT_MAX,
            required=False,
            help_text=NOT_ABOUT_PERSONS,
        )
        if section.trends:
            for area, label in TREND_AREAS:
                self.fields[f"trend_{area}"] = forms.ChoiceField(
                    label=label, choices=Direction.choices, initial=Direction.UNKNOWN
                )

    def values(self) -> dict[str, Any]:
        data: dict[str, Any] = {self.section.text_field: self.cleaned_data[self.section.text_field]}
        if self.section.trends:
            data["trends"] = {area: self.cleaned_data[f"trend_{area}"] for area, _l in TREND_AREAS}
        return data

    @classmethod
    def initial_of(cls, section: Section, assessment: Assessment) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "version": assessment.version,
            section.text_field: getattr(assessment, section.text_field),
        }
        if section.trends:
            for area, _label in TREND_AREAS:
                initial[f"trend_{area}"] = assessment.trends.get(area, Direction.UNKNOWN)
        return initial


def row_form(section: Section) -> type[forms.Form]:
    """A form for one row of `section`: every cell required once any cell is filled in."""
    fields: dict[str, forms.Field] = {}
    for column in section.columns:
        if column.choices:
            fields[column.name] = forms.ChoiceField(
                label=column.label, choices=BLANK + list(column.choices), required=False
            )
        else:
            fields[column.name] = forms.CharField(
                label=column.label, max_length=CELL_MAX, required=False
            )

    def clean(self: forms.Form) -> dict[str, Any]:
        data = super(self.__class__, self).clean() or {}
        if any(data.get(column.name) for column in section.columns):
            for column in section.columns:
                if not data.get(column.name):
                    self.add_error(column.name, _("Fill in every cell of the row, or none."))
        return data

    return type(f"{section.name.title()}RowForm", (forms.Form,), {**fields, "clean": clean})


def row_formset(section: Section, assessment: Assessment, data: Any = None) -> Any:
    rows = getattr(assessment, section.name)
    factory = forms.formset_factory(
        row_form(section), extra=3, max_num=MAX_ROWS, validate_max=True, absolute_max=MAX_ROWS
    )
    return factory(data, initial=rows, prefix=section.name)


def formset_rows(section: Section, formset: Any) -> list[dict[str, str]]:
    return [
        {column.name: row.cleaned_data[column.name] for column in section.columns}
        for row in formset.forms
        if row.cleaned_data and any(row.cleaned_data.get(c.name) for c in section.columns)
    ]


class SectionForms:
    """The version form and the text form or row formset of one section, bound or not."""

    def __init__(self, name: str, assessment: Assessment, data: Any = None) -> None:
        self.section = SECTIONS[name]
        self.assessment = assessment
        self.rows = None
        if self.section.columns:
            self.form: forms.Form = VersionForm(data, initial={"version": assessment.version})
            self.rows = row_formset(self.section, assessment, data)
        else:
            initial = TextSectionForm.initial_of(self.section, assessment)
            self.form = TextSectionForm(self.section, data, initial=initial)

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        return (self.rows.is_valid() if self.rows is not None else True) and valid

    @property
    def version(self) -> int:
        return int(self.form.cleaned_data["version"])

    def values(self) -> dict[str, Any]:
        if self.rows is not None:
            return {self.section.name: formset_rows(self.section, self.rows)}
        assert isinstance(self.form, TextSectionForm)
        return self.form.values()
