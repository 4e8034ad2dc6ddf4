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


def bulk(by, rows: list[dict[str, Any]]) -> None:
    """Many calls at once, for the statistics (the services are tested on their own): each
    row names `month` (of 2009), `day` and the categories, the rest as `call_values`."""
    from datetime import datetime

    from django.utils import timezone

    calls = []
    for number, row in enumerate(rows, start=1):
        row = dict(row)
        when = datetime(2009, row.pop("month"), row.pop("day", 15), 12, 0)
        values = {**call_values(), **row}
        calls.append(
            Call(
                reference=f"HL-2009-{number:06d}",
                year=2009,
                number=number,
                received_at=timezone.make_aware(when),
                organisation=by.organisation,
                logged_by=by,
                **{
                    name: values[name]
                    for name in ("line", "caller_type", "topic", "qark", "language", "outcome")
                },
            )
        )
    Call.objects.bulk_create(calls)
