"""The sandbox runs as a Django project of its own (portal/sandbox/settings.py): its own process,
settings, database and command line (``python -m portal.sandbox``), never the portal's."""

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
from http import HTTPStatus

import pytest
import requests

from tests.support.sandbox import COMMAND, ROOT

# Rows an old var/sandbox.sqlite3 has in django_migrations from the time the sandbox was a second
# database alias of the portal: every app of the portal's was "applied" there, without its tables.
OLD_LAYOUT_ROWS = [("contenttypes", "0001_initial"), ("contenttypes", "0002_remove_content_type_name"),
                   ("auth", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length"),
                   ("sessions", "0001_initial"), ("admin", "0001_initial"), ("account", "0001_initial"),
                   ("mfa", "0001_initial"), ("staff", "0001_initial")]


def sandbox_env(tmp_path, **extra) -> dict:
    # The portal's DJANGO_SETTINGS_MODULE stays in the environment: the sandbox must not use it.
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "VAR_DIR": str(tmp_path),
            "SANDBOX_DATABASE_URL": f"sqlite:///{tmp_path / 'sandbox.sqlite3'}", **extra}


def sandbox_command(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*COMMAND, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_the_sandbox_has_settings_of_its_own(tmp_path):
    env = sandbox_env(tmp_path, SANDBOX_PORT="9911")
    code = ("import json; from django.conf import settings as s; print(json.dumps({'apps': s.INSTALLED_APPS, "
            "'urls': s.ROOT_URLCONF, 'databases': {k: v['NAME'] for k, v in s.DATABASES.items()}, "
            "'routers': s.DATABASE_ROUTERS, 'link': s.SANDBOX_PUBLIC_URL, 'portal': hasattr(s, 'CARECLOUD_API_URL')}))")
    result = sandbox_command(env, "shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "apps": ["portal.sandbox"], "urls": "portal.sandbox.urls",
        "databases": {"default": str(tmp_path / "sandbox.sqlite3")}, "routers": [],
        "link": "http://127.0.0.1:9911", "portal": False}


def test_the_sandbox_models_and_migrations_agree(tmp_path):
    # makemigrations --check exits non-zero when a model change has no migration.
    result = sandbox_command(sandbox_env(tmp_path), "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_a_database_made_when_the_sandbox_was_an_app_of_the_portal_keeps_working(tmp_path):
    """A developer's var/sandbox.sqlite3 keeps what they registered: its migrations are recorded,
    and no app the sandbox installs now would find its own "applied" but missing tables."""
    env = sandbox_env(tmp_path)
    # What the old layout made: the sandbox's tables, and rows of apps whose tables it never made.
    made = sandbox_command(env, "migrate", "sandbox", "-v0")
    assert made.returncode == 0, made.stdout + made.stderr
    with sqlite3.connect(tmp_path / "sandbox.sqlite3") as connection:
        connection.executemany("INSERT INTO django_migrations (app, name, applied) VALUES (?, ?, '2026-01-01')",
                               OLD_LAYOUT_ROWS)
        connection.execute("INSERT INTO sandbox_externalapplication (id, last_change, name) "
                           "VALUES ('made-before-the-move', '2026-01-01', 'a developer''s app')")
    for command in (["migrate", "-v0"], ["seedsandbox"]):
        result = sandbox_command(env, *command)
        assert result.returncode == 0, result.stdout + result.stderr
    with sqlite3.connect(tmp_path / "sandbox.sqlite3") as connection:
        names = [row[0] for row in connection.execute("SELECT name FROM sandbox_externalapplication ORDER BY id")]
    assert "a developer's app" in names and "Customer portal" in names


def test_the_running_sandbox_serves_its_own_urls_and_middleware(sandbox):
    # The portal's pages and middleware (its request id header) are not there.
    response = requests.get(f"{sandbox.url}/en/account/login/", timeout=10)
    assert response.status_code == HTTPStatus.NOT_FOUND and response.json() == {"error": "not found"}
    assert "X-Request-ID" not in response.headers
    assert requests.get(f"{sandbox.url}/_sandbox/operations", timeout=10).json()["operations"]


@pytest.mark.slow
def test_gunicorn_serves_the_sandbox_with_its_own_settings(tmp_path):
    """``gunicorn portal.sandbox.wsgi`` from the repository, which has the portal's gunicorn.conf.py:
    with DEBUG on (as `make run` has it), which the portal's start-up refuses and the sandbox's not."""
    env = sandbox_env(tmp_path, DEBUG="True", WEB_CONCURRENCY="1", GUNICORN_ACCESSLOG="/dev/null")
    assert sandbox_command(env, "migrate", "-v0").returncode == 0
    assert sandbox_command(env, "seedsandbox").returncode == 0
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "portal.sandbox.wsgi", "--bind", f"127.0.0.1:{port}"],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/webservice/rest-api/customer-interface/v1.0/languages"
    response, deadline = None, time.monotonic() + 60
    try:
        while response is None and process.poll() is None and time.monotonic() < deadline:
            try:
                response = requests.get(url, timeout=5)
            except requests.ConnectionError:
                time.sleep(0.2)
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    assert response is not None, output
    assert response.status_code == HTTPStatus.OK, output
    assert {language["language_id"] for language in response.json()["data"]["languages"]} >= {"cs", "en"}
