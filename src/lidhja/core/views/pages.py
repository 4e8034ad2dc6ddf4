from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from lidhja.accounts.domain.permissions import can
from lidhja.core import health
from lidhja.home.domain.queues import queue_for
from lidhja.plans.domain.queries import plan_summaries


def home(request):
    # A role with a home page of its own lands there (the policy table says who).
    if can(request.user, "regional.home"):
        return redirect("regional:home")
    context = {"queue": queue_for(request.user), "plans": plan_summaries()}
    return render(request, "core/home.html", context)


@login_not_required
@never_cache
def healthz(request):
    """200 "ok", or 503 naming each failed check (see core.health). No sign-in needed."""
    failed = health.failures()
    if failed:
        return HttpResponse("\n".join(failed), content_type="text/plain", status=503)
    return HttpResponse("ok", content_type="text/plain")
