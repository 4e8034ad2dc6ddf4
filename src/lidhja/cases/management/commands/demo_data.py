"""`lidhja demo-data`: synthetic users and cases for demonstration and training.

Everything goes through the domain services, so timelines, audit entries and encryption are
exactly those of real use; only the clock of the case services is set back, so that each
synthetic case has a plausible history (the audit log keeps its real time).

Demo data is marked unmistakably: demo users' names start with `demo.`, and a case is demo
data if and only if a demo user opened it (its `opened` event). Persons are called
`Demo-<given name> Synthetic-<number>`. The command refuses a database that holds any other
case, runs in one transaction (all or nothing), and does nothing when demo data is already
loaded: the passwords are shown once, when the users are created.

`--cases N` also adds N synthetic cases in bulk (`cases.management.synthetic`), distributed like
the CTDC synthetic file, to try statistics and exports at size; it can be given again later to
add more. Each batch of them is handed to `link_proceedings`: the criminal-justice module
adds about one proceeding per ten cases, the case linked as a victim.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from lidhja.accounts.domain import services as accounts
from lidhja.accounts.domain.actors import SYSTEM
from lidhja.accounts.domain.errors import DomainError
from lidhja.accounts.models import Role, User
from lidhja.audit.domain import services as audit
from lidhja.cases.domain import services
from lidhja.cases.management import synthetic
from lidhja.cases.models import Case, CaseEvent, EventKind, PlanStep, Referral
from lidhja.cases.models.choices import (
    BorderPoint,
    CaseKind,
    CaseStatus,
    ClosureReason,
    EscalationLevel,
    EscalationReason,
    ExploitationForm,
    IdentificationSource,
    PermitKind,
    PlanKind,
    RecruiterRelation,
    RecruitmentMeans,
    ReferralDirection,
    RiskLevel,
    ServiceKind,
    Sex,
    Shared,
    Stage,
)
from lidhja.core.demo import load_demo
from lidhja.justice.management.demo import BulkProceedings, JusticeBuilder, demo_proceedings
from lidhja.organisations.models import Organisation

DEMO_PREFIX = "demo."
DEFAULT_SEED = 2008

# (user name, role, organisation code): one user per role, two municipal social workers.
DEMO_USERS = [
    ("demo.social.tirana", Role.SOCIAL_WORKER, "MUN-TR"),
    ("demo.social.shkoder", Role.SOCIAL_WORKER, "MUN-SH"),
    ("demo.police", Role.POLICE, "BMP"),
    ("demo.shelter", Role.SERVICE_PROVIDER, "DEQ"),
    ("demo.rcat.tirana", Role.RCAT_MEMBER, "RCAT-TR"),
    ("demo.ra", Role.RA_OFFICER, "RA"),
    ("demo.onac", Role.ONAC_ANALYST, "ONAC"),
    ("demo.observer", Role.OBSERVER, "NTF"),
    ("demo.prosecutor", Role.PROSECUTOR, "GPO"),
    ("demo.investigator", Role.INVESTIGATOR, "ASP"),
    ("demo.court.clerk", Role.COURT_CLERK, "MOJ"),
    ("demo.focal", Role.FOCAL_POINT, "ASP"),
    ("demo.sysadmin", Role.SYSADMIN, "ONAC"),
    ("demo.helpline", Role.HELPLINE_OPERATOR, "MOI"),
    ("demo.secretary", Role.BODY_SECRETARY, "ONAC"),
]

GIVEN_NAMES = [
    ("Demo-Ana", Sex.FEMALE),
    ("Demo-Besa", Sex.FEMALE),
    ("Demo-Blerina", Sex.FEMALE),
    ("Demo-Dorina", Sex.FEMALE),
    ("Demo-Elira", Sex.FEMALE),
    ("Demo-Fatjona", Sex.FEMALE),
    ("Demo-Jonida", Sex.FEMALE),
    ("Demo-Lira", Sex.FEMALE),
    ("Demo-Mira", Sex.FEMALE),
    ("Demo-Olta", Sex.FEMALE),
    ("Demo-Rina", Sex.FEMALE),
    ("Demo-Teuta", Sex.FEMALE),
    ("Demo-Arben", Sex.MALE),
    ("Demo-Dritan", Sex.MALE),
    ("Demo-Gentian", Sex.MALE),
    ("Demo-Ilir", Sex.MALE),
    ("Demo-Klodian", Sex.MALE),
    ("Demo-Sokol", Sex.MALE),
]

NOTE = "Synthetic demonstration record: "


def demo_opened() -> Exists:
    """True for a case opened by a demo user, that is, for a demo case."""
    return Exists(
        CaseEvent.objects.filter(
            case=OuterRef("pk"),
            kind=EventKind.OPENED,
            actor__username__startswith=DEMO_PREFIX,
        )
    )


def demo_cases() -> QuerySet[Case]:
    return Case.objects.filter(demo_opened())


def real_cases() -> QuerySet[Case]:
    return Case.objects.filter(~demo_opened())


def demo_users() -> QuerySet[User]:
    return User.objects.filter(username__startswith=DEMO_PREFIX)


class Clock:
    """The time the case services see (`services.history_clock`): a moment of the synthetic history,
    never later than the real now."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.moment = timezone.now()
        self.last: datetime | None = None

    def start(self) -> None:
        """A new case: its history starts afresh."""
        self.last = None

    def set(self, day: date) -> None:
        """A moment on `day` (office hours), after the case's previous one."""
        at = datetime.combine(
            day,
            time(self.rng.randint(8, 15), self.rng.randint(0, 59)),
            tzinfo=timezone.get_current_timezone(),
        )
        if self.last is not None and at <= self.last:
            at = self.last + timedelta(minutes=self.rng.randint(5, 90))
        self.last = at
        self.moment = min(at, timezone.now())

    def now(self) -> datetime:
        return self.moment


class Builder:
    """Creates the demo users and the synthetic cases, one scenario per method."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)  # noqa: S311 -- synthetic data, not security
        self.clock = Clock(self.rng)
        self.today = timezone.localdate()
        self.users: dict[str, User] = {}
        self.passwords: dict[str, str] = {}
        self.orgs: dict[str, Organisation] = {}
        self.names = list(GIVEN_NAMES)
        self.rng.shuffle(self.names)
        self.persons = 0

    # --- users ----------------------------------------------------------------------------

    def org(self, code: str) -> Organisation:
        if code not in self.orgs:
            org = Organisation.objects.filter(code=code).first()
            if org is None:
                raise CommandError(
                    f"organisation {code!r} is missing: run `lidhja setup` first to seed them"
                )
            self.orgs[code] = org
        return self.orgs[code]

    def create_users(self) -> None:
        for username, role, code in DEMO_USERS:
            password = accounts.generate_password(
                username=username, first_name="Demo", last_name=role.value
            )
            self.users[username] = accounts.create_user(
                username,
                organisation=self.org(code),
                role=role,
                password=password,
                by=SYSTEM,
                one_time=False,
                approved=True,  # synthetic users of a demonstration database
                first_name="Demo",
                last_name=role.value,
            )
            self.passwords[username] = password

    def u(self, key: str) -> User:
        return self.users["demo." + key]

    # --- steps through the services ----------------------------------------------------------

    def day(self, start: date, offset: int) -> date:
        return min(start + timedelta(days=offset), self.today)

    def open(
        self,
        by: str,
        *,
        days_ago: int,
        status: str = CaseStatus.POTENTIAL,
        kind: str = CaseKind.TRAFFICKING,
        unit: str | None = None,
        source: str = IdentificationSource.SOCIAL_SERVICES,
        forms: tuple[str, ...] = (ExploitationForm.SEXUAL,),
        age: int | None = None,
        citizenship: str = "AL",
        **details: Any,
    ) -> Case:
        self.persons += 1
        number = self.persons
        given, sex = self.names[(number - 1) % len(self.names)]
        start = self.today - timedelta(days=days_ago)
        age = age if age is not None else self.rng.randint(19, 42)
        born = start - timedelta(days=int(age * 365.25) + self.rng.randint(30, 330))
        identity = {
            "given_name": given,
            "family_name": f"Synthetic-{number:02d}",
            "other_names": "",
            "date_of_birth": born,
            "sex": sex,
            "citizenship": citizenship,
            "document_type": "",
            "document_number": "",
            "phone": f"+355 69 000 {number:04d}",
            "email": f"person{number:02d}@demo.example.invalid",
            "address": f"Synthetic street {number}, Demo town",
        }
        values = {
            "kind": kind,
            "identified_on": start,
            "identification_source": source,
            "minor_at_exploitation": False,
            "foreign_national": citizenship != "AL",
            "recruitment_means": self.rng.choice(
                [RecruitmentMeans.JOB_OFFER, RecruitmentMeans.ROMANCE, RecruitmentMeans.ONLINE]
            ),
            "recruiter_relation": self.rng.choice(
                [RecruiterRelation.ACQUAINTANCE, RecruiterRelation.PARTNER]
            ),
            **details,
        }
        self.clock.start()
        self.clock.set(start)
        return services.open_case(
            by=self.u(by),
            identity_values=identity,
            details=values,
            exploitation=list(forms) if kind == CaseKind.TRAFFICKING else [],
            status=status,
            criteria=NOTE + "first contact.",
            managing_organisation=self.org(unit) if unit else None,
        )

    def run(self, service, case: Case, by: str, on: date, **values: Any):
        """Call `service` on `case` as demo user `by` on day `on`, with the case's version."""
        self.clock.set(on)
        case.refresh_from_db()
        return service(case, by=self.u(by), version=case.version, **values)

    def answer(self, referral: Referral, by: str, on: date, answer: str, reason: str = ""):
        self.clock.set(on)
        referral.refresh_from_db()
        return services.answer_referral(
            referral, by=self.u(by), version=referral.version, answer=answer, reason=reason
        )

    def status(self, case: Case, by: str, on: date, status: str) -> None:
        self.run(
            services.decide_status,
            case,
            by,
            on,
            status=status,
            decided_on=on,
            criteria=NOTE + f"criteria for {status} status met.",
        )

    def screen(self, case: Case, by: str, on: date, *, strong: bool) -> None:
        observed = (
            ["dr_nature_of_job", "dr_wages", "ex_no_pay", "ex_excessive_hours", "co_violence"]
            if strong
            else ["ar_economic", "ex_no_social"]
        )
        self.run(services.record_screening, case, by, on, observed=observed, screened_on=on)

    def plan(self, case: Case, by: str, on: date, kind: str, *, steps=(), **values: Any):
        return self.run(
            services.record_plan,
            case,
            by,
            on,
            values={
                "kind": kind,
                "made_on": on,
                "note": NOTE + f"{kind} plan.",
                "steps": [(NOTE + text, due) for text, due in steps],
                **values,
            },
        )

    def complete_steps(self, case: Case, plan, by: str, count: int) -> None:
        """Mark the next `count` open steps of `plan` done on their due dates."""
        steps = PlanStep.objects.filter(plan=plan, done_on__isnull=True).order_by("due_on", "id")
        for step in list(steps)[:count]:
            self.clock.set(step.due_on)
            case.refresh_from_db()
            services.complete_step(step, by=self.u(by), version=case.version, done_on=step.due_on)

    def refer(self, case: Case, by: str, on: date, service: str, **values: Any) -> Referral:
        return self.run(
            services.send_referral,
            case,
            by,
            on,
            values={
                "to_organisation": self.org("DEQ"),
                "service": service,
                "shared": [Shared.IDENTITY, Shared.CONTACTS, Shared.NEEDS],
                "note": NOTE + "referral.",
                **values,
            },
        )

    def service(self, case: Case, by: str, on: date, kind: str, **values: Any) -> None:
        self.run(
            services.record_service,
            case,
            by,
            on,
            values={"kind": kind, "started_on": on, "note": NOTE + "service.", **values},
        )

    def follow_up(self, case: Case, by: str, on: date, *, employed: bool) -> None:
        self.run(
            services.record_follow_up,
            case,
            by,
            on,
            values={
                "visited_on": on,
                "employed": employed,
                "re_trafficked": False,
                "note": NOTE + "follow-up visit.",
            },
        )

    def close(self, case: Case, by: str, on: date, reason: str) -> None:
        self.run(
            services.close_case, case, by, on, closed_on=on, reason=reason, note=NOTE + "closure."
        )

    def note(self, case: Case, by: str, on: date, text: str) -> None:
        self.run(services.add_note, case, by, on, note=NOTE + text)

    # --- the scenarios ---------------------------------------------------------------------------

    def build(self) -> None:
        self.create_users()
        for scenario in (
            self.potential_at_border,
            self.potential_in_shkoder,
            self.presumed_referral_sent,
            self.presumed_referral_accepted,
            self.presumed_referral_declined,
            self.identified_referral_started,
            self.identified_referral_completed,
            self.at_risk_in_tirana,
            self.at_risk_in_shkoder,
            self.child_with_guardian,
            self.foreign_national_with_permits,
            self.transnational_return,
            self.escalated_to_rcat,
            self.escalated_to_ra,
            self.witness_claiming_compensation,
            self.closed_reintegrated_in_tirana,
            self.closed_reintegrated_in_shkoder,
            self.closed_assistance_refused,
            self.closed_not_a_victim,
            self.closed_returned,
            self.identified_in_shkoder_overdue,
        ):
            scenario()
        JusticeBuilder(self).build()

    def potential_at_border(self) -> None:
        case = self.open(
            "police",
            days_ago=6,
            unit="MUN-TR",
            source=IdentificationSource.BORDER,
            border_point=BorderPoint.RINAS,
            forms=(ExploitationForm.LABOUR,),
            transnational=True,
            exploitation_countries=["GR"],
        )
        self.screen(case, "police", self.day(case.identified_on, 0), strong=False)

    def potential_in_shkoder(self) -> None:
        case = self.open("social.shkoder", days_ago=3, source=IdentificationSource.HELPLINE)
        self.note(case, "social.shkoder", self.day(case.identified_on, 1), "first interview.")

    def presumed_referral_sent(self) -> None:
        case = self.open("social.tirana", days_ago=20)
        start = case.identified_on
        self.screen(case, "social.tirana", self.day(start, 1), strong=True)
        self.status(case, "social.tirana", self.day(start, 2), CaseStatus.PRESUMED)
        self.plan(case, "social.tirana", self.day(start, 3), PlanKind.NEEDS)
        self.refer(case, "social.tirana", self.day(start, 4), ServiceKind.SHELTER)

    def presumed_referral_accepted(self) -> None:
        case = self.open(
            "police",
            days_ago=35,
            unit="MUN-TR",
            source=IdentificationSource.POLICE,
            forms=(ExploitationForm.SEXUAL, ExploitationForm.CRIMINALITY),
        )
        start = case.identified_on
        self.status(case, "social.tirana", self.day(start, 2), CaseStatus.PRESUMED)
        referral = self.refer(case, "social.tirana", self.day(start, 3), ServiceKind.PSYCHOLOGICAL)
        self.answer(referral, "shelter", self.day(start, 5), "accept")

    def presumed_referral_declined(self) -> None:
        case = self.open("social.tirana", days_ago=50, source=IdentificationSource.NGO)
        start = case.identified_on
        self.status(case, "social.tirana", self.day(start, 1), CaseStatus.PRESUMED)
        referral = self.refer(case, "social.tirana", self.day(start, 2), ServiceKind.SHELTER)
        self.answer(
            referral,
            "shelter",
            self.day(start, 4),
            "decline",
            reason="No free place in the shelter this month (synthetic).",
        )
        self.service(case, "social.tirana", self.day(start, 6), ServiceKind.NON_RESIDENTIAL)

    def identified_referral_started(self) -> None:
        case = self.open("social.tirana", days_ago=90, forms=(ExploitationForm.LABOUR,))
        start = case.identified_on
        self.status(case, "social.tirana", self.day(start, 2), CaseStatus.PRESUMED)
        self.plan(case, "social.tirana", self.day(start, 5), PlanKind.NEEDS)
        plan = self.plan(
            case,
            "social.tirana",
            self.day(start, 10),
            PlanKind.ASSISTANCE,
            steps=[
                ("medical check-up", self.day(start, 20)),
                ("obtain identity documents", self.day(start, 40)),
                ("enrol in vocational course", self.day(start, 60)),
                ("family mediation", self.today + timedelta(days=30)),
            ],
        )
        referral = self.refer(case, "social.tirana", self.day(start, 11), ServiceKind.SHELTER)
        self.answer(referral, "shelter", self.day(start, 12), "accept")
        self.answer(referral, "shelter", self.day(start, 13), "start")
        self.service(case, "shelter", self.day(start, 13), ServiceKind.SHELTER)
        self.complete_steps(case, plan, "social.tirana", 1)  # the others are overdue
        self.status(case, "social.tirana", self.day(start, 30), CaseStatus.IDENTIFIED)
        self.note(case, "shelter", self.day(start, 45), "settled in well at the shelter.")

    def identified_referral_completed(self) -> None:
        case = self.open("social.tirana", days_ago=160, source=IdentificationSource.SELF)
        start = case.identified_on
        self.status(case, "social.tirana", self.day(start, 3), CaseStatus.IDENTIFIED)
        plan = self.plan(
            case,
            "social.tirana",
            self.day(start, 7),
            PlanKind.ASSISTANCE,
            steps=[
                ("psychological counselling", self.day(start, 30)),
                ("vocational training", self.day(start, 90)),
            ],
        )
        referral = self.refer(case, "social.tirana", self.day(start, 8), ServiceKind.VOCATIONAL)
        self.answer(referral, "shelter", self.day(start, 9), "accept")
        self.answer(referral, "shelter", self.day(start, 15), "start")
        self.service(
            case,
            "shelter",
            self.day(start, 15),
            ServiceKind.VOCATIONAL,
            ended_on=self.day(start, 100),
        )
        self.complete_steps(case, plan, "social.tirana", 2)
        self.answer(referral, "shelter", self.day(start, 100), "complete")

    def at_risk_in_tirana(self) -> None:
        case = self.open(
            "social.tirana",
            days_ago=40,
            kind=CaseKind.AT_RISK,
            status=CaseStatus.AT_RISK,
            age=19,
        )
        self.service(
            case, "social.tirana", self.day(case.identified_on, 3), ServiceKind.NON_RESIDENTIAL
        )

    def at_risk_in_shkoder(self) -> None:
        case = self.open(
            "social.shkoder", days_ago=15, kind=CaseKind.AT_RISK, status=CaseStatus.AT_RISK
        )
        self.plan(case, "social.shkoder", self.day(case.identified_on, 2), PlanKind.NEEDS)

    def child_with_guardian(self) -> None:
        case = self.open(
            "social.tirana",
            days_ago=60,
            age=15,
            minor_at_exploitation=True,
            forms=(ExploitationForm.BEGGING,),
            recruiter_relation=RecruiterRelation.FAMILY,
            recruitment_means=RecruitmentMeans.FAMILY,
        )
        start = case.identified_on
        self.run(
            services.appoint_guardian,
            case,
            "social.tirana",
            self.day(start, 1),
            values={
                "appointed_on": self.day(start, 1),
                "name": "Demo-Guardian Synthetic-G1",
                "relation": "legal representative (synthetic)",
                "contact": "+355 69 000 9001",
            },
        )
        self.status(case, "social.tirana", self.day(start, 2), CaseStatus.PRESUMED)
        self.plan(case, "social.tirana", self.day(start, 4), PlanKind.BEST_INTERESTS)
        self.plan(case, "social.tirana", self.day(start, 5), PlanKind.NEEDS)
        referral = self.refer(
            case,
            "social.tirana",
            self.day(start, 6),
            ServiceKind.EDUCATION,
            shared=[Shared.IDENTITY, Shared.GUARDIAN, Shared.NEEDS],
        )
        self.answer(referral, "shelter", self.day(start, 8), "accept")

    def foreign_national_with_permits(self) -> None:
        case = self.open(
            "police",
            days_ago=120,
            unit="MUN-TR",
            source=IdentificationSource.BORDER,
            border_point=BorderPoint.KAKAVIJE,
            citizenship="MD",
            transnational=True,
            recruitment_countries=["MD"],
            transit_countries=["GR"],
            exploitation_countries=["AL"],
        )
        start = case.identified_on
        self.status(case, "social.tirana", self.day(start, 1), CaseStatus.PRESUMED)
        self.run(
            services.record_permit,
            case,
            "social.tirana",
            self.day(start, 2),
            values={
                "kind": PermitKind.REFLECTION,
                "starts_on": self.day(start, 2),
                "ends_on": self.day(start, 2) + timedelta(days=90),
            },
        )
        self.status(case, "social.tirana", self.day(start, 80), CaseStatus.IDENTIFIED)
        self.run(
            services.record_permit,
            case,
            "social.tirana",
            self.day(start, 85),
            values={
                "kind": PermitKind.RESIDENCE,
                "starts_on": self.day(start, 92),
                "ends_on": self.day(start, 92) + timedelta(days=365),
                "reference": "DEMO-RP-0001",
            },
        )

    def _return_referral(self, case: Case, by: str, on: date, return_on: date) -> Referral:
        return self.refer(
            case,
            by,
            on,
            ServiceKind.RETURN,
            to_organisation=None,
            direction=ReferralDirection.OUTGOING,
            partner_country=case.recruitment_countries[0],
            partner_authority="Demo partner authority (synthetic)",
            shared=[Shared.IDENTITY, Shared.RISK],
            return_on=return_on,
            return_notice_on=on,
            post_return_plan=NOTE + "reception, shelter and follow-up agreed with the partner.",
        )

    def transnational_return(self) -> None:
        case = self.open(
            "ra",
            days_ago=75,
            unit="MUN-TR",
            source=IdentificationSource.POLICE,
            citizenship="MK",
            transnational=True,
            recruitment_countries=["MK"],
            exploitation_countries=["AL"],
        )
        start = case.identified_on
        self.status(case, "ra", self.day(start, 5), CaseStatus.IDENTIFIED)
        self.plan(
            case, "social.tirana", self.day(start, 10), PlanKind.RISK, risk_level=RiskLevel.MEDIUM
        )
        self.plan(case, "social.tirana", self.day(start, 12), PlanKind.RISK_MANAGEMENT)
        on = self.today - timedelta(days=2)
        referral = self._return_referral(case, "social.tirana", on, self.today + timedelta(days=14))
        self.answer(referral, "social.tirana", self.today, "accept")

    def escalated_to_rcat(self) -> None:
        case = self.open(
            "social.tirana",
            days_ago=30,
            forms=(ExploitationForm.SEXUAL,),
            transnational=False,
        )
        start = case.identified_on
        self.status(case, "social.tirana", self.day(start, 2), CaseStatus.PRESUMED)
        self.run(
            services.escalate,
            case,
            "social.tirana",
            self.day(start, 5),
            values={
                "level": EscalationLevel.RCAT,
                "reason": EscalationReason.INTER_REGIONAL,
                "note": NOTE + "exploited in another qark.",
            },
        )
        self.note(case, "rcat.tirana", self.day(start, 7), "committee meeting scheduled.")

    def escalated_to_ra(self) -> None:
        case = self.open("social.shkoder", days_ago=100, forms=(ExploitationForm.SLAVERY,))
        start = case.identified_on
        self.status(case, "social.shkoder", self.day(start, 3), CaseStatus.PRESUMED)
        escalation = self.run(
            services.escalate,
            case,
            "social.shkoder",
            self.day(start, 6),
            values={
                "level": EscalationLevel.RA,
                "reason": EscalationReason.FLAGGED,
                "note": NOTE + "unusual circumstances.",
            },
        )
        self.clock.set(self.day(start, 20))
        case.refresh_from_db()
        services.resolve_escalation(
            escalation,
            by=self.u("ra"),
            version=case.version,
            resolution=NOTE + "guidance given to the municipal unit.",
        )
        self.status(case, "social.shkoder", self.day(start, 25), CaseStatus.IDENTIFIED)

    def witness_claiming_compensation(self) -> None:
        case = self.open(
            "police",
            days_ago=200,
            unit="MUN-TR",
            source=IdentificationSource.POLICE,
            age=20,
            minor_at_exploitation=True,
        )
        start = case.identified_on
        self.status(case, "social.tirana", self.day(start, 4), CaseStatus.IDENTIFIED)
        self.run(
            services.update_justice,
            case,
            "social.tirana",
            self.day(start, 60),
            values={
                "witness_participation": True,
                "protection_programme": False,
                "compensation_claimed": Decimal("1200000.00"),
            },
        )
        self.service(case, "social.tirana", self.day(start, 61), ServiceKind.LEGAL_REPRESENTATION)

    def closed_reintegrated_in_tirana(self) -> None:
        case = self.open("social.tirana", days_ago=420)
        start = case.identified_on
        self.status(case, "social.tirana", self.day(start, 3), CaseStatus.IDENTIFIED)
        plan = self.plan(
            case,
            "social.tirana",
            self.day(start, 6),
            PlanKind.ASSISTANCE,
            steps=[("shelter stay", self.day(start, 60)), ("job placement", self.day(start, 150))],
        )
        referral = self.refer(case, "social.tirana", self.day(start, 7), ServiceKind.SHELTER)
        self.answer(referral, "shelter", self.day(start, 8), "accept")
        self.answer(referral, "shelter", self.day(start, 8), "start")
        self.service(
            case, "shelter", self.day(start, 8), ServiceKind.SHELTER, ended_on=self.day(start, 120)
        )
        self.complete_steps(case, plan, "social.tirana", 1)
        self.answer(referral, "shelter", self.day(start, 120), "complete")
        self.complete_steps(case, plan, "social.tirana", 1)
        self.plan(
            case,
            "social.tirana",
            self.day(start, 150),
            PlanKind.REINTEGRATION,
            reintegrated_on=self.day(start, 150),
        )
        self.follow_up(case, "social.tirana", self.day(start, 240), employed=True)
        self.follow_up(case, "social.tirana", self.day(start, 330), employed=True)
        self.close(case, "social.tirana", self.day(start, 335), ClosureReason.REINTEGRATED)

    def closed_reintegrated_in_shkoder(self) -> None:
        case = self.open("social.shkoder", days_ago=380, forms=(ExploitationForm.LABOUR,))
        start = case.identified_on
        self.status(case, "social.shkoder", self.day(start, 2), CaseStatus.IDENTIFIED)
        self.service(
            case,
            "social.shkoder",
            self.day(start, 5),
            ServiceKind.EMPLOYMENT,
            ended_on=self.day(start, 90),
        )
        self.plan(
            case,
            "social.shkoder",
            self.day(start, 100),
            PlanKind.REINTEGRATION,
            reintegrated_on=self.day(start, 100),
        )
        self.follow_up(case, "social.shkoder", self.day(start, 190), employed=False)
        self.follow_up(case, "social.shkoder", self.day(start, 280), employed=True)
        self.close(case, "social.shkoder", self.day(start, 290), ClosureReason.REINTEGRATED)

    def closed_assistance_refused(self) -> None:
        case = self.open("police", days_ago=140, unit="MUN-SH", source=IdentificationSource.POLICE)
        start = case.identified_on
        self.service(case, "social.shkoder", self.day(start, 2), ServiceKind.SHELTER, refused=True)
        self.close(case, "social.shkoder", self.day(start, 10), ClosureReason.REFUSED)

    def closed_not_a_victim(self) -> None:
        case = self.open("social.tirana", days_ago=110, source=IdentificationSource.OTHER)
        start = case.identified_on
        self.screen(case, "social.tirana", self.day(start, 2), strong=False)
        self.close(case, "social.tirana", self.day(start, 20), ClosureReason.NOT_A_VICTIM)

    def closed_returned(self) -> None:
        case = self.open(
            "ra",
            days_ago=300,
            unit="MUN-TR",
            source=IdentificationSource.CONSULATE,
            citizenship="UA",
            transnational=True,
            recruitment_countries=["UA"],
            exploitation_countries=["AL"],
            forms=(ExploitationForm.LABOUR,),
        )
        start = case.identified_on
        self.status(case, "ra", self.day(start, 4), CaseStatus.IDENTIFIED)
        self.plan(case, "ra", self.day(start, 10), PlanKind.RISK, risk_level=RiskLevel.LOW)
        self.plan(case, "ra", self.day(start, 12), PlanKind.RISK_MANAGEMENT)
        referral = self._return_referral(case, "ra", self.day(start, 20), self.day(start, 40))
        self.answer(referral, "ra", self.day(start, 25), "accept")
        self.answer(referral, "ra", self.day(start, 40), "start")
        self.answer(referral, "ra", self.day(start, 70), "complete")
        self.close(case, "ra", self.day(start, 75), ClosureReason.RETURNED)

    def identified_in_shkoder_overdue(self) -> None:
        case = self.open("social.shkoder", days_ago=70, source=IdentificationSource.NGO)
        start = case.identified_on
        self.status(case, "social.shkoder", self.day(start, 3), CaseStatus.IDENTIFIED)
        self.plan(
            case,
            "social.shkoder",
            self.day(start, 8),
            PlanKind.ASSISTANCE,
            steps=[
                ("legal counselling", self.day(start, 20)),
                ("housing support", self.day(start, 45)),
            ],
        )


def link_proceedings(seed: int) -> BulkProceedings:
    """What the criminal-justice module adds to each batch of bulk cases: about one proceeding
    per ten cases, by the demo justice offices, the case linked as a victim (justice.management.
    demo.BulkProceedings), drawn from its own generator so the cases stay as they were."""
    rng = random.Random(seed + 2)  # noqa: S311 -- synthetic data, not security
    return BulkProceedings(rng, list(demo_users().select_related("organisation")))


def _messages(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
    return " ".join(error.messages)


class Command(BaseCommand):
    help = (
        "Load synthetic demonstration users and cases (user names `demo.…`), through the case "
        "services. Refuses a database that holds real cases; does nothing when demo data is "
        "already loaded."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="seed of the synthetic data"
        )
        parser.add_argument(
            "--cases",
            type=int,
            default=0,
            help="also add this many synthetic cases in bulk, distributed like the CTDC file's "
            "(also when demo data is already loaded)",
        )
        parser.add_argument(
            "--ctdc",
            type=Path,
            help="the CTDC synthetic file to follow (default: ../shared/external/…, else "
            "built-in proportions)",
        )

    def handle(self, *args, seed: int, cases: int = 0, ctdc: Path | None = None, **options):
        if cases < 0:
            raise CommandError("--cases: give a number of cases, 0 or more")
        builder = None
        try:
            with transaction.atomic():
                if self._may_load(adding=cases > 0):
                    builder = Builder(seed)
                    with services.history_clock(builder.clock.now):
                        builder.build()
                    self.more = load_demo(seed, builder.users)
                    audit.record(
                        "case.demo_data",
                        changes={
                            "seed": seed,
                            "users": sorted(builder.users),
                            "cases": demo_cases().count(),
                            "proceedings": demo_proceedings().count(),
                        },
                    )
                if cases:
                    origin = self._bulk(cases, seed, ctdc)
        except ValidationError as exc:
            raise CommandError(f"demo data not loaded: {_messages(exc)}") from exc
        except DomainError as exc:
            raise CommandError(f"demo data not loaded: {exc}") from exc
        if builder is not None:
            self._report(builder)
            for line in self.more:
                self.stdout.write(line)
        if cases:
            self.stdout.write(f"\n{cases} synthetic cases added in bulk, following the {origin}.")
            self.stdout.write(f"{self.proceedings} synthetic proceedings added with them.")

    def _bulk(self, n: int, seed: int, ctdc: Path | None) -> str:
        openers = synthetic.municipal_openers(demo_users().select_related("organisation"))
        if not openers:
            raise CommandError("no demo social worker to open the cases: nothing was created")
        rng = random.Random(seed + 1)  # noqa: S311 -- synthetic data, not security
        proceedings = link_proceedings(seed)
        origin = synthetic.create_cases(n, openers, rng=rng, ctdc=ctdc, after_batch=proceedings)
        self.proceedings = proceedings.count
        audit.record(
            "case.demo_data",
            changes={
                "seed": seed,
                "bulk_cases": n,
                "from": origin,
                "bulk_proceedings": proceedings.count,
            },
        )
        return origin

    def _may_load(self, *, adding: bool = False) -> bool:
        real = real_cases().count()
        if real:
            raise CommandError(
                f"the database holds {real} case(s) that are not demo data; demo data is "
                "loaded only into a database without real cases. Nothing was created."
            )
        users, cases = demo_users().count(), demo_cases().count()
        if (users or cases) and adding:
            return False
        if users or cases:
            self.stdout.write(
                f"Demo data is already loaded ({users} demo users, {cases} demo cases); "
                "nothing was created. Passwords were shown when it was loaded; set a new one "
                "with `lidhja user set-password demo.…`."
            )
            return False
        return True

    def _report(self, builder: Builder) -> None:
        rows = [("USER NAME", "ROLE", "ORGANISATION", "PASSWORD")]
        for username, user in builder.users.items():
            org = user.organisation.code if user.organisation else "-"
            rows.append((username, user.role, org, builder.passwords[username]))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        self.stdout.write("Demo users (passwords are shown only now):")
        for row in rows:
            cells = (value.ljust(width) for value, width in zip(row, widths, strict=True))
            self.stdout.write("  ".join(cells).rstrip())
        counts = {
            (row["status"], row["stage"]): row["n"]
            for row in demo_cases().values("status", "stage").annotate(n=Count("id"))
        }
        self.stdout.write("\nDemo cases by status:")
        self.stdout.write(f"{'STATUS':<12}{'OPEN':>6}{'CLOSED':>8}{'TOTAL':>7}")
        for status in CaseStatus:
            opened = counts.get((status.value, Stage.OPEN), 0)
            closed = counts.get((status.value, Stage.CLOSED), 0)
            self.stdout.write(f"{status.value:<12}{opened:>6}{closed:>8}{opened + closed:>7}")
        self.stdout.write(f"{'all':<12}{'':>6}{'':>8}{sum(counts.values()):>7}")
