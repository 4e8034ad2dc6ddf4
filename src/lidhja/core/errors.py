"""Domain errors mapped to HTTP answers, in one place: the same error gives the same status on
every page and endpoint. The API uses `api_exception_handler` (REST_FRAMEWORK settings); the
pages use the `domain_errors` decorator, and case forms show the rest beside their fields."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied as HttpPermissionDenied
from django.core.exceptions import ValidationError
from django.http import Http404
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from lidhja.accounts.domain.errors import DomainError, NotFound, PermissionDenied, StaleObject

# Most specific first.
STATUS: list[tuple[type[Exception], int]] = [
    (ValidationError, status.HTTP_400_BAD_REQUEST),
    (NotFound, status.HTTP_404_NOT_FOUND),
    (PermissionDenied, status.HTTP_403_FORBIDDEN),
    (StaleObject, status.HTTP_409_CONFLICT),
    (DomainError, status.HTTP_409_CONFLICT),
]


def status_for(exc: Exception) -> int | None:
    return next((code for kind, code in STATUS if isinstance(exc, kind)), None)


def validation_errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: list(messages) for field, messages in exc.message_dict.items()}
    return {"non_field_errors": list(exc.messages)}


def error_body(exc: Exception) -> dict[str, Any]:
    if isinstance(exc, ValidationError):
        return validation_errors(exc)
    body: dict[str, Any] = {"detail": str(exc)}
    changes = getattr(exc, "changes", None)
    if callable(changes):
        body["changes"] = changes()
    return body


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    code = status_for(exc)
    if code is not None:
        return Response(error_body(exc), status=code)
    return exception_handler(exc, context)


def domain_errors(view: Callable[..., Any]) -> Callable[..., Any]:
    """For page views: a domain refusal answers like Django's own (404 and 403 pages)."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except NotFound as exc:
            raise Http404 from exc
        except PermissionDenied as exc:
            raise HttpPermissionDenied(str(exc)) from exc

    return wrapped
