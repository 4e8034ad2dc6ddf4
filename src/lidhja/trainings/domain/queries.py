"""Reads of trainings: the events list with its filters, an event's participants by
organisation × function × sex, people trained in a period, and coverage of the roster
against the seed's targets (Prosecution 1.(b).2; Protection 2.(c).2)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from lidhja.cases.models.choices import BorderPoint
from lidhja.trainings.models import (
    Attendance,
    ParticipantCount,
    RosterFunction,
    RosterMember,
    Sex,
    TargetGroup,
    TrainingEvent,
)
from lidhja.trainings.models.choices import GROUP_OF_FUNCTION, SERIOUS_CRIMES_COURTS

# The filters of the events list, as they appear in its URL.
EVENT_FILTERS = ("year", "qark", "target_group", "provider", "module")
# The crossing points the seed means by "each border crossing point" (not "other").
BORDER_POINTS = [point for point in BorderPoint if point != BorderPoint.OTHER]


def _per_event(rows: QuerySet[Any], total: Any) -> Subquery:
    return Subquery(
        rows.filter(event=OuterRef("pk")).values("event").annotate(n=total).values("n")[:1]
    )


def events(filters: dict[str, Any]) -> QuerySet[TrainingEvent]:
    """The events matching the list's filters, each with its counted and named participants
    (two subqueries, so one query for the page)."""
    rows = TrainingEvent.objects.select_related("provider", "module", "node").annotate(
        counted=Coalesce(_per_event(ParticipantCount.objects.all(), Sum("count")), 0),
        named=Coalesce(_per_event(Attendance.objects.all(), Count("id")), 0),
    )
    for name in EVENT_FILTERS:
        value = filters.get(name)
        if value:
            rows = rows.filter(**{"starts_on__year" if name == "year" else name: value})
    return rows


@dataclass
class GridRow:
    organisation: str
    function: str
    female: int = 0
    male: int = 0

    @property
    def total(self) -> int:
        return self.female + self.male

    @property
    def function_label(self) -> str:
        return str(TargetGroup(self.function).label)


def participants(event: TrainingEvent) -> list[GridRow]:
    """The event's participants by organisation × function × sex: counted rows and named
    participants (each under its roster function's group) together."""
    cells: dict[tuple[str, str], GridRow] = {}

    def add(org: str, function: str, sex: str, count: int) -> None:
        row = cells.setdefault((org, function), GridRow(org, function))
        setattr(row, "female" if sex == Sex.FEMALE else "male", getattr(row, sex) + count)

    for c in event.counts.select_related("organisation"):
        add(c.organisation.code, c.function, c.sex, c.count)
    for a in event.attendances.select_related("member__organisation"):
        group = GROUP_OF_FUNCTION[RosterFunction(a.member.function)]
        add(a.member.organisation.code, group, a.member.sex, 1)
    return [cells[key] for key in sorted(cells)]


def people_trained(start: date, end: date) -> int:
    """Participants (counted and named) of the events that end between `start` and `end`."""
    ending = Q(event__ends_on__gte=start, event__ends_on__lte=end)
    counted = ParticipantCount.objects.filter(ending).aggregate(n=Sum("count"))["n"] or 0
    return int(counted) + Attendance.objects.filter(ending).count()


def active(on: date) -> QuerySet[RosterMember]:
    return RosterMember.objects.filter(
        Q(active_until__isnull=True) | Q(active_until__gte=on), active_from__lte=on
    )


def trained(members: QuerySet[RosterMember], on: date) -> QuerySet[RosterMember]:
    """Those of `members` who attended an event that ended on or before `on`."""
    return members.filter(
        Exists(Attendance.objects.filter(member=OuterRef("pk"), event__ends_on__lte=on))
    )


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class Share:
    active: int
    trained: int

    @property
    def percent(self) -> Decimal | None:
        return percent(self.trained, self.active)

    @property
    def gap(self) -> bool:
        return self.trained < self.active


def share(members: QuerySet[RosterMember], on: date) -> Share:
    return Share(active=members.count(), trained=trained(members, on).count())


def police(on: date) -> Share:
    return share(active(on).filter(function=RosterFunction.POLICE), on)


def serious_crimes_judges(on: date) -> Share:
    judges = active(on).filter(function=RosterFunction.JUDGE, court__in=SERIOUS_CRIMES_COURTS)
    return share(judges, on)


@dataclass
class BorderCell:
    point: str
    label: str
    female_officers: int
    trained_female: int

    @property
    def covered(self) -> bool:
        return self.trained_female > 0


def border_points(on: date) -> list[BorderCell]:
    """Each crossing point: its active female border officers, and how many are trained."""
    female = active(on).filter(function=RosterFunction.BORDER_OFFICER, sex=Sex.FEMALE)
    officers = dict(female.values_list("border_point").annotate(n=Count("id")).order_by())
    done = dict(trained(female, on).values_list("border_point").annotate(n=Count("id")).order_by())
    return [
        BorderCell(point.value, str(point.label), officers.get(point, 0), done.get(point, 0))
        for point in BORDER_POINTS
    ]


@dataclass
class Coverage:
    on: date
    police: Share
    judges: Share
    border: list[BorderCell]
    functions: list[tuple[str, Share]] = field(default_factory=list)

    @property
    def border_covered(self) -> int:
        return sum(1 for cell in self.border if cell.covered)


def by_function(on: date) -> list[tuple[str, Share]]:
    members = active(on)
    total = defaultdict(int, members.values_list("function").annotate(n=Count("id")).order_by())
    done = defaultdict(
        int, trained(members, on).values_list("function").annotate(n=Count("id")).order_by()
    )
    return [
        (str(f.label), Share(active=total[f.value], trained=done[f.value])) for f in RosterFunction
    ]


def coverage(on: date) -> Coverage:
    return Coverage(
        on=on,
        police=police(on),
        judges=serious_crimes_judges(on),
        border=border_points(on),
        functions=by_function(on),
    )


def target_groups() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in TargetGroup.choices]
