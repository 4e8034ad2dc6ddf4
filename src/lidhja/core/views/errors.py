"""Error pages that say what happened and nothing about the data behind it."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

# An error page does not echo the address asked for (it may carry a case code): switching
# language from it leads home.
CONTEXT = {"language_next": "/"}


def forbidden(request, exception=None):
    return render(request, "errors/403.html", CONTEXT, status=403)


def not_found(request, exception=None):
    return render(request, "errors/404.html", CONTEXT, status=404)


def server_error(request):
    """Rendered without the request: no context processor, session or user is touched, so
    the page still shows, and logs nothing more, when the database is what failed."""
    return HttpResponseServerError(loader.get_template("errors/500.html").render())
