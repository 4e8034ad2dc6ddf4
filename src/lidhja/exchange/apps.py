from importlib import import_module
from importlib.util import find_spec

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "lidhja.exchange"
    label = "exchange"
    verbose_name = _("Exchange with UNODC and CTDC")

    def ready(self) -> None:
        # The detected victims are a table of the national statistics (domain/tables.py);
        # persons prosecuted and convicted are the justice module's tables by sex and age, once
        # that module is installed (until then those figures stay empty).
        from lidhja.exchange.domain import figures, tables  # noqa: F401

        if find_spec("lidhja.justice") is not None:
            import_module("lidhja.justice.domain.tables")  # registers its tables
            for indicator in figures.JUSTICE_INDICATORS:
                total = (f"justice.{indicator}", "all")
                figures.register(figures.Source(f"justice.{indicator}_sex_age", total), [indicator])
