"""Bench only: the served application (bench/served.py) with audit appends stubbed out, for
bench/load.py to compare an audited page with. Never used by the application itself."""

from served import application


def _stub_audit_appends() -> None:
    from lidhja.audit.domain import services  # once Django is set up (by `served`)

    services._append = lambda entry: entry  # the entry is built and checked, never chained


_stub_audit_appends()

__all__ = ["application"]
