"""Synthetic proceedings for `lidhja demo-data`, through the justice services: one per office
of the demo justice users, at several stages, with defendants, assets and victims linked to
demo cases by their codes. Identities are visibly synthetic (`Demo-… Synthetic-…`)."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from lidhja.audit.models import AuditEntry
from lidhja.cases.models import Case
from lidhja.cases.models.choices import AgeBand, Sex
from lidhja.justice.domain import services
from lidhja.justice.models import Defendant, Proceeding
from lidhja.justice.models.choices import (
    AssetKind,
    DefendantRole,
    OfficialService,
    Outcome,
    StageKind,
    VictimRole,
)


def demo_proceedings() -> QuerySet[Proceeding]:
    """Proceedings registered by a demo user (their registration's audit entry names one)."""
    ids = AuditEntry.objects.filter(
        action="justice.proceeding_registered", actor__username__startswith="demo."
    ).values_list("object_id", flat=True)
    return Proceeding.objects.filter(pk__in=[int(pk) for pk in ids])


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
