from unittest import mock

import pytest


@pytest.fixture
def no_sleep():
    """Capture the client's waits instead of waiting."""
    with mock.patch("portal.carecloud.client.time.sleep") as sleep:
        yield sleep


@pytest.fixture
def faults(carecloud):
    """The live sandbox with its fault knobs cleared again after the test."""
    carecloud.clear_faults()
    yield carecloud
    carecloud.clear_faults()
