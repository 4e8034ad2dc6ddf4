"""The old address of the justice statistics: they are tables of the national statistics now
(justice.domain.tables), frozen per period and decided with every other table of the period,
so this address leads to the justice group of the newest published period (or to the list of
periods while none is published). Nothing is counted or suppressed on this path."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from lidhja.accounts.domain.permissions import can
from lidhja.publication.models import Release


@require_GET
def statistics_page(request):
    if not can(request.user, "statistics.view"):
        raise PermissionDenied
    newest = Release.objects.order_by("-year", "-quarter").values_list("period", flat=True).first()
    if newest is None:
        return redirect("publication:index")
    return redirect(reverse("publication:period", args=[newest]) + "#justice")
