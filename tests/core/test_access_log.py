"""The server's access log never carries a search term: gunicorn, as `make run` starts it,
logs the path without its query string and without the referring page."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

TERM = "Zamiraxyzsearch"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, referer: str) -> None:
    request = urllib.request.Request(url, headers={"Referer": referer})  # noqa: S310 - loopback
    # A redirect to sign in, a 403: the request is logged either way.
    with contextlib.suppress(urllib.error.HTTPError):
        urllib.request.urlopen(request, timeout=120).read()  # noqa: S310 - loopback only


def test_the_access_log_drops_query_strings_and_referers(tmp_path):
    port = _free_port()
    log = tmp_path / "access.log"
    env = {**os.environ, "LIDHJA_DATA_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": ""}
    env.pop("DJANGO_SETTINGS_MODULE")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(  # noqa: S603 - our own server on loopback
        [
            str(gunicorn),
            "lidhja.wsgi:application",
            "-c",
            "python:lidhja.gunicorn_conf",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--access-logfile",
            str(log),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        _get(f"{base}/cases/?q={TERM}", referer=f"{base}/cases/?q={TERM}")
        _get(f"{base}/api/cases/?q={TERM}", referer=f"{base}/cases/?q={TERM}")
        for _ in range(300):
            if log.exists() and log.read_text().count("\n") >= 2:
                break
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=10)
    text = log.read_text()
    assert '"GET /cases/ HTTP/1.1"' in text and '"GET /api/cases/ HTTP/1.1"' in text
    assert TERM not in text
