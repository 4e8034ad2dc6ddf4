from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    name = "lidhja.publication"
    label = "publication"
    verbose_name = _("National statistics")

    def ready(self) -> None:
        # The victim-side computed plan indicators join the indicators' registry.
        from lidhja.publication.domain import indicators  # noqa: F401
