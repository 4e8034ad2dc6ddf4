from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lidhja.accounts.domain import second_factor

# Pages an unverified user may reach: the second-factor steps, signing out, the language.
_SECOND_FACTOR_PATHS = (
    "accounts:otp_verify",
    "accounts:otp_enrol",
    "accounts:logout",
    "set_language",
)


def _open_paths(*names: str) -> set[str]:
    return {reverse(name) for name in names}


class SecondFactorRequiredMiddleware:
    """A signed-in user whom the policy asks for a second factor does nothing else before it:
    pages redirect to the code (or enrolment) step, and the API answers 403 to the session.

    Personal API tokens (knox) authenticate in the API view, not here: they are made only at
    the command line and stay valid."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or not second_factor.required(user)
            or user.is_verified()
            or request.path in _open_paths(*_SECOND_FACTOR_PATHS)
            or request.path.startswith("/static/")
        ):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            message = _("Confirm your sign-in with your second factor first.")
            return JsonResponse({"detail": message}, status=403)
        # The path only: a query string may hold search terms, which stay out of URLs and logs.
        target = reverse("accounts:otp_verify")
        if request.path != "/":
            target += "?" + urlencode({"next": request.path})
        return redirect(target)


class PasswordChangeRequiredMiddleware:
    """A user with a one-time password must choose their own before doing anything else (after
    the second factor, when one is required)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = _open_paths("accounts:password_change", *_SECOND_FACTOR_PATHS)
            if request.path not in allowed and not request.path.startswith("/static/"):
                return redirect("accounts:password_change")
        return self.get_response(request)
