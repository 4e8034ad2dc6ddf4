from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "lidhja.evaluation"
    verbose_name = _("Evaluation and review")

    def ready(self) -> None:
        from lidhja.core import sealed
        from lidhja.evaluation.domain.sections import remedial_actions_section
        from lidhja.evaluation.domain.services import sealed_evaluation_files
        from lidhja.monitoring.domain.sections import register_midterm_section

        register_midterm_section(remedial_actions_section)
        sealed.register("evaluation.files", sealed_evaluation_files)
