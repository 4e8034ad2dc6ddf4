from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "lidhja.indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        from lidhja.indicators.domain.sections import computed_section, indicators_section
        from lidhja.monitoring.domain.sections import (
            register_midterm_section,
            register_quarterly_section,
        )

        register_midterm_section(indicators_section)
        register_midterm_section(computed_section)
        register_quarterly_section(computed_section)
