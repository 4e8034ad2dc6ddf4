"""Bench only: the served application (bench/served.py) with audit appends stubbed out, for
bench/load.py to compare an audited page with. Never used by the application itself."""

from lidhja.audit.domain import services
from served import application

services._append = lambda entry: entry  # the entry is built and checked, never chained

__all__ = ["application"]
