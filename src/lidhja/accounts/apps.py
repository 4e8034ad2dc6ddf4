from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lidhja.accounts"
    verbose_name = _("Users and roles")

    def ready(self) -> None:
        from lidhja.accounts.domain import signals  # noqa: F401  (connects audit of sign-ins)
