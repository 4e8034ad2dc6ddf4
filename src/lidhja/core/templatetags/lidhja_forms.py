"""What the shared form templates (`_field.html`, `_form_errors.html`) need to know about a
field beyond Django's bound field: which fields to mark "(optional)" or "(required)", and where
an error summary's link should land; and the fields of an unbound form, kept."""

from django import forms, template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from lidhja.core.fragments import kept

register = template.Library()

OPTIONAL = "optional"
REQUIRED = "required"


def _marked(field: forms.BoundField) -> bool:
    """Fields the marking counts: visible ones a user answers, not a single checkbox (which is
    an answer whether ticked or not)."""
    return not field.is_hidden and not isinstance(field.field.widget, forms.CheckboxInput)


def _form_marks(form: forms.BaseForm) -> str:
    """Which of the form's fields carry a marker, decided once per form: where most fields
    are required (or as many as are optional) the optional ones say "(optional)"; where most
    are optional, the required ones say "(required)"; a form of one kind marks none."""
    decided = getattr(form, "_lidhja_marks", None)
    if decided is None:
        counted = [field for field in form if _marked(field)]
        required = sum(1 for field in counted if field.field.required)
        optional = len(counted) - required
        if not required or not optional:
            decided = ""
        elif required >= optional:
            decided = OPTIONAL
        else:
            decided = REQUIRED
        form._lidhja_marks = decided  # type: ignore[attr-defined]
    return decided


@register.filter
def requirement_mark(field: forms.BoundField) -> str:
    """ "optional", "required" or "": the marker this field's label carries."""
    if not isinstance(field, forms.BoundField) or not _marked(field):
        return ""
    marks = _form_marks(field.form)
    if marks == OPTIONAL and not field.field.required:
        return OPTIONAL
    if marks == REQUIRED and field.field.required:
        return REQUIRED
    return ""


@register.filter
def anchor(field: forms.BoundField) -> str:
    """The id an error summary links to: the input itself, or a group's first option."""
    if field.use_fieldset and field.auto_id:
        subwidgets = field.subwidgets
        if subwidgets:
            return subwidgets[0].id_for_label or field.auto_id
    return field.id_for_label or field.auto_id or ""


@register.simple_tag
def fields(form: forms.BaseForm) -> SafeString:
    """Each field of `form` through `_field.html`.

    A form offered empty on a page read often, whose options come from data, says so with
    `kept_as` and `kept_areas` (the areas its options are made from). Unbound and without
    initial values it is the same for everyone who may see it: it is written once per
    language and kept until those areas change (`lidhja.core.fragments.kept`). A form with
    the user's answers or errors is always written afresh."""

    def write() -> str:
        return render_to_string("_fields.html", {"form": form})

    name = getattr(form, "kept_as", "")
    if name and not form.is_bound and not form.initial:
        key = f"form:{name}:{form.auto_id}"
        return mark_safe(kept(key, getattr(form, "kept_areas", ()), write))  # noqa: S308
    return mark_safe(write())  # noqa: S308 -- written by our template, escaped there
