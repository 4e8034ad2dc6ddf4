"""Synthetic cases in bulk for `lidhja demo-data --cases N`: a register large enough to try the
statistics and the exports at size (100,000 cases in about a minute).

The cases do not go through the case services one by one (that would take hours): rows are
made here and written with `bulk_create` in batches, identities sealed with the keyring and
their blind index computed as `identity.store` does, categories derived as the services derive
them (`categories`), each case with its "opened" event by a demo user, so it is demo data like
the scenarios. The whole load is one audit entry.

Distributions follow the Counter Trafficking Data Collaborative's synthetic victim file (CTDC,
Counter Trafficking Data Collaborative): its victim columns (yearRegister, gender,
majorityStatus, isForcedLabour, isSexualExploit, UN_COO_Region, UN_COE_Region) are sampled
together, row by row, from the file when it is there (`--ctdc FILE`, by default
`../shared/external/ctdc_vp_synthetic_condensed.csv` beside the project). Without it, each
column is drawn on its own from the proportions below, counted from that file (21,195 rows).
The names are invented ("Demo-Ana Synthetic-B000123"): no real person.
"""

import csv
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.utils import timezone

from lidhja.accounts.domain.permissions import Scope, scope_of
from lidhja.accounts.models import User
from lidhja.cases.domain import categories, crypto, identity
from lidhja.cases.domain.services import is_minor, new_code
from lidhja.cases.models import Case, CaseEvent, CaseExploitation, EventKind, NameToken, Person
from lidhja.cases.models.choices import (
    CHILD_BANDS,
    CaseKind,
    CaseStatus,
    ExploitationForm,
    IdentificationSource,
    RecruiterRelation,
    RecruitmentMeans,
    Sex,
)

BATCH = 2000
DEFAULT_CTDC = (
    Path(__file__).resolve().parents[5]
    / "shared"
    / "external"
    / ("ctdc_vp_synthetic_condensed.csv")
)
VICTIM_COLUMNS = (
    "yearRegister",
    "gender",
    "majorityStatus",
    "isForcedLabour",
    "isSexualExploit",
    "UN_COO_Region",
    "UN_COE_Region",
)

# Built-in proportions, counted from the CTDC file (21,195 rows; "" is a missing value).
BUILT_IN: dict[str, dict[str, int]] = {
    "yearRegister": {
        "2005-2013": 2531,
        "2014-2018": 6274,
        "2019": 2398,
        "2020": 2002,
        "2021-2022": 4335,
        "": 3655,
    },
    "gender": {"Female": 9589, "Male": 7995, "": 3611},
    "majorityStatus": {"Adult": 16379, "Minor": 1212, "": 3604},
    "isForcedLabour": {"1": 12248, "": 8947},
    "isSexualExploit": {"1": 2775, "": 18420},
    "UN_COO_Region": {
        "Asia": 6139,
        "Europe": 5887,
        "Africa": 5282,
        "Americas/Oceania": 277,
        "": 3610,
    },
    "UN_COE_Region": {
        "Europe": 6432,
        "Asia": 6281,
        "Africa": 4271,
        "Americas/Oceania": 212,
        "": 3999,
    },
}

# Countries drawn for a CTDC region (each in that region by UN M49); Albania first in Europe,
# the register's own country, as most of its victims are.
COUNTRIES = {
    "Europe": ("AL", "AL", "AL", "AL", "XK", "MK", "GR", "IT", "RO", "UA", "MD", "GB", "DE"),
    "Asia": ("CN", "VN", "PH", "IN", "BD", "NP", "TR", "SY", "AF", "TH"),
    "Africa": ("NG", "ER", "ET", "MA", "EG", "GH", "KE", "SN"),
    "Americas/Oceania": ("US", "BR", "CO", "MX", "DO", "AU"),
}
GIVEN: dict[str, tuple[str, ...]] = {
    Sex.FEMALE.value: ("Demo-Ana", "Demo-Besa", "Demo-Elira", "Demo-Mira", "Demo-Teuta"),
    Sex.MALE.value: ("Demo-Arben", "Demo-Dritan", "Demo-Ilir", "Demo-Sokol", "Demo-Gent"),
}
SOURCES = (
    IdentificationSource.POLICE,
    IdentificationSource.NGO,
    IdentificationSource.SOCIAL_SERVICES,
    IdentificationSource.HELPLINE,
    IdentificationSource.SELF,
)
STATUSES = [CaseStatus.IDENTIFIED.value, CaseStatus.PRESUMED.value, CaseStatus.POTENTIAL.value]
STATUS_WEIGHTS = [70, 20, 10]
MEANS = tuple(RecruitmentMeans.values)
RELATIONS = tuple(RecruiterRelation.values)
LABOUR_FORMS = (ExploitationForm.LABOUR.value,) * 2 + (ExploitationForm.BEGGING.value,)

Profile = tuple[str, ...]  # the victim columns of one CTDC row


@dataclass(frozen=True)
class Opener:
    """A demo user who opens cases, and the municipal unit that manages them."""

    user: User
    organisation_id: int  # the user's organisation, which opens the case
    unit_id: int
    qark: str


def profiles(path: Path | None, rng: random.Random, n: int) -> tuple[list[Profile], str]:
    """`n` profiles, and where their distribution came from."""
    path = DEFAULT_CTDC if path is None else path
    if path.is_file():
        with path.open(encoding="utf-8", newline="") as handle:
            rows = [
                tuple(row.get(c, "") or "" for c in VICTIM_COLUMNS)
                for row in csv.DictReader(handle)
            ]
        if rows:
            return rng.choices(rows, k=n), f"CTDC file {path.name} ({len(rows)} rows)"
    columns = []
    for column in VICTIM_COLUMNS:
        values, weights = zip(*BUILT_IN[column].items(), strict=True)
        columns.append(rng.choices(values, weights, k=n))
    return list(zip(*columns, strict=True)), "built-in CTDC proportions"


def create_cases(
    n: int,
    openers: Sequence[Opener],
    *,
    rng: random.Random,
    ctdc: Path | None = None,
    after_batch: Callable[[list[Case]], None] | None = None,
) -> str:
    """Create `n` synthetic cases; returns where the distribution came from. `after_batch`
    is called with each batch of created cases (proceedings are linked there)."""
    drawn, origin = profiles(ctdc, rng, n)
    years = _year_pool(drawn)
    ring = crypto.keyring()
    start = Person.objects.count()
    for offset in range(0, n, BATCH):
        batch = drawn[offset : offset + BATCH]
        cases = _batch(batch, openers, rng, ring, years, number=start + offset)
        if after_batch is not None:
            after_batch(cases)
    return origin


def _year_pool(drawn: list[Profile]) -> list[str]:
    """The years of the profiles that have one: a missing year is drawn from them."""
    return [p[0] for p in drawn if p[0]] or ["2009"]


def _year(band: str, rng: random.Random, pool: list[str]) -> int:
    band = band or rng.choice(pool)
    first, _dash, last = band.partition("-")
    return rng.randint(int(first), int(last or first))


def _batch(
    batch: list[Profile],
    openers: Sequence[Opener],
    rng: random.Random,
    ring: crypto.Keyring,
    years: list[str],
    *,
    number: int,
) -> list[Case]:
    today = timezone.localdate()
    persons, parts, cases, forms = [], [], [], []
    for index, profile in enumerate(batch, start=number + 1):
        year, gender, majority, labour, sexual, coo, coe = profile
        identified = date(_year(year, rng, years), rng.randint(1, 12), rng.randint(1, 28))
        identified = min(identified, today)
        sex = {"Female": Sex.FEMALE.value, "Male": Sex.MALE.value}.get(gender, "")
        born = _born(majority, identified, rng)
        citizenship = rng.choice(COUNTRIES[coo]) if coo in COUNTRIES else ""
        person, names = _person(index, sex, born, citizenship, ring, rng)
        exploited = rng.choice(COUNTRIES[coe]) if coe in COUNTRIES else ""
        internal = exploited == "AL" and citizenship in ("AL", "")
        band = categories.age_band(born, identified)
        opener = rng.choice(openers)
        persons.append(person)
        parts.append(names)
        cases.append(
            Case(
                person=person,
                kind=CaseKind.TRAFFICKING,
                status=rng.choices(STATUSES, STATUS_WEIGHTS)[0],
                managing_organisation_id=opener.unit_id,
                opened_by_organisation_id=opener.organisation_id,
                qark=opener.qark,
                identified_on=identified,
                identification_source=rng.choice(SOURCES),
                transnational=not internal,
                exploitation_countries=[] if internal or not exploited else [exploited],
                recruitment_means=rng.choice(MEANS),
                recruiter_relation=rng.choice(RELATIONS),
                minor_at_exploitation=band in CHILD_BANDS,
                is_child=bool(is_minor(born, today)),
                foreign_national=citizenship not in ("AL", ""),
                age_band=band,
            )
        )
        forms.append(_forms(labour, sexual, rng))
    return _write(persons, parts, cases, forms, openers, ring)


def _born(majority: str, identified: date, rng: random.Random) -> date | None:
    if majority == "Minor":
        years = rng.randint(6, 17)
    elif majority == "Adult":
        years = rng.randint(18, 60)
    else:
        return None
    return identified - timedelta(days=years * 365 + rng.randint(5, 360))


def _person(
    number: int,
    sex: str,
    born: date | None,
    citizenship: str,
    ring: crypto.Keyring,
    rng: random.Random,
) -> tuple[Person, set[str]]:
    given = rng.choice(GIVEN.get(sex) or (*GIVEN[Sex.FEMALE.value], *GIVEN[Sex.MALE.value]))
    values = identity.to_storable(
        {
            "given_name": given,
            "family_name": f"Synthetic-B{number:06d}",
            "date_of_birth": born,
            "sex": sex,
            "citizenship": citizenship,
        }
    )
    person = Person(
        stat_sex=categories.sex(sex), stat_citizenship=categories.citizenship(citizenship)
    )
    person.sealed = ring.seal(crypto.json_bytes(values), person.context)
    person.key_id = ring.current
    return person, identity.name_parts(values)


def _forms(labour: str, sexual: str, rng: random.Random) -> list[str]:
    forms: list[str] = []
    if labour:  # forced begging is a form of forced labour; one in three of them here
        forms.append(rng.choice(LABOUR_FORMS))
    if sexual:
        forms.append(ExploitationForm.SEXUAL.value)
    return forms or [ExploitationForm.OTHER.value]


def _write(
    persons: list[Person],
    parts: list[set[str]],
    cases: list[Case],
    forms: list[list[str]],
    openers: Sequence[Opener],
    ring: crypto.Keyring,
) -> list[Case]:
    Person.objects.bulk_create(persons, batch_size=BATCH)
    NameToken.objects.bulk_create(
        [
            NameToken(person=person, digest=ring.blind_index(part))
            for person, names in zip(persons, parts, strict=True)
            for part in sorted(names)
        ],
        batch_size=BATCH * 2,
    )
    _codes(cases)
    Case.objects.bulk_create(cases, batch_size=BATCH)
    CaseExploitation.objects.bulk_create(
        [
            CaseExploitation(case=case, form=form)
            for case, fs in zip(cases, forms, strict=True)
            for form in fs
        ],
        batch_size=BATCH * 2,
    )
    opener_of = {o.organisation_id: o.user for o in openers}
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(
                case=case,
                kind=EventKind.OPENED,
                at=datetime.combine(
                    case.identified_on, time(10), tzinfo=timezone.get_current_timezone()
                ),
                actor=opener_of[case.opened_by_organisation_id],
                organisation_id=case.opened_by_organisation_id,
                details={"status": case.status, "kind": case.kind, "synthetic": "bulk"},
            )
            for case in cases
        ],
        batch_size=BATCH,
    )
    return cases


def _codes(cases: list[Case]) -> None:
    """A fresh code for each case, unique in the batch and in the database."""
    codes: set[str] = set()
    while len(codes) < len(cases):
        codes |= {new_code() for _ in range(len(cases) - len(codes))}
        codes -= set(Case.objects.filter(code__in=codes).values_list("code", flat=True))
    for case, code in zip(cases, sorted(codes), strict=True):
        case.code = code


def municipal_openers(users: Iterable[User]) -> list[Opener]:
    """The demo users who open cases for their own unit (the municipal social workers)."""
    return [
        Opener(user, user.organisation.pk, user.organisation.pk, user.organisation.qark)
        for user in users
        if user.organisation is not None and scope_of(user, "case.open") is Scope.OWN
    ]
