"""The client's address as django-axes should count it."""


def client_address(request) -> str | None:
    """Behind the one TLS proxy Lidhja trusts (LIDHJA_HTTPS=true), the client's address is the
    last one that proxy appended to X-Forwarded-For; anything before it the client could write.
    Without the header (a request from the proxy host itself), the peer address."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    last = forwarded.rsplit(",", 1)[-1].strip()
    return last or request.META.get("REMOTE_ADDR")
