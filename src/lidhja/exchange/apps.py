from importlib import import_module
from importlib.util import find_spec

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "lidhja.exchange"
    label = "exchange"
    verbose_name = _("Exchange with UNODC and CTDC")

    def ready(self) -> None:
        # The victims provider registers itself; persons prosecuted and convicted come from the
        # justice module's `persons_by_outcome` once that module is installed (until then those
        # figures stay empty).
        from lidhja.exchange.domain import figures

        if find_spec("lidhja.justice") is not None:
            justice = import_module("lidhja.justice.domain.figures")
            figures.register(justice.persons_by_outcome, figures.JUSTICE_INDICATORS)
