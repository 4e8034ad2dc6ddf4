from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "lidhja.evaluation"
    verbose_name = _("Evaluation and review")

    def ready(self) -> None:
        from lidhja.evaluation.domain.sections import remedial_actions_section
        from lidhja.monitoring.domain.sections import register_midterm_section

        register_midterm_section(remedial_actions_section)
