"""Synthetic calls for `lidhja demo-data`: a few hundred calls over 2008–2010, logged by
`demo.helpline` through the services, a few of them opening potential cases."""

import random
from datetime import date, timedelta
from typing import Any

from lidhja.cases.domain.services import is_municipal_unit
from lidhja.cases.models.choices import CaseKind, ExploitationForm
from lidhja.helpline.domain import services
from lidhja.helpline.models import CallerType, CallLanguage, CallOutcome, CallTopic, HelplineLine
from lidhja.organisations.models import Organisation, Qark

CALLS = 360
CASES = 6
FIRST = date(2008, 1, 1)
DAYS = (date(2010, 12, 31) - FIRST).days

# Rough shares: most calls come to the national line, about trafficking or migration.
LINES = [HelplineLine.NATIONAL] * 7 + [HelplineLine.DOMESTIC_VIOLENCE, HelplineLine.MIGRATION]
TOPICS = (
    [CallTopic.TRAFFICKING] * 4
    + [CallTopic.MIGRATION] * 3
    + [
        CallTopic.COMPLICITY,
        CallTopic.OTHER,
    ]
)
LANGUAGES = [CallLanguage.ALBANIAN] * 8 + [CallLanguage.ITALIAN, CallLanguage.GREEK]


def _values(rng: random.Random, referral_targets: list[Organisation]) -> dict[str, Any]:
    outcome = rng.choice([CallOutcome.INFORMATION] * 3 + [CallOutcome.REFERRED])
    return {
        "line": rng.choice(LINES),
        "received_on": FIRST + timedelta(days=rng.randrange(DAYS)),
        "received_time": f"{rng.randint(8, 21):02d}:{rng.randrange(60):02d}",
        "caller_type": rng.choice(list(CallerType)),
        "topic": rng.choice(TOPICS),
        "qark": rng.choice([*Qark.values, ""]),
        "language": rng.choice(LANGUAGES),
        "outcome": outcome,
        "referred_to": rng.choice(referral_targets) if outcome == CallOutcome.REFERRED else None,
        "duration_minutes": rng.randint(1, 25),
    }


def load(rng: random.Random, users: dict[str, Any]) -> str:
    operator = users["demo.helpline"]
    organisations = list(Organisation.objects.filter(is_active=True, collective=False))
    units = [org for org in organisations if is_municipal_unit(org)]
    targets = [org for org in organisations if org.code in ("DEQ", "RA", "ASP", "IOM")] or units
    calls = [services.log_call(by=operator, values=_values(rng, targets)) for _ in range(CALLS)]
    opened = 0
    for call in rng.sample([c for c in calls if c.topic == CallTopic.TRAFFICKING], CASES):
        services.open_case_from_call(
            call,
            by=operator,
            version=call.version,
            values={
                "managing_organisation": rng.choice(units),
                "kind": CaseKind.TRAFFICKING,
                "exploitation": [rng.choice([ExploitationForm.SEXUAL, ExploitationForm.LABOUR])],
                "criteria": "Synthetic: the caller describes a job offer abroad.",
            },
        )
        opened += 1
    return f"{CALLS} helpline calls, {opened} of them opened potential cases"
