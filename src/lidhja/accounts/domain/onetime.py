import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from lidhja.accounts.models import User

# A random draw looks like a user's name about once in a few thousand draws (the similarity
# validator compares letters, not order); it is then drawn again.
DRAWS = 50


def generate_password(user: User | None = None, **attributes: str) -> str:
    """A one-time password, shown once; the user must replace it at first sign-in.

    It is one the password validators accept for `user`, or for a user not yet created with
    these `attributes` (username, first_name, last_name, email)."""
    probe = user if user is not None else User(**attributes)
    for _ in range(DRAWS):
        password = secrets.token_urlsafe(16)
        try:
            validate_password(password, probe)
        except ValidationError:
            continue
        return password
    raise RuntimeError("no random password passed the password validators")
