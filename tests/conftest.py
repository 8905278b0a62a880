"""Shared fixtures: a live sandbox process for the whole run, and clients for it."""

import os

import pytest

from portal.sandbox.seed import ids as seed_ids
from tests.support import openapi
from tests.support.mutation import (  # noqa: F401  (make mutation's plugin: budget, slow tests, times)
    pytest_collection_modifyitems,
    pytest_runtest_logreport,
    pytest_sessionfinish,
)
from tests.support.sandbox import Sandbox, SandboxPool, SandboxProcess

# `make test` runs the suite in pytest-xdist workers (Makefile: -n, --dist loadgroup). These modules'
# tests share a costly module-scoped fixture, so each runs whole on one worker: the scale-out
# tests' two gunicorns, PostgreSQL database, migrations and collectstatic.
ONE_WORKER_MODULES = {"tests/scaleout/test_two_instances.py"}


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


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (cached reference lists, rate-limit counters)."""
    from django.core.cache import cache

    cache.clear()
    yield
