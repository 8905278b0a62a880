"""Shared fixtures: a live sandbox process for the whole run, and clients for it."""

import pytest

from portal.sandbox.seed import ids as seed_ids
from tests.support.sandbox import Sandbox, SandboxProcess


@pytest.fixture(scope="session")
def sandbox_process(tmp_path_factory):
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
    """The live sandbox re-seeded, with no faults, before the test."""
    sandbox.reset()
    yield sandbox
    sandbox.clear_faults()


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
