"""User management pages, for system administrators only."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lidhja.accounts.domain import approval, second_factor, services
from lidhja.accounts.domain.errors import DomainError, StaleObject
from lidhja.accounts.domain.permissions import can
from lidhja.accounts.interfaces.forms import NewUserForm, UserFilterForm, UserForm
from lidhja.accounts.models import User


def _require_manager(request) -> None:
    if not can(request.user, "user.manage"):
        raise HttpForbidden


def _attach(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_http_methods(["GET"])
def user_list(request):
    _require_manager(request)
    filters = UserFilterForm(request.GET or None)
    users = User.objects.select_related("organisation").order_by("username")
    if filters.is_valid():
        data = filters.cleaned_data
        if data["q"]:
            users = users.filter(
                Q(username__icontains=data["q"]) | Q(last_name__icontains=data["q"])
            )
        if data["organisation"]:
            users = users.filter(organisation=data["organisation"])
        if data["role"]:
            users = users.filter(role=data["role"])
    if request.htmx:
        return render(request, "accounts/_user_rows.html", {"users": users[:500]})
    pending = [
        (user, approval.may_approve(user, by=request.user)) for user in approval.pending_approvals()
    ]
    context = {"users": users[:500], "filters": filters, "pending": pending}
    return render(request, "accounts/user_list.html", context)


@never_cache  # the page shows a one-time password
@require_http_methods(["GET", "POST"])
def user_create(request):
    _require_manager(request)
    form = NewUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        # An account waiting for approval gets its password from the approver, never here.
        pending = approval.needs_approval(data["role"])
        names = {k: data[k] for k in ("username", "first_name", "last_name", "email")}
        password = None if pending else services.generate_password(**names)
        try:
            user = services.create_user(
                data.pop("username"), password=password, by=request.user, one_time=True, **data
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            if pending:
                messages.success(
                    request,
                    _("User %(name)s created. Another administrator must approve it.")
                    % {"name": user.username},
                )
                return redirect("users:list")
            return render(
                request, "accounts/user_created.html", {"new_user": user, "password": password}
            )
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "creating": True},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def user_edit(request, pk: int):
    _require_manager(request)
    user = get_object_or_404(User, pk=pk)
    form = UserForm(request.POST or None, instance=user, initial={"version": user.version})
    form.fields["username"].disabled = True
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in services.EDITABLE}
        try:
            services.update_user(
                user, version=form.cleaned_data["version"] or 0, by=request.user, **changes
            )
        except StaleObject as exc:
            form.add_error(None, str(exc))
            return render(
                request,
                "accounts/user_form.html",
                {"form": form, "subject": User.objects.get(pk=pk)},
                status=409,
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("User %(name)s saved.") % {"name": user.username})
            return redirect("users:list")
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "subject": user},
        status=400 if form.errors else 200,
    )


@never_cache
@require_POST
def user_reset_password(request, pk: int):
    _require_manager(request)
    user = get_object_or_404(User, pk=pk)
    password = services.generate_password(user)
    try:
        services.set_password(user, password, by=request.user, one_time=True)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("users:edit", pk=user.pk)
    return render(
        request,
        "accounts/user_created.html",
        {"new_user": user, "password": password, "reset": True},
    )


@never_cache  # the page shows the approved user's one-time password
@require_POST
def user_approve(request, pk: int):
    _require_manager(request)
    user = get_object_or_404(User, pk=pk)
    try:
        password = approval.approve_user(user, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("users:list")
    return render(
        request,
        "accounts/user_created.html",
        {"new_user": user, "password": password, "approved": True},
    )


@require_POST
def user_reset_second_factor(request, pk: int):
    _require_manager(request)
    user = get_object_or_404(User, pk=pk)
    try:
        second_factor.reset(user, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("The second factor of %(name)s was reset: they set it up again at next sign-in.")
            % {"name": user.username},
        )
    return redirect("users:edit", pk=user.pk)
