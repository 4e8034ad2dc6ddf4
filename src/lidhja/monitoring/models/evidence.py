from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _


class PrivateStorage(FileSystemStorage):
    """Files kept in the data folder, outside anything the web server serves: they are only
    ever sent by a view that checks the user's right first. The folder is read from the
    settings on each use, not fixed when the model is loaded."""

    @property
    def base_location(self):
        return str(settings.LIDHJA_PRIVATE_FILES)

    @property
    def location(self):
        return str(settings.LIDHJA_PRIVATE_FILES.resolve())

    @property
    def base_url(self):
        return None


def private_storage() -> FileSystemStorage:
    return PrivateStorage()


class Evidence(models.Model):
    report = models.ForeignKey(
        "monitoring.ProgressReport", on_delete=models.PROTECT, related_name="evidence"
    )
    file = models.FileField(storage=private_storage, upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name
