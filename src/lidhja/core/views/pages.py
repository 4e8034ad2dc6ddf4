from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render

from lidhja.cases.domain.queries import work_summary
from lidhja.plans.domain.queries import plan_summaries


def home(request):
    context = {"plans": plan_summaries(), "work": work_summary(request.user)}
    return render(request, "core/home.html", context)


@login_not_required
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
