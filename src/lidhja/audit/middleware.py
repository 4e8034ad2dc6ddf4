from lidhja.audit.domain.context import current_ip
from lidhja.audit.domain.generations import one_reading


class RequestContextMiddleware:
    """Makes the client address available to audit entries for the length of a request, and
    reads the generations of cached parts once per request (`generations.one_reading`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(request.META.get("REMOTE_ADDR") or None)
        try:
            with one_reading():
                return self.get_response(request)
        finally:
            current_ip.reset(token)
