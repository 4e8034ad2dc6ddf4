"""The Responsible Authority's review of possible same persons: the proposed links with the
two persons' case codes and which tokens matched (never a name or a date), and a decision on
each. The reviewer opens a case through the normal, audited case page when more is needed."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from lidhja.accounts.domain.errors import StaleObject
from lidhja.accounts.domain.permissions import can
from lidhja.cases.domain import linkage, persons
from lidhja.cases.models import LinkStatus
from lidhja.core.errors import domain_errors

PAGE_SIZE = 50
DECISIONS = {"confirm": persons.confirm_link, "reject": persons.reject_link}


class LinkFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=LinkStatus.choices, required=False
    )


class DecisionForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


def _require_reviewer(user) -> None:
    if not can(user, "person.link_review"):
        raise PermissionDenied


def _page(request, status_code: int = 200):
    form = LinkFilterForm(request.GET or None)
    status = (form.cleaned_data["status"] if form.is_valid() else "") or LinkStatus.PROPOSED
    page = Paginator(linkage.links_for_review(status), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "rows": linkage.review_rows(list(page.object_list)),
        "status": status,
        "capped": linkage.capped_since_batch(),
        "limit": linkage.MAX_CANDIDATES,
    }
    return render(request, "cases/links.html", context, status=status_code)


@require_GET
def link_list(request):
    _require_reviewer(request.user)
    return _page(request)


@require_POST
@domain_errors
def link_decide(request, pk: int, decision: str):
    _require_reviewer(request.user)
    if decision not in DECISIONS:
        raise Http404
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete: reload the page and decide again."))
        return _page(request, 400)
    try:
        DECISIONS[decision](pk, by=request.user, version=form.cleaned_data["version"])
    except (StaleObject, persons.WrongLinkState) as exc:
        messages.error(request, str(exc))
        return _page(request, 409)
    if decision == "confirm":
        messages.success(request, _("Confirmed: the two persons are counted as one."))
    else:
        messages.success(request, _("Rejected: the two persons are counted apart."))
    return redirect("cases:links")
