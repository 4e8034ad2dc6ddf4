"""Bench only: the WSGI application as bench/load.py serves it, with the URL configuration and
every view imported before gunicorn (--preload) forks its workers, so no measured request pays
for the imports."""

from django.urls import get_resolver

from lidhja.wsgi import application

get_resolver().url_patterns  # noqa: B018 - importing the views is the point

__all__ = ["application"]
