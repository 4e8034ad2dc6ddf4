"""The language a user reads, remembered on the account so that what Lidhja sends the user
(reminders) is written in it, whoever or whatever sends it."""

from django.conf import settings
from django.db import transaction

from lidhja.accounts.models import User
from lidhja.audit.domain import services as audit


def known(language: str | None) -> bool:
    return language in {code for code, _name in settings.LANGUAGES}


@transaction.atomic
def remember_language(user: User, language: str) -> bool:
    """Store `language` as the user's preferred language; True if it changed."""
    if not known(language):
        return False
    locked = User.objects.select_for_update(of=("self",)).get(pk=user.pk)
    if locked.language == language:
        return False
    before, locked.language = locked.language, language
    locked.save(update_fields=["language"])
    user.language = language
    audit.record(
        "user.language_chosen", actor=user, obj=locked, changes={"language": [before, language]}
    )
    return True
