"""Synthetic proceedings for `lidhja demo-data`, through the justice services: one per office
of the demo justice users, at several stages, with defendants, assets and victims linked to
demo cases by their codes. Identities are visibly synthetic (`Demo-… Synthetic-…`)."""

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from lidhja.accounts.domain.permissions import Scope, scope_of
from lidhja.cases.domain import crypto
from lidhja.cases.domain.services import CODE_ALPHABET
from lidhja.cases.management.synthetic import BATCH
from lidhja.cases.models import Case
from lidhja.cases.models.choices import AgeBand, Sex
from lidhja.justice.domain import services
from lidhja.justice.models import (
    AssetRecord,
    Defendant,
    Offence,
    OffenceTable,
    Proceeding,
    Stage,
    VictimLink,
)
from lidhja.justice.models.choices import (
    STAGE_ORDER,
    VERDICT_STAGES,
    AssetKind,
    DefendantRole,
    LinkStatus,
    OfficialService,
    Outcome,
    StageKind,
    VictimRole,
)


def demo_proceedings() -> QuerySet[Proceeding]:
    """Proceedings registered by a demo user: its "reported" stage was recorded by one (by the
    services for the scenarios, in bulk for `--cases`)."""
    return Proceeding.objects.filter(
        Exists(
            Stage.objects.filter(
                proceeding=OuterRef("pk"),
                kind=StageKind.REPORTED,
                recorded_by__username__startswith="demo.",
            )
        )
    )


class JusticeBuilder:
    def __init__(self, builder: Any):
        self.b = builder
        self.today: date = builder.today
        # demo-data runs only on a database without real cases: these are the demo cases.
        self.cases = list(Case.objects.order_by("pk").values_list("code", flat=True))

    def day(self, start: date, offset: int) -> date:
        return min(start + timedelta(days=offset), self.today)

    def _fresh(self, proceeding: Proceeding) -> int:
        proceeding.refresh_from_db(fields=["version"])
        return proceeding.version

    def stage(self, p: Proceeding, by: Any, kind: str, on: date, **values: Any) -> None:
        values = {"kind": kind, "on": on, "outcome": "", **values}
        services.record_stage(p, by=by, version=self._fresh(p), values=values)

    def defendant(self, p: Proceeding, by: Any, number: int, **values: Any) -> Defendant:
        identity = {
            "given_name": f"Demo-Defendant{number}",
            "family_name": f"Synthetic-{number}",
            "document_number": f"DEMO{number:05d}",
        }
        return services.add_defendant(
            p, by=by, version=self._fresh(p), values={**identity, **values}
        )

    def asset(self, p: Proceeding, by: Any, kind: str, amount: str, on: date) -> None:
        values = {"kind": kind, "amount_lek": Decimal(amount), "on": on}
        services.record_asset(p, by=by, version=self._fresh(p), values=values)

    def link(self, p: Proceeding, by: Any, index: int, role: str) -> None:
        if index < len(self.cases):
            values = {"case_code": self.cases[index], "role": role}
            services.link_victim(p, by=by, version=self._fresh(p), values=values)

    def build(self) -> None:
        self.convicted_at_gpo()
        self.arrest_at_asp()
        self.dismissed_at_moj()

    def convicted_at_gpo(self) -> None:
        by = self.b.u("prosecutor")
        start = self.today - timedelta(days=300)
        p = services.register_proceeding(by=by, registered_on=start, offences=["110/a", "114/a"])
        recruiter = self.defendant(
            p, by, 1, role=DefendantRole.RECRUITER, sex=Sex.FEMALE, age_band=AgeBand.FROM_25,
            citizenship="AL",
        )  # fmt: skip
        exploiter = self.defendant(
            p, by, 2, role=DefendantRole.EXPLOITER, sex=Sex.MALE, age_band=AgeBand.FROM_35,
            citizenship="AL",
        )  # fmt: skip
        self.stage(p, by, StageKind.INVESTIGATION, self.day(start, 5), outcome=Outcome.OPENED)
        for d in (recruiter, exploiter):
            self.stage(p, by, StageKind.ARREST, self.day(start, 10), defendant=d)
            self.stage(p, by, StageKind.INDICTMENT, self.day(start, 40), defendant=d)
        self.asset(p, by, AssetKind.SEIZED, "2500000.00", self.day(start, 12))
        for d, months in ((recruiter, 96), (exploiter, 120)):
            self.stage(
                p, by, StageKind.FIRST_INSTANCE, self.day(start, 150), defendant=d,
                outcome=Outcome.CONVICTED, prison_months=months,
            )  # fmt: skip
        self.stage(p, by, StageKind.APPEAL, self.day(start, 180), defendant=exploiter,
                   outcome=Outcome.CONVICTED, prison_months=120)  # fmt: skip
        for d, months in ((recruiter, 96), (exploiter, 120)):
            self.stage(
                p, by, StageKind.FINAL, self.day(start, 250), defendant=d,
                outcome=Outcome.CONVICTED, prison_months=months, fine_lek=Decimal("500000.00"),
            )  # fmt: skip
        self.asset(p, by, AssetKind.CONFISCATED, "2000000.00", self.day(start, 250))
        self.asset(p, by, AssetKind.SPECIAL_FUND, "1000000.00", self.day(start, 260))
        self.asset(p, by, AssetKind.COMPENSATION_ORDERED, "800000.00", self.day(start, 250))
        self.asset(p, by, AssetKind.COMPENSATION_PAID, "300000.00", self.day(start, 270))
        self.link(p, by, 0, VictimRole.WITNESS)
        self.link(p, by, 0, VictimRole.INJURED_PARTY)

    def arrest_at_asp(self) -> None:
        by = self.b.u("investigator")
        start = self.today - timedelta(days=90)
        p = services.register_proceeding(by=by, registered_on=start, offences=["128/b"])
        transporter = self.defendant(
            p, by, 3, role=DefendantRole.TRANSPORTER, sex=Sex.MALE, age_band=AgeBand.FROM_35,
            citizenship="AL", official_service=OfficialService.BORDER,
        )  # fmt: skip
        self.stage(p, by, StageKind.INVESTIGATION, self.day(start, 2), outcome=Outcome.OPENED)
        self.stage(p, by, StageKind.ARREST, self.day(start, 9), defendant=transporter)
        self.asset(p, by, AssetKind.FROZEN, "450000.00", self.day(start, 9))
        self.link(p, by, 1, VictimRole.WITNESS)

    def dismissed_at_moj(self) -> None:
        by = self.b.u("court.clerk")
        start = self.today - timedelta(days=400)
        p = services.register_proceeding(by=by, registered_on=start, offences=["298"])
        self.defendant(p, by, 4, role=DefendantRole.FACILITATOR, sex=Sex.MALE)
        self.stage(p, by, StageKind.INVESTIGATION, self.day(start, 30), outcome=Outcome.DISMISSED)


# --- proceedings for the bulk cases of `demo-data --cases N` -----------------------------------

PROCEEDING_SHARE = 0.1  # about one proceeding per ten synthetic cases
DEFENDANTS = ((1, 2, 3, 4), (55, 28, 12, 5))
ROLES = (
    (DefendantRole.RECRUITER, DefendantRole.EXPLOITER, DefendantRole.TRANSPORTER,
     DefendantRole.ORGANISER, DefendantRole.HARBOURER, DefendantRole.FACILITATOR),
    (30, 30, 12, 10, 8, 10),
)  # fmt: skip
OFFICIALS = (tuple(OfficialService), (30, 35, 10, 10, 15))
# How far a defendant's case went (the proceeding was not dismissed in investigation).
FURTHEST = (
    (StageKind.INVESTIGATION, StageKind.ARREST, StageKind.INDICTMENT, StageKind.FIRST_INSTANCE,
     StageKind.APPEAL, StageKind.FINAL),
    (10, 12, 18, 15, 10, 35),
)  # fmt: skip
VERDICTS = ((Outcome.CONVICTED, Outcome.ACQUITTED, Outcome.DISMISSED), (65, 25, 10))
LINK_ROLES = ((VictimRole.WITNESS, VictimRole.INJURED_PARTY), (65, 35))
LINK_STATUSES = ((LinkStatus.CONFIRMED, LinkStatus.PENDING, LinkStatus.REJECTED), (70, 20, 10))
AGES = (
    (AgeBand.FROM_18, AgeBand.FROM_25, AgeBand.FROM_35, AgeBand.FROM_50, ""),
    (12, 35, 30, 13, 10),
)
CITIZENSHIPS = (("AL", "XK", "MK", "GR", "IT", ""), (80, 5, 3, 4, 3, 5))


class BulkProceedings:
    """Proceedings for each batch of bulk synthetic cases (`after_batch` of
    cases.management.synthetic.create_cases), written with `bulk_create` like the cases: about
    one per ten cases, registered by one of the demo justice offices some weeks after its case
    was identified, with 1-4 defendants whose stages follow STAGE_ORDER to a drawn end, verdicts,
    sentences, assets, and the case linked as witness or injured party (mostly confirmed by its
    managing unit). Everything is drawn from `rng`, codes included: the same seed on the same
    database gives the same proceedings."""

    def __init__(self, rng: random.Random, users: list[Any]):
        self.rng = rng
        self.today = timezone.localdate()
        self.offices = [u for u in users if scope_of(u, "justice.edit") is not None]
        self.deciders = {
            u.organisation_id: u
            for u in users
            if scope_of(u, "case.decide_proceeding_link") is Scope.OWN
        }
        self.tables = [
            (table.valid_from, list(table.offences.all()))
            for table in OffenceTable.objects.filter(published_at__isnull=False)
            .order_by("valid_from", "number")
            .prefetch_related("offences")
        ]
        self.ring = crypto.keyring()
        self.count = 0
        self.numbered = 0  # defendants so far, for their synthetic names
        self.drawn: set[str] = set()

    def pick(self, options: tuple[tuple[Any, ...], tuple[int, ...]]) -> Any:
        return self.rng.choices(options[0], options[1])[0]

    def code(self, prefix: str, model: Any) -> str:
        while True:
            code = prefix + "".join(self.rng.choice(CODE_ALPHABET) for _ in range(8))
            if code not in self.drawn and not model.objects.filter(code=code).exists():
                self.drawn.add(code)
                return code

    def __call__(self, cases: list[Case]) -> None:
        if not self.offices or not self.tables:
            return
        rows = _Rows()
        for case in cases:
            if self.rng.random() < PROCEEDING_SHARE:
                self.proceeding(case, rows)
        rows.write()
        self.count += len(rows.proceedings)

    def offences(self, on: date) -> list[Offence]:
        table = [offences for start, offences in self.tables if start <= on][-1]
        trafficking = [o for o in table if o.trafficking]
        related = [o for o in table if not o.trafficking]
        chosen = {self.rng.choice(trafficking or table)}
        if related and self.rng.random() < 0.4:
            chosen.add(self.rng.choice(related))
        return sorted(chosen, key=lambda o: o.article)

    def proceeding(self, case: Case, rows: "_Rows") -> None:
        first = self.tables[0][0]
        on = max(case.identified_on + timedelta(days=self.rng.randint(0, 90)), first)
        if on > self.today:
            return
        by = self.rng.choice(self.offices)
        p = Proceeding(code=self.code("P-", Proceeding), office_id=by.organisation_id,
                       registered_on=on)  # fmt: skip
        rows.add(p, offences=self.offences(on))
        rows.stage(p, None, StageKind.REPORTED, on, by=by)
        day = on + timedelta(days=self.rng.randint(1, 30))
        last: str = StageKind.REPORTED
        if day <= self.today:
            dismissed = self.rng.random() < 0.15
            outcome = Outcome.DISMISSED if dismissed else Outcome.OPENED
            rows.stage(p, None, StageKind.INVESTIGATION, day, by=by, outcome=outcome)
            last = StageKind.INVESTIGATION
            if dismissed:
                p.closed_on = day
            else:
                finals = [self.defendant(p, rows, day, by) for _ in range(self.pick(DEFENDANTS))]
                last = max([last, *(kind for kind, _end in finals)], key=STAGE_ORDER.index)
                if all(kind == StageKind.FINAL for kind, _end in finals):
                    p.closed_on = max(end for _kind, end in finals)
        p.stage = last
        self.link(case, p, rows, by)

    def defendant(self, p: Proceeding, rows: "_Rows", start: date, by: Any) -> tuple[str, date]:
        """A defendant and its stages; (the last stage recorded, its date)."""
        self.numbered += 1
        number = self.numbered
        d = Defendant(
            proceeding=p,
            code=self.code("D-", Defendant),
            sex=self.rng.choices((Sex.MALE, Sex.FEMALE), (78, 22))[0],
            age_band=self.pick(AGES),
            citizenship=self.pick(CITIZENSHIPS),
            role=self.pick(ROLES),
            official_service=self.pick(OFFICIALS) if self.rng.random() < 0.04 else "",
        )
        identity = {"given_name": f"Demo-Defendant{number}",
                    "family_name": f"Synthetic-D{number:06d}"}  # fmt: skip
        d.sealed_identity = self.ring.seal(crypto.json_bytes(identity), d.context)
        rows.defendants.append(d)
        furthest = self.pick(FURTHEST)
        kind: str = StageKind.INVESTIGATION
        day, verdict = start, Outcome.NONE
        for step in STAGE_ORDER[STAGE_ORDER.index(StageKind.ARREST) :]:
            if STAGE_ORDER.index(step) > STAGE_ORDER.index(furthest):
                break
            if step == StageKind.APPEAL and self.rng.random() < 0.5:
                continue  # not every case is appealed
            next_day = day + timedelta(days=self.rng.randint(10, 120))
            if next_day > self.today:
                break
            if step == StageKind.FIRST_INSTANCE:
                verdict = self.pick(VERDICTS)
            outcome = verdict if step in VERDICT_STAGES else Outcome.NONE
            sentence = self.sentence() if outcome == Outcome.CONVICTED else {}
            rows.stage(p, d, step, next_day, by=by, outcome=outcome, **sentence)
            kind, day = step, next_day
        if kind == StageKind.FINAL and verdict == Outcome.CONVICTED:
            self.assets(p, rows, day, by)
        return kind, day

    def sentence(self) -> dict[str, Any]:
        fine = Decimal(self.rng.randint(1, 60) * 10_000) if self.rng.random() < 0.3 else None
        return {
            "prison_months": self.rng.randint(24, 180),
            "fine_lek": fine,
            "suspended": self.rng.random() < 0.05,
        }

    def assets(self, p: Proceeding, rows: "_Rows", day: date, by: Any) -> None:
        """Amounts of a conviction: seized, then confiscated, part to the Special Fund;
        compensation ordered, part of it paid."""
        if self.rng.random() < 0.5:
            seized = Decimal(self.rng.randint(5, 500) * 10_000)
            confiscated = (seized * Decimal(self.rng.randint(40, 100)) / 100).quantize(CENT)
            fund = (confiscated * Decimal(self.rng.randint(20, 60)) / 100).quantize(CENT)
            rows.asset(p, AssetKind.SEIZED, seized, day, by)
            rows.asset(p, AssetKind.CONFISCATED, confiscated, day, by)
            rows.asset(p, AssetKind.SPECIAL_FUND, fund, day, by)
        if self.rng.random() < 0.3:
            ordered = Decimal(self.rng.randint(1, 100) * 10_000)
            paid = (ordered * Decimal(self.rng.randint(0, 100)) / 100).quantize(CENT)
            rows.asset(p, AssetKind.COMPENSATION_ORDERED, ordered, day, by)
            if paid:
                rows.asset(p, AssetKind.COMPENSATION_PAID, paid, day, by)

    def link(self, case: Case, p: Proceeding, rows: "_Rows", by: Any) -> None:
        if self.rng.random() >= 0.7:
            return
        status = self.pick(LINK_STATUSES)
        decider = self.deciders.get(case.managing_organisation_id)
        if decider is None:
            status = LinkStatus.PENDING
        decided = status != LinkStatus.PENDING
        rows.links.append(
            VictimLink(
                proceeding=p,
                case_code=case.code,
                role=self.pick(LINK_ROLES),
                status=status,
                recorded_by=by,
                decided_by=decider if decided else None,
                decided_at=timezone.now() if decided else None,
                version=2 if decided else 1,
            )
        )


CENT = Decimal("0.01")


class _Rows:
    """The rows of one batch, written together, parents first."""

    def __init__(self) -> None:
        self.proceedings: list[Proceeding] = []
        self.offences: list[tuple[Proceeding, list[Offence]]] = []
        self.defendants: list[Defendant] = []
        self.stages: list[Stage] = []
        self.assets: list[AssetRecord] = []
        self.links: list[VictimLink] = []

    def add(self, p: Proceeding, *, offences: list[Offence]) -> None:
        self.proceedings.append(p)
        self.offences.append((p, offences))

    def stage(self, p: Proceeding, d: Defendant | None, kind: str, on: date, *, by: Any,
              outcome: str = "", **sentence: Any) -> None:  # fmt: skip
        self.stages.append(
            Stage(
                proceeding=p,
                defendant=d,
                kind=kind,
                on=on,
                outcome=outcome,
                recorded_by=by,
                **sentence,
            )
        )

    def asset(self, p: Proceeding, kind: str, amount: Decimal, on: date, by: Any) -> None:
        self.assets.append(
            AssetRecord(proceeding=p, kind=kind, amount_lek=amount, on=on, recorded_by=by)
        )

    def write(self) -> None:
        Proceeding.objects.bulk_create(self.proceedings, batch_size=BATCH)
        through = Proceeding.offences.through
        through.objects.bulk_create(
            [through(proceeding_id=p.pk, offence_id=o.pk) for p, os in self.offences for o in os],
            batch_size=BATCH,
        )
        Defendant.objects.bulk_create(self.defendants, batch_size=BATCH)
        Stage.objects.bulk_create(self.stages, batch_size=BATCH)
        AssetRecord.objects.bulk_create(self.assets, batch_size=BATCH)
        VictimLink.objects.bulk_create(self.links, batch_size=BATCH)
