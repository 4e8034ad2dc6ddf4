"""Building calls for the helpline tests, through the services."""

from datetime import date
from typing import Any

from lidhja.helpline.domain import services
from lidhja.helpline.models import Call

ON = date(2009, 2, 10)


def call_values(**values: Any) -> dict[str, Any]:
    return {
        "line": "0800_1212",
        "received_on": ON,
        "received_time": "10:30",
        "caller_type": "family",
        "topic": "trafficking",
        "qark": "tirane",
        "language": "sq",
        "outcome": "information",
        "referred_to": None,
        "duration_minutes": 7,
        **values,
    }


def log(by, **values: Any) -> Call:
    return services.log_call(by=by, values=call_values(**values))
