"""Parts of pages kept until their data change.

A part that many users read alike (a list as ONAC sees it, the options of a long select, the
rows of the plan tree) is made once per language and kept in Django's cache under the
generation of the areas it is made from (`lidhja.audit.domain.generations`), read *before*
the data. The first write to those areas moves the generation, so the next reader makes the
part again: nothing is invalidated by hand, and nothing older than the last write is shown.

The cache is each worker's own memory by default (set `CACHES` for a shared one). The key must
hold everything else the part depends on: who may see it, the filters, the page, the day.
"""

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from lidhja.audit.domain.generations import generation

T = TypeVar("T")
KEPT_SECONDS = 24 * 3600


def kept(key: str, areas: tuple[str, ...], make: Callable[[], T]) -> T:
    """`make()`, kept under `key`, the active language and the generation of `areas`."""
    full = f"{key}:{get_language()}:{generation(*areas)}"  # the generation before the data
    value = cache.get(full)
    if value is None:
        value = make()
        cache.set(full, value, timeout=KEPT_SECONDS)
    return value


def listing(
    request,
    template: str,
    make_context: Callable[[], dict[str, Any]],
    *,
    kept_as: str | None,
    areas: tuple[str, ...] = (),
) -> dict[str, Any]:
    """A page's list (rows, pager and count) rendered from `template` with `make_context()`,
    which holds its `page` and `count_text`: the whole page embeds it, an HTMX request gets it
    alone with the count out of band (`list_response`).

    `kept_as` names a list that is the same for everyone who may call it this way (ONAC's
    view of all organisations, say): it is kept under that name, the filters and page of the
    URL, the day and the generation of `areas`. None makes it for this request only."""

    def make() -> dict[str, Any]:
        context = make_context()
        context["oob"] = bool(request.htmx)
        html = mark_safe(render_to_string(template, context, request=request))  # noqa: S308
        count = context["page"].paginator.count
        return {"html": html, "count_text": context["count_text"], "count": count}

    if kept_as is None:
        return make()
    day = timezone.localdate().isoformat()
    # The URL's filters and page, as a digest: keys stay short whatever was typed.
    query = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:32]
    key = f"list:{kept_as}:{day}:{bool(request.htmx)}:{query}"
    return kept(key, areas, make)


def list_response(request, page: str, made: dict[str, Any], context: dict, *, valid: bool = True):
    """The page `page` with the list in it, or the list alone for HTMX; 400 for bad filters."""
    status = 200 if valid else 400
    if request.htmx:
        return HttpResponse(made["html"], status=status)
    context.update(listing=made["html"], count_text=made["count_text"], list_count=made["count"])
    return render(request, page, context, status=status)
