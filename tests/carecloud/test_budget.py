"""The page's time budget on a fake monotonic clock: it counts down, never below zero, ends with its
block, and the middleware gives each request the configured one. (test_client.py: an attempt's
timeouts and waits fit it; test_resilience.py: against the live sandbox.)"""

import pytest

from portal.carecloud import budget
from tests.support.clock import Clock


@pytest.fixture
def monotonic(monkeypatch):
    clock = Clock(500.0)
    monkeypatch.setattr(budget.time, "monotonic", clock)
    return clock


def test_a_budget_counts_down_and_never_below_zero(monotonic):
    assert budget.remaining() is None
    with budget.budget(8):
        monotonic.now += 2.5
        assert budget.remaining() == 5.5
        monotonic.now += 10
        assert budget.remaining() == 0.0
    assert budget.remaining() is None  # and ends with its block


@pytest.mark.parametrize("seconds", [None, 0, -1])
def test_no_budget_means_no_deadline(monotonic, seconds):
    with budget.budget(seconds):
        assert budget.remaining() is None


def test_the_middleware_gives_each_request_the_configured_budget(monotonic, settings):
    settings.CARECLOUD_PAGE_BUDGET = 7
    seen = []
    middleware = budget.BudgetMiddleware(lambda request: seen.append(budget.remaining()) or "response")
    assert middleware("request") == "response"
    assert seen == [7.0]
