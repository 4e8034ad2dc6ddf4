"""The sections of a situation assessment, declared once: the page's forms, the API's
serializers, the review page and the XLSX all read these declarations, and `clean_section` is
the one validation of what a section may hold.

The text is about the regional situation (trends, risks, services), never about a person;
the forms say so. Counts of cases come from the case records, suppressed
(regional.domain.aggregates), never typed in.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lidhja.regional.models import Adequacy, Direction, Likelihood, Priority

TEXT_MAX = 10_000
CELL_MAX = 500
MAX_ROWS = 20

NOT_ABOUT_PERSONS = gettext_lazy(
    "Describe the situation in the qark. Do not write about individual persons, and do not "
    "give numbers of cases: the cases table is computed from the case records."
)

# Forms of trafficking and areas of risk whose direction the committee judges.
TREND_AREAS: tuple[tuple[str, Any], ...] = (
    ("sexual", gettext_lazy("Trafficking for sexual exploitation")),
    ("labour", gettext_lazy("Trafficking for labour exploitation")),
    ("begging", gettext_lazy("Forced begging")),
    ("children", gettext_lazy("Trafficking in children")),
    ("internal", gettext_lazy("Internal trafficking")),
    ("transnational", gettext_lazy("Transnational trafficking")),
    ("migration", gettext_lazy("Irregular migration as a risk")),
)


def _plain(value: Any, where: str) -> str:
    """Text without surrounding blanks; a null character (no database stores it) refused."""
    if value is not None and not isinstance(value, (str, int, float)):
        raise ValidationError({where: _("Give text.")})
    text = "" if value is None else str(value).strip()
    if "\x00" in text:
        raise ValidationError({where: _("Null characters are not allowed.")})
    return text


@dataclass(frozen=True)
class Column:
    name: str
    label: Any
    choices: tuple[tuple[str, Any], ...] = ()  # empty: free text

    def clean(self, value: Any, where: str) -> str:
        text = _plain(value, where)
        if self.choices:
            if text not in dict(self.choices):
                raise ValidationError({where: _("Choose one of the offered values.")})
        elif not text:
            raise ValidationError({where: _("This cell cannot be empty.")})
        elif len(text) > CELL_MAX:
            raise ValidationError({where: _("At most %(max)d characters.") % {"max": CELL_MAX}})
        return text


@dataclass(frozen=True)
class Section:
    name: str
    label: Any
    # A text field and/or a table of rows (columns) and/or a choice per trend area.
    text_field: str = ""
    columns: tuple[Column, ...] = ()
    trends: bool = False

    @property
    def fields(self) -> tuple[str, ...]:
        names = [self.text_field] if self.text_field else []
        if self.trends:
            names.append("trends")
        if self.columns:
            names.append(self.name)
        return tuple(names)


SECTIONS: dict[str, Section] = {
    section.name: section
    for section in (
        Section("trends", gettext_lazy("Trends"), text_field="trends_text", trends=True),
        Section(
            "risks",
            gettext_lazy("Risks"),
            columns=(
                Column("risk", gettext_lazy("Risk")),
                Column("likelihood", gettext_lazy("Likelihood"), tuple(Likelihood.choices)),
                Column("groups", gettext_lazy("Groups affected")),
            ),
        ),
        Section(
            "resources",
            gettext_lazy("Resources"),
            columns=(
                Column("resource", gettext_lazy("Resource or service")),
                Column("held_by", gettext_lazy("Provided by")),
                Column("adequacy", gettext_lazy("Adequacy"), tuple(Adequacy.choices)),
            ),
        ),
        Section(
            "needs",
            gettext_lazy("Needs"),
            columns=(
                Column("need", gettext_lazy("Need")),
                Column("priority", gettext_lazy("Priority"), tuple(Priority.choices)),
                Column("actor", gettext_lazy("Who should act")),
            ),
        ),
        Section("narrative", gettext_lazy("Narrative"), text_field="narrative"),
    )
}
ALL_FIELDS = tuple(field for section in SECTIONS.values() for field in section.fields)


def _text(value: Any, field: str) -> str:
    text = _plain(value, field)
    if len(text) > TEXT_MAX:
        raise ValidationError({field: _("At most %(max)d characters.") % {"max": TEXT_MAX}})
    return text


def _trends(value: Any) -> dict[str, str]:
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise ValidationError({"trends": _("Give a direction for each trend.")})
    unknown = set(value) - set(dict(TREND_AREAS))
    if unknown:
        raise ValidationError({"trends": _("Unknown trend: %(name)s.") % {"name": min(unknown)}})
    cleaned = {}
    for area, _label in TREND_AREAS:
        direction = value.get(area) or Direction.UNKNOWN
        if direction not in Direction.values:
            raise ValidationError({f"trends.{area}": _("Choose one of the offered values.")})
        cleaned[area] = str(direction)
    return cleaned


def _rows(section: Section, value: Any) -> list[dict[str, str]]:
    if value is None:
        value = []
    if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
        raise ValidationError({section.name: _("Give a list of rows.")})
    if len(value) > MAX_ROWS:
        raise ValidationError({section.name: _("At most %(max)d rows.") % {"max": MAX_ROWS}})
    rows = []
    for index, row in enumerate(value, start=1):
        rows.append(
            {
                column.name: column.clean(
                    row.get(column.name), f"{section.name}.{index}.{column.name}"
                )
                for column in section.columns
            }
        )
    return rows


def clean_section(name: str, data: dict[str, Any]) -> dict[str, Any]:
    """The values of section `name` from `data` (field -> value), validated: a
    ValidationError names the field (`risks.2.likelihood`) at fault."""
    section = SECTIONS.get(name)
    if section is None:
        raise ValidationError({"section": _("No such section.")})
    values: dict[str, Any] = {}
    if section.text_field:
        values[section.text_field] = _text(data.get(section.text_field), section.text_field)
    if section.trends:
        values["trends"] = _trends(data.get("trends"))
    if section.columns:
        values[section.name] = _rows(section, data.get(section.name))
    return values


def completeness_errors(values: dict[str, Any]) -> dict[str, str]:
    """What an assessment must hold before it is submitted, by field."""
    errors = {}
    if not (values.get("trends_text") or "").strip():
        errors["trends_text"] = _("Describe the trends in the qark.")
    if not values.get("risks"):
        errors["risks"] = _("Name at least one risk.")
    if not values.get("needs"):
        errors["needs"] = _("Name at least one need.")
    if not (values.get("narrative") or "").strip():
        errors["narrative"] = _("Write the narrative.")
    return errors
