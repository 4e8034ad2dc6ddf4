"""The second-factor steps after the password: enrolment at first sign-in, then a code."""

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lidhja.accounts.domain import second_factor
from lidhja.accounts.interfaces.forms import EnrolmentCodeForm, SecondFactorCodeForm
from lidhja.accounts.interfaces.second_factor import qr_code_svg, readable_secret


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe and target.startswith("/") else reverse("core:home")


def _with_next(name: str, request) -> str:
    return reverse(name) + "?" + urlencode({"next": _next(request)})


def _credentials(request) -> dict[str, str]:
    return {"username": request.user.get_username()}


def _wrong_code(request, form):
    """A wrong code counts as a failed sign-in (audited, and toward django-axes' lock-out);
    at the limit the session ends and the lock-out page answers."""
    form.add_error("code", _("This code is not correct. Try the code your app shows now."))
    user_login_failed.send(sender=__name__, credentials=_credentials(request), request=request)
    if getattr(request, "axes_locked_out", False):
        logout(request)  # AxesMiddleware turns the response into the lock-out page


def _verified(request, device):
    django_otp.login(request, device)
    request.session.cycle_key()


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    user = request.user
    if not second_factor.required(user) or user.is_verified():
        return redirect(_next(request))
    if not second_factor.enrolled(user):
        return redirect(_with_next("accounts:otp_enrol", request))
    if AxesProxyHandler.is_locked(request, _credentials(request)):
        credentials = _credentials(request)
        logout(request)
        return get_lockout_response(request, None, credentials)
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = second_factor.verify(user, form.cleaned_data["code"])
        if device is not None:
            _verified(request, device)
            return redirect(_next(request))
        _wrong_code(request, form)
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next(request)})


@never_cache  # the page shows the secret, and then the recovery codes, once
@require_http_methods(["GET", "POST"])
def enrol(request):
    user = request.user
    if not second_factor.required(user):
        return redirect(_next(request))
    if second_factor.enrolled(user):
        return redirect(_with_next("accounts:otp_verify", request))
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = second_factor.confirm_enrolment(user, form.cleaned_data["code"])
        if result is not None:
            device, codes = result
            _verified(request, device)
            shown = {"codes": codes, "next": _next(request)}
            return render(request, "accounts/otp_recovery_codes.html", shown)
        _wrong_code(request, form)
    device = second_factor.enrolment_device(user)
    context = {
        "form": form,
        "next": _next(request),
        "secret": readable_secret(device),
        "qr_code": qr_code_svg(device),
    }
    return render(request, "accounts/otp_enrol.html", context)
