from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from lidhja.accounts.models import Role, User
from lidhja.core.choices import ModelChoiceField
from lidhja.organisations.models import Organisation


class OwnPasswordForm(SetPasswordForm):
    """Choose a new password (also after signing in with a one-time password)."""

    old_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["old_password", "new_password1", "new_password2"]

    def clean_old_password(self):
        value = self.cleaned_data["old_password"]
        if not self.user.check_password(value):
            raise forms.ValidationError(_("Your current password was entered incorrectly."))
        return value


class UserForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    organisation = ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(is_active=True, collective=False),
    )
    # No role chosen in advance: a new user must not get a role by default.
    role = forms.ChoiceField(label=_("Role"), choices=[("", "–"), *Role.choices])

    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "organisation",
            "role",
            "is_active",
        ]


class NewUserForm(UserForm):
    class Meta(UserForm.Meta):
        fields = ["username", "first_name", "last_name", "email", "organisation", "role"]


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    organisation = ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(collective=False),
        required=False,
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("All roles")), *Role.choices], required=False
    )


class SecondFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("Six digits from your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class EnrolmentCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=16,
        help_text=_("The six digits your authenticator app shows now."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
