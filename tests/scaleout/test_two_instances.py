"""Two portal instances (gunicorn, two ports) on one PostgreSQL and one Redis, as behind a load
balancer: a session started on one continues on the other, a logout on one ends it on both, and
the login rate limit and the circuit breaker are shared."""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
from http import HTTPStatus
from pathlib import Path

import pytest
import requests

from portal.sandbox.seed import ids
from tests.support import services

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Instance:
    def __init__(self, env: dict, log: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "portal.wsgi", "-c", "gunicorn.conf.py",
             "--bind", f"127.0.0.1:{self.port}"],
            cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)

    def wait(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).status_code == HTTPStatus.OK:
                    return
            except (requests.ConnectionError, requests.Timeout):
                # Not listening yet, or listening while its worker still boots (a loaded machine, other
                # test workers): a first answer slower than the poll's timeout is not a failed start.
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="module")
def instances(sandbox, tmp_path_factory):
    database = services.postgres_database()
    database_url = next(database)
    redis_url, prefix = services.redis_cache()
    workdir = tmp_path_factory.mktemp("scaleout")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "False",  # plain HTTP on loopback
        "DATABASE_URL": database_url,
        "CACHE_URL": redis_url,
        "CACHE_KEY_PREFIX": prefix,
        "STATIC_ROOT": str(workdir / "static"),
        "VAR_DIR": str(workdir),
        "CARECLOUD_API_URL": sandbox.customer_url,
        "CARECLOUD_EXTERNAL_APP_ID": ids.PORTAL_APPLICATION,
        # four failures per account and address, counted in Redis by both instances
        "PORTAL_RATE_LIMITS": "login=20/5m/ip,4/5m/account-ip,20/5m/account",
        "CARECLOUD_BREAKER_MIN_CALLS": "6",
        "CARECLOUD_BREAKER_WINDOW": "2",  # the successes of earlier tests age out quickly
        "CARECLOUD_BREAKER_OPEN_SECONDS": "30",
        "CARECLOUD_MAX_RETRIES": "0",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "4",
        "GUNICORN_ACCESSLOG": "-",
    }
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    started = [Instance(env, workdir / f"gunicorn-{n}.log") for n in (1, 2)]
    try:
        for instance in started:
            instance.wait()
        yield started
    finally:
        for instance in started:
            instance.stop()
        database.close()


def _csrf(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=10)
    assert page.status_code == HTTPStatus.OK, page.text[:300]
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def _login(session: requests.Session, base: str, password: str = ids.DEMO_PASSWORD, login=ids.DEMO_EMAIL):
    token = _csrf(session, f"{base}/en/account/login/")
    return session.post(f"{base}/en/account/login/", data={
        "csrfmiddlewaretoken": token, "login_type": "email", "login_value": login, "password": password,
    }, allow_redirects=False, timeout=15)


def test_both_instances_are_ready_on_postgres_and_redis(instances):
    for instance in instances:
        ready = requests.get(f"{instance.url}/readyz", timeout=10).json()
        assert ready["checks"]["database"]["ok"] and ready["checks"]["cache"]["ok"], ready


def test_a_session_continues_on_the_other_instance_and_a_logout_there_ends_it(instances):
    first, second = instances
    browser = requests.Session()
    assert _login(browser, first.url).status_code == HTTPStatus.FOUND
    on_second = browser.get(f"{second.url}/en/overview/", allow_redirects=False, timeout=15)
    assert on_second.status_code == HTTPStatus.OK and "Tereza" in on_second.text

    token = _csrf(browser, f"{second.url}/en/overview/")
    logout = browser.post(f"{second.url}/en/account/logout/", data={"csrfmiddlewaretoken": token},
                          allow_redirects=False, timeout=15)
    assert logout.status_code == HTTPStatus.FOUND
    back_on_first = browser.get(f"{first.url}/en/overview/", allow_redirects=False, timeout=15)
    assert back_on_first.status_code == HTTPStatus.FOUND
    assert "/account/login/" in back_on_first.headers["Location"]


def test_the_login_rate_limit_is_counted_across_instances(instances):
    first, second = instances
    login = f"scaleout-{secrets.token_hex(4)}@example.com"
    for instance in (first, second, first, second):  # 4 failures, alternating: the limit is 4
        response = _login(requests.Session(), instance.url, password="Wrong-1", login=login)
        assert response.status_code == HTTPStatus.OK
    blocked = _login(requests.Session(), first.url, password="Wrong-1", login=login)
    assert blocked.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_the_circuit_breaker_opened_by_one_instance_stops_the_other(instances, fresh_sandbox):
    first, second = instances
    browser = requests.Session()
    assert _login(browser, first.url).status_code == HTTPStatus.FOUND
    time.sleep(4.2)  # two windows: the rate is computed over failures only from here
    fresh_sandbox.set_faults(force_status=503)
    try:
        for _ in range(3):  # the overview makes several calls: enough failures to open the breaker
            assert browser.get(f"{first.url}/en/overview/", timeout=15).status_code == HTTPStatus.SERVICE_UNAVAILABLE
        since = fresh_sandbox.last_seq()
        started = time.monotonic()
        response = browser.get(f"{second.url}/en/points/", allow_redirects=False, timeout=15)
        assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
        assert time.monotonic() - started < 1.0
        assert fresh_sandbox.requests_log(since) == []  # the second instance did not call CareCloud
    finally:
        fresh_sandbox.clear_faults()
