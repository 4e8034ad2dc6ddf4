"""Shared steps of the exchange tests: the real files of ../shared/external (read in place,
never copied into the repository), and synthetic cases made in bulk."""

import random
from datetime import date
from pathlib import Path

import pytest

from lidhja.accounts.models import User
from lidhja.cases.management import synthetic
from lidhja.cases.models import Case, CaseEvent, CaseExploitation, EventKind, Person
from lidhja.cases.models.choices import AgeBand, CaseKind, CaseStatus, IdentificationSource
from lidhja.organisations.models import Organisation

EXTERNAL = Path(__file__).resolve().parents[3] / "shared" / "external"
UNODC_FILE = EXTERNAL / "unodc_glotip.xlsx"
CTDC_FILE = EXTERNAL / "ctdc_vp_synthetic_condensed.csv"


def real_file(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"{path} is not here (the shared external data files are absent)")
    return path


def add_case(
    *,
    year: int,
    sex: str = "female",
    band: str = AgeBand.FROM_25,
    kind: str = CaseKind.TRAFFICKING,
    person: Person | None = None,
    forms: tuple[str, ...] = ("sexual",),
    citizenship: str = "AL",
    countries: tuple[str, ...] = (),
    month: int = 3,
) -> Case:
    """A case written directly (the statistics read categories only, never an identity)."""
    person = person or Person.objects.create(stat_sex=sex, stat_citizenship=citizenship)
    unit = Organisation.objects.get(code="MUN-TR")
    case = Case.objects.create(
        code=f"C-T{Case.objects.count():07d}",
        person=person,
        kind=kind,
        status=CaseStatus.IDENTIFIED if kind == CaseKind.TRAFFICKING else CaseStatus.AT_RISK,
        managing_organisation=unit,
        opened_by_organisation=unit,
        qark=unit.qark,
        identified_on=date(year, month, 10),
        identification_source=IdentificationSource.POLICE,
        minor_at_exploitation=band in ("0-11", "12-14", "15-17"),
        age_band=band,
        transnational=bool(countries),
        exploitation_countries=list(countries),
    )
    CaseExploitation.objects.bulk_create([CaseExploitation(case=case, form=f) for f in forms])
    return case


def add_cases(n: int, **values) -> list[Case]:
    return [add_case(**values) for _ in range(n)]


def bulk_register(n: int, *, seed: int = 7, ctdc: Path | None = None) -> None:
    """`n` synthetic cases as `demo-data --cases` makes them, opened by the social workers."""
    users = User.objects.filter(username__in=["sw.tirana", "sw.shkoder"]).select_related(
        "organisation"
    )
    openers = synthetic.municipal_openers(users)
    synthetic.create_cases(n, openers, rng=random.Random(seed), ctdc=ctdc)  # noqa: S311
    assert CaseEvent.objects.filter(kind=EventKind.OPENED).count() >= n


def publish_year(year: int) -> None:
    """Publish the four quarters of `year`, then the year (the figures of the exchange are the
    year's published cells)."""
    from lidhja.accounts.domain.actors import SYSTEM
    from lidhja.publication.domain import services
    from lidhja.publication.domain.periods import Period

    for quarter in Period(year).quarters():
        services.publish(quarter, by=SYSTEM)
    services.publish(Period(year), by=SYSTEM)
