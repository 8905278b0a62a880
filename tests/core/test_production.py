"""Production plumbing: request ids, health endpoints, the start-up refusal, the 400 page, logs."""

import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from http import HTTPStatus
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.db import connections

from portal.core import requestid

ROOT = Path(__file__).resolve().parents[2]


# --- request id ------------------------------------------------------------------------------------


def test_every_response_carries_a_request_id_and_a_sane_one_from_the_proxy_is_kept(client, db):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert len(first["X-Request-ID"]) == 32 and first["X-Request-ID"] != second["X-Request-ID"]
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a.9")["X-Request-ID"] == "lb-7f3a.9"
    for hostile in ("a b", "x" * 65, "<script>", "id\r\nSet-Cookie: x=1"):
        kept = client.get("/healthz", HTTP_X_REQUEST_ID=hostile)["X-Request-ID"]
        assert kept != hostile and len(kept) == 32


def test_the_request_id_is_on_every_log_line_of_a_page_even_from_its_concurrent_reads(customer_client, caplog):
    caplog.set_level(logging.INFO)
    caplog.handler.addFilter(requestid.RequestIdFilter())
    response = customer_client.get("/en/overview/", HTTP_X_REQUEST_ID="trace-42")
    assert response.status_code == HTTPStatus.OK
    client_lines = [r for r in caplog.records if r.name == "portal.carecloud"]
    assert len(client_lines) >= 5  # the dashboard's reads, most of them in the read pool's threads
    assert {r.request_id for r in client_lines} == {"trace-42"}
    assert {r.threadName for r in client_lines} - {"MainThread"}, "the reads ran in other threads"


def test_the_json_log_format_is_one_object_per_line_with_the_request_id():
    from pythonjsonlogger.json import JsonFormatter

    config = dict(settings.LOGGING["formatters"]["json"])
    config.pop("()")
    formatter = JsonFormatter(**config)
    record = logging.LogRecord("portal.x", logging.WARNING, __file__, 1, "carecloud GET %s -> %s", ("/x", 503), None)
    token = requestid._current.set("rid-1")
    try:
        requestid.RequestIdFilter().filter(record)
    finally:
        requestid._current.reset(token)
    line = json.loads(formatter.format(record))
    assert line["request_id"] == "rid-1" and line["level"] == "WARNING" and line["logger"] == "portal.x"
    assert line["message"] == "carecloud GET /x -> 503"


# --- health -----------------------------------------------------------------------------------------


def test_liveness_touches_nothing(client):
    with mock.patch("portal.core.health.database", side_effect=AssertionError("touched")):
        response = client.get("/healthz")
    assert response.status_code == HTTPStatus.OK and response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


def test_readiness_reports_the_database_the_cache_and_carecloud(client, carecloud, db):
    response = client.get("/readyz")
    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True, "cache": True, "carecloud": True}
    log = carecloud.requests_log(carecloud.last_seq() - 1)
    assert log[-1]["operation_id"] == "getLanguages" and log[-1]["auth"] in ("none", None, "")


def test_readiness_with_carecloud_down_is_degraded_but_still_serving(client, carecloud, db, settings):
    settings.CARECLOUD_API_URL = "http://127.0.0.1:9/webservice/rest-api/customer-interface/v1.0"
    response = client.get("/readyz")
    assert response.status_code == HTTPStatus.OK
    assert response.json()["status"] == "degraded" and response.json()["checks"]["carecloud"]["ok"] is False


def test_readiness_without_a_database_is_not_ready(client, carecloud, db):
    with mock.patch.object(connections["default"], "cursor", side_effect=RuntimeError("db down")):
        response = client.get("/readyz")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["status"] == "fail" and response.json()["checks"]["database"]["ok"] is False
    assert "db down" not in response.content.decode()  # no error text leaks


def test_readiness_without_a_working_cache_is_not_ready(client, carecloud, db):
    with mock.patch("portal.core.health.cache.get", return_value=None):
        response = client.get("/readyz")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["checks"]["cache"]["ok"] is False


# --- start-up -----------------------------------------------------------------------------------------


def _start_gunicorn(**env) -> subprocess.CompletedProcess:
    """gunicorn with the production config on a free port, stopped as soon as it answers."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "DEBUG": "False",
                   "GUNICORN_PRELOAD": "false", "WEB_CONCURRENCY": "1", **env}
    if "SECRET_KEY" not in env:
        environment.pop("SECRET_KEY", None)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "portal.wsgi", "-c", "gunicorn.conf.py",
                                "--bind", f"127.0.0.1:{port}"], cwd=ROOT, env=environment,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    if process.poll() is None:
        process.terminate()
    output, _ = process.communicate(timeout=30)
    return subprocess.CompletedProcess(process.args, process.returncode, output, "")


@pytest.mark.slow
def test_gunicorn_refuses_to_start_without_a_production_secret():
    missing = _start_gunicorn()
    assert missing.returncode != 0 and "SECRET_KEY is missing or the development default" in missing.stdout
    short = _start_gunicorn(SECRET_KEY="short-but-set")
    assert short.returncode != 0 and "SECRET_KEY is too short" in short.stdout
    debug = _start_gunicorn(SECRET_KEY="k" * 20 + "q9Xz-" * 8, DEBUG="True")
    assert debug.returncode != 0 and "DEBUG is on" in debug.stdout


@pytest.mark.slow
def test_gunicorn_starts_with_production_settings_and_the_development_server_without_them():
    started = _start_gunicorn(SECRET_KEY="prod-" + "a1B2c3D4e5" * 6, ALLOWED_HOSTS="127.0.0.1")
    assert "refuses to start" not in started.stdout and "Booting worker" in started.stdout, started.stdout
    # `make run` serves the same WSGI application with Django's development server and its defaults.
    development = subprocess.run([sys.executable, "-c", "import portal.wsgi"], cwd=ROOT, timeout=60,
                                 env={**os.environ, "DEBUG": "True", "DJANGO_SETTINGS_MODULE": "portal.settings"},
                                 capture_output=True, text=True)
    assert development.returncode == 0, development.stderr


def test_gunicorn_keeps_idle_connections_open_longer_than_the_proxy_in_front():
    """The proxy (60 s for AWS's load balancers and nginx) must be the one to close an idle
    connection: closed by gunicorn first, a request sent on it at that moment is reset, not
    answered (benchmarks/load.py lost a view so with gunicorn's 5 s)."""
    import runpy

    with mock.patch.dict(os.environ):
        os.environ.pop("GUNICORN_KEEPALIVE", None)
        config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["keepalive"] > 60
    assert config["worker_class"] == "gthread"  # the sync worker keeps no connection alive at all


# --- error pages -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language,text", [("en", "Something is wrong with this request"),
                                           ("cs", "S tímto požadavkem je něco v nepořádku")])
def test_a_bad_request_gets_the_portals_own_400_page(client, language, text):
    response = client.get(f"/{language}/account/login/", HTTP_HOST="evil.example")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    html = response.content.decode()
    assert text in html and "portal.css" in html and "evil.example" not in html
