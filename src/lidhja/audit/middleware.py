from lidhja.audit.domain.context import current_ip


class RequestContextMiddleware:
    """Makes the client address available to audit entries for the length of a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(request.META.get("REMOTE_ADDR") or None)
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)
