"""The client, unit by unit on fake upstreams: a file larger than allowed is refused after reading
about one piece of it, an answer cut off mid-body is CareCloud unavailable, an open circuit sends
nothing, a probe's "no retries" holds, attempts fit the page's budget, and the shared session and
the circuit breaker are configured as the settings say. (tests/carecloud/test_download.py and
test_resilience.py pin the rest, partly against the live sandbox.)"""

import io
from types import SimpleNamespace

import pytest
import requests
import responses

from portal.carecloud import budget
from portal.carecloud import client as client_module
from portal.carecloud.breaker import BreakerSettings
from portal.carecloud.client import CareCloudClient, client_for
from portal.carecloud.exceptions import ServerError, UnavailableError

BASE = "https://club.example.com/webservice/rest-api/customer-interface/v1.0"


class EndlessFile(io.RawIOBase):
    """``size`` bytes of a file, made as they are read, counting how many were."""

    def __init__(self, size: int):
        self.left = size
        self.handed_out = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = min(len(buffer), self.left)
        buffer[:n] = b"x" * n
        self.left -= n
        self.handed_out += n
        return n


@responses.activate
def test_a_huge_file_without_a_length_is_refused_after_reading_one_piece_of_it():
    upstream = EndlessFile(16 * 1024 * 1024)
    responses.get("https://club.example.com/huge.png", body=io.BufferedReader(upstream), content_type="image/png")
    client = CareCloudClient(base_url=BASE, max_retries=0)
    with pytest.raises(ServerError, match="too large"):
        client.download("https://club.example.com/huge.png", max_bytes=100)
    assert upstream.handed_out <= 128 * 1024  # one 64 KiB piece (and a buffer's worth): not 16 MiB


class CutOffFile(io.RawIOBase):
    """The start of an answer, then a connection reset."""

    def __init__(self, start: bytes):
        self.start = start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if not self.start:
            raise ConnectionResetError("reset by peer")
        n = min(len(buffer), len(self.start))
        buffer[:n], self.start = self.start[:n], self.start[n:]
        return n


@responses.activate
def test_an_answer_cut_off_mid_body_is_carecloud_unavailable():
    responses.get(BASE + "/customers/c1", body=io.BufferedReader(CutOffFile(b'{"data": {"customer_id"')),
                  content_type="application/json")
    with pytest.raises(UnavailableError) as raised:
        CareCloudClient(base_url=BASE, max_retries=0).get("/customers/c1", token="t")
    assert (raised.value.title, raised.value.detail) == ("CareCloud is unreachable", "ChunkedEncodingError")


def _refusing_session(calls: list):
    def request(method, url, **kwargs):
        calls.append((method, url))
        raise requests.ConnectionError("refused")
    return SimpleNamespace(request=request)


def test_an_unreachable_carecloud_names_the_failure():
    calls = []
    client = CareCloudClient(base_url=BASE, max_retries=0, session=_refusing_session(calls))
    with pytest.raises(UnavailableError) as raised:
        client.get("/customers/c1", token="t")
    assert (raised.value.title, raised.value.detail) == ("CareCloud is unreachable", "ConnectionError")
    assert calls == [("GET", BASE + "/customers/c1")]


def test_an_open_circuit_sends_nothing():
    calls = []
    client = CareCloudClient(base_url=BASE, max_retries=0, session=_refusing_session(calls),
                             breaker=BreakerSettings(min_calls=1, failure_rate=0.5, window=30, open_seconds=15))
    client.breaker._trip()
    with pytest.raises(UnavailableError) as raised:
        client.get("/customers/c1", token="t")
    assert raised.value.title == "CareCloud circuit open" and calls == []


@responses.activate
def test_a_read_asked_for_without_retries_is_not_retried(no_sleep):
    responses.get(BASE + "/languages", status=503)
    responses.get(BASE + "/languages", json={"data": {"languages": []}})
    with pytest.raises(UnavailableError):
        CareCloudClient(base_url=BASE, max_retries=2).get("/languages", retries=0)
    assert len(responses.calls) == 1 and no_sleep.call_count == 0


@pytest.mark.parametrize(("seconds", "expected"), [
    (None, (3.05, 10.0)),  # no page budget: the client's own timeouts
    (2, (2.0, 2.0)),  # cut to what is left of the budget
    (0.2, None),  # too little left to start an attempt
])
def test_an_attempts_timeouts_fit_the_pages_budget(monkeypatch, seconds, expected):
    monkeypatch.setattr(budget.time, "monotonic", lambda: 500.0)
    with budget.budget(seconds):
        assert CareCloudClient(base_url=BASE, connect_timeout=3.05, read_timeout=10.0)._timeout() == expected


def test_the_shared_session_pools_32_connections_over_https_as_over_http(monkeypatch):
    monkeypatch.setattr(client_module, "_session", None)
    session = client_module._shared_session()
    for url in ("https://club.example.com/", "http://localhost:8000/"):
        assert session.get_adapter(url).poolmanager.connection_pool_kw["maxsize"] == 32


def test_a_client_gets_the_circuit_breaker_the_settings_describe(settings):
    settings.CARECLOUD_BREAKER_MIN_CALLS = 7
    settings.CARECLOUD_BREAKER_FAILURE_RATE = 0.6
    settings.CARECLOUD_BREAKER_WINDOW = 40
    settings.CARECLOUD_BREAKER_OPEN_SECONDS = 9
    assert client_for(BASE).breaker.config == BreakerSettings(min_calls=7, failure_rate=0.6, window=40,
                                                              open_seconds=9)


@pytest.mark.parametrize(("left", "retry_after", "expected"), [
    (1.0, "0.5", 0.5),  # the wait and a quarter-second attempt fit the page's budget
    (1.0, "0.9", None),  # the wait fits, the attempt after it does not: give up at once
    (None, "0.9", 0.9),  # no budget (a command): wait as asked
])
def test_a_retry_is_made_only_when_its_wait_and_an_attempt_fit_the_budget(monkeypatch, left, retry_after, expected):
    from portal.carecloud import budget

    monkeypatch.setattr(budget, "remaining", lambda: left)
    assert CareCloudClient(base_url=BASE)._delay(1, retry_after) == expected
