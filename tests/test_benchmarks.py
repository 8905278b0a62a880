"""What `make bench` prints (benchmarks/logs.py) and how the load run names a failed view."""

import io
import logging

import pytest
import requests
import urllib3

from benchmarks.load import _failure
from benchmarks.logs import console


@pytest.fixture
def bench_log():
    """A logger with a console handler of its own, as Django's LOGGING makes them; every handler's
    level and filters are given back afterwards (console() changes them for the whole process)."""
    handlers = {h for logger in [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
                if isinstance(logger, logging.Logger) for h in logger.handlers}
    saved = {handler: (handler.level, list(handler.filters)) for handler in handlers}
    logger = logging.getLogger("benchmarks.test")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    yield logger, stream
    logger.removeHandler(handler)
    for handler, (level, filters) in saved.items():
        handler.setLevel(level)
        handler.filters[:] = filters


def test_the_console_shows_warnings_and_errors_not_info_and_counts_what_the_benchmark_provokes(bench_log):
    logger, stream = bench_log
    quiet = console(expected=lambda record: getattr(record, "status_code", None) == 429)
    logger.info("carecloud GET /cards -> 200 in 101 ms")
    logger.warning("Too Many Requests: /en/account/login/", extra={"status_code": 429})
    logger.warning("a login answer took 1400 ms, longer than its floor of 1000 ms")
    logger.error("Internal Server Error: /en/overview/", extra={"status_code": 500})
    assert stream.getvalue().splitlines() == ["a login answer took 1400 ms, longer than its floor of 1000 ms",
                                              "Internal Server Error: /en/overview/"]
    assert quiet.summary("throttled") == "log: 1 warnings held back (throttled; from benchmarks.test)"


def test_the_console_with_nothing_expected_holds_nothing_back(bench_log):
    logger, stream = bench_log
    quiet = console()
    logger.warning("CareCloud failure on /en/overview/")
    assert stream.getvalue() == "CareCloud failure on /en/overview/\n"
    assert quiet.summary("nothing provoked") == "log: nothing held back (nothing provoked)"


def test_a_failed_view_is_named_with_its_cause():
    reset = ConnectionResetError(104, "Connection reset by peer")
    try:
        try:
            raise urllib3.exceptions.ProtocolError("Connection aborted.", reset) from reset
        except urllib3.exceptions.ProtocolError as error:
            raise requests.ConnectionError(error) from error
    except requests.ConnectionError as error:
        assert _failure(error) == "ConnectionError (ConnectionResetError)"
    assert _failure(requests.ConnectionError("no cause")) == "ConnectionError"
