import secrets


def generate_password() -> str:
    """A one-time password, shown once; the user must replace it at first sign-in."""
    return secrets.token_urlsafe(12)
