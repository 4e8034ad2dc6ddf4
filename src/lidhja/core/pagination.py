"""The one pagination of every API list: `limit` and `offset`, checked strictly. A value the API
does not take answers 400 naming the parameter (never a 500 from a database that cannot hold
the number); an offset past the end is an empty page."""

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

# The largest offset any database here holds as an integer (PostgreSQL's bigint).
MAX_OFFSET = 2**63 - 1


class Pagination(LimitOffsetPagination):
    def __init__(self) -> None:
        self.default_limit: int = settings.API_PAGE_SIZE
        self.max_limit = settings.LIDHJA_API_MAX_LIMIT

    def get_limit(self, request) -> int:
        message = _("Give a whole number from 1 to %(maximum)s.") % {"maximum": self.max_limit}
        return _whole(
            request, self.limit_query_param, self.default_limit, 1, self.max_limit, message
        )

    def get_offset(self, request) -> int:
        message = _("Give a whole number from 0 to %(maximum)s.") % {"maximum": MAX_OFFSET}
        return _whole(request, self.offset_query_param, 0, 0, MAX_OFFSET, message)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.limit_query_param: {"minimum": 1, "maximum": self.max_limit},
            self.offset_query_param: {"minimum": 0, "maximum": MAX_OFFSET},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds[parameter["name"]])
        return parameters


def _whole(request, name: str, default: int, low: int, high: int, message: str) -> int:
    if name not in request.query_params:
        return default
    text = request.query_params[name]
    # Digits only (no sign, space or underscore), and few enough to read: int() refuses more
    # than 4300 digits with an error of its own.
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(high)):
        raise ValidationError({name: [message]})
    value = int(text)
    if not low <= value <= high:
        raise ValidationError({name: [message]})
    return value


# The one paging of every list page: 50 rows a page, the other query parameters (filters) kept
# in the links of the pager (`templates/_pager.html`).
PAGE_SIZE = 50


def page_of(request, rows, size: int = PAGE_SIZE) -> tuple[Page, str]:
    """The page of `rows` that `?page=` asks for (the last one past the end, the first for a
    value that is not a number), and the request's query string without `page`."""
    page = Paginator(rows, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
