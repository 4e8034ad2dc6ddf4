"""Error pages that say what happened and nothing about the data behind it."""

from django.shortcuts import render

# An error page does not echo the address asked for (it may carry a case code): switching
# language from it leads home.
CONTEXT = {"language_next": "/"}


def forbidden(request, exception=None):
    return render(request, "errors/403.html", CONTEXT, status=403)


def not_found(request, exception=None):
    return render(request, "errors/404.html", CONTEXT, status=404)


def server_error(request):
    return render(request, "errors/500.html", CONTEXT, status=500)
