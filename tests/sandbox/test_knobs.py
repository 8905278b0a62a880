"""The fault knobs under concurrency, and their control endpoint."""

from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus

import requests


def test_force_count_fails_exactly_that_many_requests_when_they_arrive_at_once(fresh_sandbox):
    fresh_sandbox.set_faults(force_status=503, force_count=3, retry_after=1)
    url = fresh_sandbox.customer_url + "/communication-channels"
    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(lambda _: requests.get(url, timeout=30).status_code, range(24)))
    assert statuses.count(HTTPStatus.SERVICE_UNAVAILABLE) == 3
    assert statuses.count(HTTPStatus.OK) == 21
    assert fresh_sandbox.control("GET", "faults").json()["force_status"] == 0


def test_a_forced_status_without_a_count_applies_to_every_request(fresh_sandbox):
    fresh_sandbox.set_faults(force_status=500, force_count=5)
    fresh_sandbox.set_faults(force_status=429, retry_after=2)  # the old count does not carry over
    url = fresh_sandbox.customer_url + "/communication-channels"
    responses = [requests.get(url, timeout=30) for _ in range(7)]
    assert {r.status_code for r in responses} == {HTTPStatus.TOO_MANY_REQUESTS}
    assert responses[0].headers["Retry-After"] == "2"
    assert responses[0].json()["error"]["type"] == "too_many_requests_exception"


def test_error_rate_and_latency_knobs(fresh_sandbox):
    fresh_sandbox.set_faults(error_rate=1.0)
    url = fresh_sandbox.customer_url + "/communication-channels"
    assert requests.get(url, timeout=30).status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    fresh_sandbox.set_faults(error_rate=0.0, latency_ms=50)
    response = requests.get(url, timeout=30)
    assert response.status_code == HTTPStatus.OK
    assert fresh_sandbox.requests_log()[-1]["duration_ms"] >= 50


def test_bad_knob_values_are_refused(sandbox):
    response = requests.put(sandbox.url + "/_sandbox/faults", json={"error_rate": 2}, timeout=30)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    response = requests.put(sandbox.url + "/_sandbox/faults", json={"latency_ms": "slow"}, timeout=30)
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_control_changes_must_be_json_so_no_web_page_can_make_them(sandbox):
    # What a cross-site HTML form could send: a simple POST without a JSON content type.
    response = requests.post(sandbox.url + "/_sandbox/reset", data={"x": "1"}, timeout=30)
    assert response.status_code == HTTPStatus.UNSUPPORTED_MEDIA_TYPE
    response = requests.put(sandbox.url + "/_sandbox/faults", data='{"force_status": 500}',
                            headers={"Content-Type": "text/plain"}, timeout=30)
    assert response.status_code == HTTPStatus.UNSUPPORTED_MEDIA_TYPE
    assert requests.get(sandbox.url + "/_sandbox/faults", timeout=30).json()["force_status"] == 0


def test_knobs_come_from_the_environment_of_the_process(tmp_path):
    from tests.support.sandbox import SandboxProcess

    process = SandboxProcess(tmp_path, SANDBOX_FORCE_STATUS="503", SANDBOX_RETRY_AFTER="7",
                             SANDBOX_LATENCY_MS="20")
    process.start()
    try:
        url = process.url + "/webservice/rest-api/customer-interface/v1.0/communication-channels"
        response = requests.get(url, timeout=30)
        assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
        assert response.headers["Retry-After"] == "7"
        assert response.json()["error"]["type"] == "service_unavailable_exception"
        knobs = requests.get(process.url + "/_sandbox/faults", timeout=30).json()
        assert (knobs["force_status"], knobs["latency_ms"], knobs["retry_after"]) == (503, 20, 7)
    finally:
        process.stop()


def _error_pattern(sandbox, count: int = 40) -> list[int]:
    url = sandbox.customer_url + "/communication-channels"
    return [requests.get(url, timeout=30).status_code for _ in range(count)]


def test_a_seed_makes_the_error_rate_repeatable(fresh_sandbox):
    fresh_sandbox.set_faults(error_rate=0.3, seed=42)
    first = _error_pattern(fresh_sandbox)
    assert set(first) == {HTTPStatus.OK, HTTPStatus.INTERNAL_SERVER_ERROR}
    fresh_sandbox.set_faults(seed=42)  # setting the seed again starts its draws over
    assert _error_pattern(fresh_sandbox) == first
    fresh_sandbox.set_faults(seed=7)
    assert _error_pattern(fresh_sandbox) != first
    assert fresh_sandbox.control("GET", "faults").json()["seed"] == 7


def test_the_seed_can_be_taken_away_again(fresh_sandbox):
    fresh_sandbox.set_faults(seed=3)
    assert fresh_sandbox.set_faults(seed=None)["seed"] is None
    response = requests.put(fresh_sandbox.url + "/_sandbox/faults", json={"seed": "x"}, timeout=30)
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_a_latency_count_slows_only_that_many_requests(fresh_sandbox):
    since = fresh_sandbox.last_seq()
    fresh_sandbox.set_faults(latency_ms=300, latency_count=2)
    url = fresh_sandbox.customer_url + "/communication-channels"
    for _ in range(4):
        assert requests.get(url, timeout=30).status_code == HTTPStatus.OK
    durations = [entry["duration_ms"] for entry in fresh_sandbox.requests_log(since)]
    assert [d >= 300 for d in durations] == [True, True, False, False]
    knobs = fresh_sandbox.control("GET", "faults").json()
    assert (knobs["latency_ms"], knobs["latency_count"]) == (0, 0)
    fresh_sandbox.set_faults(latency_ms=200, latency_count=5)
    fresh_sandbox.set_faults(latency_ms=100)  # the old count does not carry over
    assert fresh_sandbox.control("GET", "faults").json()["latency_count"] == 0


def test_the_seed_comes_from_the_environment_of_the_process(tmp_path):
    from tests.support.sandbox import SandboxProcess

    patterns = []
    for run in range(2):  # two processes, the same seed: the same failures
        process = SandboxProcess(tmp_path / str(run), SANDBOX_ERROR_RATE="0.5", SANDBOX_FAULT_SEED="11")
        process.workdir.mkdir()
        process.start()
        try:
            url = process.url + "/webservice/rest-api/customer-interface/v1.0/communication-channels"
            patterns.append([requests.get(url, timeout=30).status_code for _ in range(20)])
            assert requests.get(process.url + "/_sandbox/faults", timeout=30).json()["seed"] == 11
        finally:
            process.stop()
    assert patterns[0] == patterns[1]
    assert set(patterns[0]) == {HTTPStatus.OK, HTTPStatus.INTERNAL_SERVER_ERROR}


def test_a_seeded_request_meets_the_same_fate_whatever_order_requests_come_in(fresh_sandbox):
    """Concurrent reads of one page arrive in any order: each request's draw depends on the seed and
    the request, not on its place in the sequence."""
    base = fresh_sandbox.customer_url
    paths = ["/communication-channels", "/countries", "/languages", "/customer-sources", "/stores", "/interests"]

    headers = {"Authorization": f"Bearer {fresh_sandbox.customer_token()}"}

    def fates(order):
        fresh_sandbox.set_faults(error_rate=0.5, seed=5)
        return {path: requests.get(base + path, headers=headers, timeout=30).status_code for path in order}

    forwards, backwards = fates(paths), fates(list(reversed(paths)))
    assert forwards == backwards
    assert set(forwards.values()) == {HTTPStatus.OK, HTTPStatus.INTERNAL_SERVER_ERROR}
