from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lidhja.core"
    verbose_name = _("Lidhja")

    def ready(self) -> None:
        from django.conf import settings
        from django.db.backends.signals import connection_created

        from lidhja.core import private

        private.restrict_umask()
        private.narrow_folders(settings.DATA_DIR, settings.LIDHJA_PRIVATE_FILES)
        key_folder = settings.LIDHJA_CASE_KEYRING_FILE.parent
        if key_folder.is_relative_to(settings.DATA_DIR):  # never narrow a folder chosen elsewhere
            private.narrow_folders(key_folder)
        connection_created.connect(private.on_connection_created, dispatch_uid="lidhja-sqlite-mode")
