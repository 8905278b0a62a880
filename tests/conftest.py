"""Shared fixtures: a live sandbox process for the whole run, and clients for it; what the member
features' tests share (the demo customer's data through the sandbox's API and its session for the
selectors, a customer registered just now, one CareCloud path stood in for, the sandbox's log of
calls and a write failed on purpose for the forms)."""

import os
import uuid
from http import HTTPStatus

import pytest

from portal.sandbox.seed import ids as seed_ids
from tests.support import mutation, openapi
from tests.support.mutation import (  # noqa: F401  (make mutation's plugin: slow tests, times)
    pytest_runtest_logreport,
    pytest_sessionfinish,
)
from tests.support.sandbox import Sandbox, SandboxPool, SandboxProcess
from tests.support.views import request_for  # noqa: F401  (a fixture: a member view's request, no sandbox)

# `make test` runs the suite in pytest-xdist workers (Makefile: -n, --dist loadgroup). These modules'
# tests share a costly module-scoped fixture, so each runs whole on one worker: the scale-out
# tests' two gunicorns, PostgreSQL database, migrations and collectstatic.
ONE_WORKER_MODULES = {"tests/scaleout/test_two_instances.py"}


# The longest tests, sent to the workers first (``longest_first``): the browser sweeps and crawls,
# the fault scenarios, then the rest of the browser tests and the tests marked slow.
LONGEST_FIRST = ("tests/e2e/test_layout.py", "tests/e2e/test_csp.py", "tests/faults/")
LONG = ("tests/e2e/", "tests/scaleout/", "tests/test_screenshots.py")


def longest_first(items: list) -> list:
    """``items`` with the long ones first (otherwise in their order): with each test going to the
    first free worker, a long test sent last would end the run alone while the others wait; sent
    first, the short ones fill in around it."""
    def rank(item) -> int:
        path = item.nodeid.split("::", 1)[0]
        if path.startswith(LONGEST_FIRST):
            return 0
        return 1 if path.startswith(LONG) or item.get_closest_marker("slow") else 2
    return sorted(items, key=rank)


def pytest_collection_modifyitems(config, items):
    mutation.pytest_collection_modifyitems(config, items)  # make mutation: the budget per mutant
    if os.environ.get("PYTEST_XDIST_WORKER"):  # make test's parallel run (every worker sorts alike)
        items[:] = longest_first(items)


@pytest.hookimpl(optionalhook=True)  # make mutation's sessions run without pytest-xdist
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadgroup`` as make test uses it: every test on its own, on the first free worker
    (the suite mostly waits: many small units keep the workers evenly busy to the end), except the
    modules of ONE_WORKER_MODULES, whose tests go to one worker together, first.

    Not pytest-xdist's own loadgroup: it reads ``xdist_group`` marks through a test id it rewrites,
    which pytest 9.2 no longer reads (pytest-xdist issue 1386), so every test ran apart."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class Scheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if module in ONE_WORKER_MODULES else nodeid

    return Scheduling(config, log)


def pytest_report_header(config):
    reason = openapi.missing_reason()
    if reason and openapi.in_ci() and not openapi.switched_off():
        return f"CareCloud spec: MISSING in CI, {reason}: every test that needs it fails"
    if reason:
        return f"CareCloud spec: NOT validating exchanges, {reason}; the conformance checks skip"
    return f"CareCloud spec: every exchange validated against {openapi.SPEC_PATH}"


@pytest.fixture(scope="session")
def sandbox_process(tmp_path_factory):
    pool = os.environ.get(SandboxPool.ENV)
    if pool:  # make mutation: a sandbox started once for the whole run
        with SandboxPool(pool).borrow() as borrowed:
            yield borrowed
        return
    process = SandboxProcess(tmp_path_factory.mktemp("sandbox"))
    process.start()
    yield process
    process.stop()


@pytest.fixture(scope="session")
def sandbox(sandbox_process) -> Sandbox:
    """The live sandbox (shared; tests that change data use ``fresh_sandbox``)."""
    return Sandbox(sandbox_process.url)


@pytest.fixture
def fresh_sandbox(sandbox) -> Sandbox:
    """The live sandbox re-seeded before the test, and again after it, so that what a test
    changes never leaks into the tests after it (which may read the seed data)."""
    sandbox.reset()
    yield sandbox
    sandbox.reset()


@pytest.fixture
def ids():
    """The fixed ids and demo logins of the seed data."""
    return seed_ids


@pytest.fixture
def customer_api(sandbox):
    return sandbox.api("customer")


@pytest.fixture
def enterprise_api(sandbox):
    return sandbox.api("enterprise")


@pytest.fixture
def demo_token(sandbox) -> str:
    """A token logged in as the demo customer."""
    return sandbox.customer_token()


@pytest.fixture
def second_token(sandbox) -> str:
    """A token logged in as the second customer (for isolation tests)."""
    return sandbox.customer_token(seed_ids.SECOND_EMAIL, seed_ids.SECOND_PASSWORD)


@pytest.fixture
def staff_token(sandbox) -> str:
    """An enterprise bearer token of the seeded staff user."""
    return sandbox.enterprise_token()


# --- the portal against the live sandbox ----------------------------------------------------------


@pytest.fixture
def carecloud(sandbox, settings):
    """Point the portal's CareCloud client at the live sandbox (bearer scheme, the seeded app)."""
    settings.CARECLOUD_API_URL = sandbox.customer_url
    settings.CARECLOUD_AUTH_SCHEME = "bearer"
    settings.CARECLOUD_EXTERNAL_APP_ID = seed_ids.PORTAL_APPLICATION
    settings.CARECLOUD_MAX_RETRIES = 2
    return sandbox


def portal_login(client, login_value=seed_ids.DEMO_EMAIL, password=seed_ids.DEMO_PASSWORD,
                 login_type="email", language="en"):
    """Log a Django test client in through the real login form; returns the response."""
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language):
        url = reverse("accounts:login")
    return client.post(url, {"login_type": login_type, "login_value": login_value, "password": password})


@pytest.fixture
def enterprise(carecloud, settings):
    """The portal's enterprise client (staff search and preview) pointed at the live sandbox, with
    its seeded service user."""
    settings.CARECLOUD_ENTERPRISE_API_URL = carecloud.enterprise_url
    settings.CARECLOUD_ENTERPRISE_LOGIN = seed_ids.STAFF_LOGIN
    settings.CARECLOUD_ENTERPRISE_PASSWORD = seed_ids.STAFF_PASSWORD
    return carecloud


@pytest.fixture
def customer_client(carecloud, client, db):
    """A Django test client logged in as the demo customer through the login form."""
    response = portal_login(client)
    assert response.status_code == 302, response.content[:500]
    return client


@pytest.fixture
def second_customer_client(carecloud, db):
    from django.test import Client

    client = Client()
    response = portal_login(client, seed_ids.SECOND_EMAIL, seed_ids.SECOND_PASSWORD)
    assert response.status_code == 302
    return client


NEW_CUSTOMER_PASSWORD = "New-Customer-3"


@pytest.fixture
def new_customer_client(carecloud, sandbox, ids, db):
    """A Django test client logged in as a customer registered just now, with next to nothing (no
    address, gender, birthday, cards, vouchers, history)."""
    from django.test import Client

    email = f"new-{uuid.uuid4().hex[:12]}@example.com"
    token = sandbox.new_token("en")
    response = sandbox.api().post("/customers", token=token, json={
        "customer": {"personal_information": {"first_name": "Nova", "email": email, "language_id": "en"}},
        "customer_source": {"customer_source_id": ids.SOURCE_PORTAL},
        "password": NEW_CUSTOMER_PASSWORD,
        "autologin": False,
    })
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.CREATED), response.text
    client = Client()
    assert portal_login(client, email, NEW_CUSTOMER_PASSWORD).status_code == HTTPStatus.FOUND
    return client


@pytest.fixture
def demo(sandbox, demo_token, ids):
    """The demo customer's data as the sandbox's API gives it (``demo.get(path)`` → data)."""

    class DemoApi:
        def get(self, path, language="en", **params):
            response = sandbox.api().get(path, token=demo_token, language=language, params=params)
            assert response.status_code == HTTPStatus.OK, response.text
            return response.json()["data"]

        def customer(self):
            return self.get(f"/customers/{ids.DEMO_CUSTOMER}")

        def put_customer(self, customer: dict):
            response = sandbox.api().put(f"/customers/{ids.DEMO_CUSTOMER}", token=demo_token,
                                         json={"customer": customer})
            assert response.status_code == HTTPStatus.NO_CONTENT, response.text

    return DemoApi()


@pytest.fixture
def demo_api(demo):
    """GET on the customer interface as the demo customer, in a language; returns ``data``."""
    return demo.get


@pytest.fixture
def demo_session(carecloud, demo_token, ids):
    """What the selectors read of a CustomerSession: the demo customer's, in English."""
    from types import SimpleNamespace

    from django.utils import translation

    with translation.override("en"):
        yield SimpleNamespace(token=demo_token, customer_id=ids.DEMO_CUSTOMER)


def tweak(monkeypatch, name, change):
    """Let ``resources.<name>`` answer what the sandbox answers, changed by ``change``."""
    from portal.carecloud import resources

    real = getattr(resources, name)
    monkeypatch.setattr(resources, name, lambda **kwargs: change(real(**kwargs)))


@pytest.fixture
def upstream(carecloud):
    """CareCloud's answers, some of them stood in for (``failing``), the rest the live sandbox's."""
    import responses

    with responses.RequestsMock(assert_all_requests_are_fired=True) as mocked:
        mocked.add_passthru(carecloud.url)
        yield mocked


def failing(mock_upstream, carecloud, path_pattern: str, status: int = 500, body: dict | None = None):
    """One CareCloud path answers ``status`` while every other call reaches the live sandbox: the
    sandbox's fault knobs fail every call alike, and the dashboard reads several at once."""
    import re

    import responses

    mock_upstream.add(responses.GET, re.compile(re.escape(carecloud.customer_url) + path_pattern), status=status,
                      json=body if body is not None else {"error": {"title": "Internal error"}})


@pytest.fixture
def calls(sandbox):
    """``calls()``: the CareCloud operations (operationId, status) the sandbox answered since the
    fixture was set up; ``calls.mark()`` starts again from now."""

    class Calls:
        def __init__(self):
            self.mark()

        def mark(self):
            self.since = sandbox.last_seq()

        def __call__(self, *operation_ids: str) -> list[tuple[str, int]]:
            found = [(entry["operation_id"], entry["status"]) for entry in sandbox.requests_log(self.since)
                     if entry["operation_id"]]
            return [call for call in found if not operation_ids or call[0] in operation_ids]

    return Calls()


@pytest.fixture
def fail_next_write(sandbox):
    """``fail_next_write(503)``: the sandbox answers the portal's next write (POST, PUT, DELETE)
    with that status, through its fault knob, armed just before the write goes out (the reads
    before it succeed). Returns a list the writes' methods are appended to."""
    from unittest import mock

    from portal.carecloud import client as carecloud_client

    real = carecloud_client.CareCloudClient.request
    writes: list[str] = []
    armed = {"status": 0}

    def request(self, method, path, **kwargs):
        if method.upper() != "GET":
            writes.append(method.upper())
            if armed["status"]:
                sandbox.set_faults(force_status=armed["status"], force_count=1)
                armed["status"] = 0
        return real(self, method, path, **kwargs)

    def arm(status: int = 503) -> list[str]:
        armed["status"] = status
        return writes

    with mock.patch.object(carecloud_client.CareCloudClient, "request", request):
        yield arm
    sandbox.clear_faults()


@pytest.fixture
def post_while_carecloud_is_down(sandbox):
    """``post_while_carecloud_is_down(client, url, data)``: the form posted while every CareCloud
    call answers 503; the answer is checked to be the form again saying CareCloud is not
    responding (503), and returned."""
    from portal.core.forms import FAILURE_MESSAGES

    def post(client, url, data):
        sandbox.set_faults(force_status=503, retry_after=0)
        try:
            response = client.post(url, data)
        finally:
            sandbox.clear_faults()
        assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
        assert str(FAILURE_MESSAGES["unavailable"]) in response.content.decode()
        return response

    return post


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (cached reference lists) and no rate-limit counts (their
    storage is derived from the cache's settings: Redis, or this process's memory)."""
    from django.core.cache import cache

    from portal.core import ratelimit

    cache.clear()
    ratelimit.reset()
    yield
