"""The walk over every page of every role (tests/web/walk.py), made once per test session and
read by test_reflow, test_axe, test_formats and test_albanian. Those tests carry
`xdist_group("walk")`, and `make test` runs pytest with `--dist loadgroup`, so one worker
builds the data, serves it and walks it once."""

import os

import pytest

from tests.e2e import CHROMIUM


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    """The demonstration data served by gunicorn, with a signed-in session per demo user."""
    if not os.path.exists(CHROMIUM) and not os.environ.get("CI"):
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from tests.web.walk import serve

    server = serve(tmp_path_factory.mktemp("walk"))
    yield next(server)
    server.close()


@pytest.fixture(scope="session")
def site_walk(demo_site):
    """Every page of every role, loaded once and measured (see tests/web/walk.py)."""
    from tests.web.walk import walk

    record = walk(demo_site)
    if report := os.environ.get("LIDHJA_WALK_REPORT"):  # for a developer: what was found where
        record.save(report)
    return record
