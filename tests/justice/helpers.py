"""Building proceedings for the justice tests, through the services."""

from datetime import date
from decimal import Decimal
from typing import Any

from lidhja.justice.domain import services
from lidhja.justice.models import Defendant, Proceeding

REGISTERED = date(2026, 1, 10)


def fresh(proceeding: Proceeding) -> int:
    proceeding.refresh_from_db()
    return proceeding.version


def register(by, offences=("110/a",), on: date = REGISTERED) -> Proceeding:
    return services.register_proceeding(by=by, registered_on=on, offences=list(offences))


def defendant(proceeding: Proceeding, by, **values: Any) -> Defendant:
    values = {"role": "recruiter", "given_name": "Synthetic", "family_name": "Defendantson",
              **values}  # fmt: skip
    return services.add_defendant(proceeding, by=by, version=fresh(proceeding), values=values)


def stage(proceeding: Proceeding, by, kind: str, on: date, **values: Any):
    values = {"kind": kind, "on": on, "outcome": "", **values}
    return services.record_stage(proceeding, by=by, version=fresh(proceeding), values=values)


def convict(proceeding: Proceeding, by, d: Defendant, on: date, months: int | None = 60, **extra):
    """Arrest, indictment and a final conviction of `d`, dated `on`."""
    stage(proceeding, by, "arrest", on, defendant=d)
    stage(proceeding, by, "indictment", on, defendant=d)
    stage(proceeding, by, "final", on, defendant=d, outcome="convicted", prison_months=months,
          **extra)  # fmt: skip


def asset(proceeding: Proceeding, by, kind: str, amount: str, on: date = REGISTERED):
    values = {"kind": kind, "amount_lek": Decimal(amount), "on": on}
    return services.record_asset(proceeding, by=by, version=fresh(proceeding), values=values)
