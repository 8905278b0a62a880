import pytest

from tests.support import faults as fault_run


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/faults/" in str(item.fspath):
            item.add_marker(pytest.mark.faults)


@pytest.fixture(scope="module")
def fault_tallies():
    """Each scenario's tally; the whole table is printed once the module's tests are done
    (``pytest -m faults -s``)."""
    tallies = []
    yield tallies
    if tallies:
        print("\n\nFault injection, page views per scenario\n" + fault_run.table(tallies))


@pytest.fixture
def anonymous_client(carecloud, db):
    from django.test import Client

    return Client()


@pytest.fixture
def fault_settings(settings):
    """Exports are rate-limited per customer (10 an hour); the run visits the printable one often,
    and its reads have a budget of their own (kept short here)."""
    settings.PORTAL_RATE_LIMITS = {"export": "10000/h/customer,30/h/ip"}
    settings.PORTAL_EXPORT_BUDGET = 3.0
    return settings
