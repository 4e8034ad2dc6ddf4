from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, except that a server error's response leaves the session alone. Django saves
    nothing after a 5xx either, but first reads the session again, and when the database is
    what failed, that read fails and logs the same error a second time for every request."""

    def process_response(self, request, response):
        if response.status_code >= 500:
            return response
        return super().process_response(request, response)
