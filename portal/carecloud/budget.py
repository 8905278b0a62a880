"""The time a page may spend waiting on CareCloud, all calls and retries together.

:class:`BudgetMiddleware` opens a budget of ``CARECLOUD_PAGE_BUDGET`` seconds per request; the client
shortens each attempt's timeouts to what is left and retries only while a retry still fits. Outside
a request (commands, the shell) there is no budget. The deadline lives in a context variable, so the
concurrent reads of one page (run in copies of the request's context) share it.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterator
from contextlib import contextmanager

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("carecloud_deadline", default=None)


@contextmanager
def budget(seconds: float | None) -> Iterator[None]:
    """Calls inside share ``seconds`` (None or <= 0: no budget)."""
    token = _deadline.set(time.monotonic() + seconds if seconds and seconds > 0 else None)
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining() -> float | None:
    """Seconds left of the current budget (never below 0), or None without a budget."""
    deadline = _deadline.get()
    return None if deadline is None else max(0.0, deadline - time.monotonic())


class BudgetMiddleware:
    """Every request gets its CareCloud time budget (settings.CARECLOUD_PAGE_BUDGET)."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.settings = settings

    def __call__(self, request):
        with budget(self.settings.CARECLOUD_PAGE_BUDGET):
            return self.get_response(request)
