import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware

RENEWED = "_renewed_at"


def _now() -> float:
    return time.time()


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, with two changes.

    - A signed-in session is renewed (saved, so its idle expiry starts again) at most once every
      `LIDHJA_SESSION_RENEW_SECONDS`, not on every request. Saving on every request made each
      page view a database write and a commit: on PostgreSQL a disk flush per page, which made
      reading pages slower there than on SQLite under load. Idle sign-out stays
      `LIDHJA_SESSION_MINUTES`, give or take that interval.
    - A server error's response leaves the session alone. Django saves nothing after a 5xx
      either, but first reads the session again, and when the database is what failed, that
      read fails and logs the same error a second time for every request.
    """

    def process_response(self, request, response):
        if response.status_code >= 500:
            return response
        session = getattr(request, "session", None)
        if session is not None and not session.modified and session.get(SESSION_KEY):
            now = _now()
            if now - session.get(RENEWED, 0) >= settings.LIDHJA_SESSION_RENEW_SECONDS:
                session[RENEWED] = int(now)
        return super().process_response(request, response)
