"""Who provides a service of the referral mechanism: one query for the registry's filter, the
referral form's choices and the referral service's check."""

from django.db.models import QuerySet

from lidhja.organisations.models import Organisation


def referable() -> QuerySet[Organisation]:
    """Organisations a case can be referred to: active, one body (not a class of actors)."""
    return Organisation.objects.filter(is_active=True, collective=False).order_by("code")


def providers(service: str = "") -> QuerySet[Organisation]:
    """Active organisations that provide `service`, or any service when none is given. The
    services are a short JSON list per row, read in Python (a JSON `contains` lookup does not
    exist on SQLite); the registry holds a few hundred rows."""
    rows = referable().values_list("pk", "services")
    ids = [pk for pk, offered in rows if (service in offered if service else offered)]
    return referable().filter(pk__in=ids)
