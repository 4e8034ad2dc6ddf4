"""The old address of the case statistics: the national statistics are published by the
publication app now (publication.views.pages), and this address leads there."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from lidhja.accounts.domain.permissions import can


@require_GET
def statistics_page(request):
    if not can(request.user, "statistics.view"):
        raise PermissionDenied
    return redirect("publication:index")
