from datetime import date

from lidhja.coordination.domain import services
from lidhja.coordination.models import Body, Meeting

PDF = b"%PDF-1.4 synthetic minutes"


def body(code: str) -> Body:
    return Body.objects.get(code=code)


def held(code: str, day: date, by) -> Meeting:
    return services.record_meeting(body(code), date=day, status="held", place="Tirana", by=by)


def decision(meeting: Meeting, owner, due: date, by):
    return services.record_decision(
        meeting, text="Prepare a note.", owner=owner, due_date=due, by=by
    )
