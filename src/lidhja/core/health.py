"""What `/healthz` checks: the database takes a write, the collected static files are there,
and the keyring opens sealed data. Each check is cheap (one rolled-back row, two file look-ups,
one decryption) and says only *what* failed, never any data."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.db import DatabaseError, transaction
from django.utils import timezone

from lidhja.cases.domain import crypto
from lidhja.cases.models import Person
from lidhja.core.models import HealthProbe

# A file every page links to: when it is missing, no page looks right.
KEY_STATIC_FILE = "lidhja/lidhja.css"
PROBE_CONTEXT = "healthz:probe"


def database_writable() -> bool:
    try:
        with transaction.atomic():
            HealthProbe.objects.create(checked_at=timezone.now())
            transaction.set_rollback(True)
    except DatabaseError:
        return False
    return True


def static_files_present() -> bool:
    """The key file resolves through the configured storage and is on disk. With hashed names
    (production) that needs the manifest `collectstatic` writes, and the hashed file."""
    storage = staticfiles_storage
    if not isinstance(storage, ManifestFilesMixin):  # plain: collected, or from the finders
        return storage.exists(KEY_STATIC_FILE) or (
            settings.WHITENOISE_USE_FINDERS and finders.find(KEY_STATIC_FILE) is not None
        )
    if not storage.exists(storage.manifest_name):
        return False
    try:
        hashed = storage.stored_name(KEY_STATIC_FILE)
    except ValueError:  # the manifest does not name the file
        return False
    return storage.exists(hashed)


def keyring_opens() -> bool:
    """The newest sealed person opens; with no person yet, a probe sealed and opened."""
    try:
        ring = crypto.keyring()
        person = _newest_sealed_person()
        if person is None:
            return ring.open(ring.seal(b"probe", PROBE_CONTEXT), PROBE_CONTEXT) == b"probe"
        ring.open(bytes(person.sealed or b""), person.context)
    except (crypto.KeyringError, crypto.Tampered):
        return False
    return True


def _newest_sealed_person() -> Person | None:
    try:
        return Person.objects.exclude(sealed=None).only("uuid", "sealed").order_by("-pk").first()
    except DatabaseError:  # the database check reports that; the key is tested on a probe
        return None


# Check -> what the answer says when it fails (read by monitoring tools: plain, stable words).
CHECKS: list[tuple[Callable[[], bool], str]] = [
    (database_writable, "database: cannot be written"),
    (static_files_present, "static files: missing"),
    (keyring_opens, "keyring: cannot open sealed data"),
]


def failures() -> list[str]:
    return [message for check, message in CHECKS if not check()]
