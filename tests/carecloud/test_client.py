"""The CareCloud client against the live sandbox: auth schemes, Accept-Language, error mapping,
retries (the sandbox's fault knobs), pagination, and what reaches the log.

Only fault shapes the sandbox cannot make (a refused connection, an answer cut mid-body, a
malformed body) are made with ``unittest.mock``/``responses``.

At the end, unit by unit on fake upstreams: a file larger than allowed is refused after reading about
one piece of it, an answer cut off mid-body is CareCloud unavailable, an open circuit sends nothing, a
probe's "no retries" holds, attempts fit the page's budget, and the shared session and the circuit
breaker are configured as the settings say. (test_download.py and test_resilience.py pin the rest,
partly against the live sandbox.)
"""

import io
import json
import logging
import math
import socket
import threading
import time
from types import SimpleNamespace
from unittest import mock

import pytest
import requests
import responses
from django.utils import translation

from portal.carecloud import (
    AuthenticationError,
    CareCloudClient,
    CareCloudError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    UnavailableError,
    ValidationError,
    budget,
    get_client,
    resources,
)
from portal.carecloud import client as client_module
from portal.carecloud.breaker import BreakerSettings
from portal.carecloud.client import Page, client_for


def _entries(sandbox, since, **match):
    return [e for e in sandbox.requests_log(since) if all(e.get(k) == v for k, v in match.items())]


def _login(ids, language="en") -> str:
    """Token → login through the portal's resources (the configured scheme)."""
    with translation.override(language):
        token = resources.token_create(device_id=f"pytest-client-{language}-{id(object())}")
        customer_id = resources.token_login(token=token, login_type="email", login_value=ids.DEMO_EMAIL,
                                            password=ids.DEMO_PASSWORD)
    assert customer_id == ids.DEMO_CUSTOMER
    return token


# --- authentication schemes ---------------------------------------------------------------------


def test_bearer_scheme_token_login_and_customer_call(carecloud, ids):
    since = carecloud.last_seq()
    token = _login(ids)
    customer = resources.customer_get(token=token, customer_id=ids.DEMO_CUSTOMER)

    assert customer["customer_id"] == ids.DEMO_CUSTOMER
    log = carecloud.requests_log(since)
    by_operation = {e["operation_id"]: e for e in log}
    assert by_operation["postToken"]["status"] == 201
    assert by_operation["postToken"]["auth"] == "none"  # no credentials exist yet
    assert by_operation["postTokenLogin"]["auth"] == "bearer"
    assert by_operation["getCustomer"]["auth"] == "bearer"
    assert by_operation["getCustomer"]["status"] == 200


def test_basic_scheme_works_end_to_end(carecloud, settings, ids):
    settings.CARECLOUD_AUTH_SCHEME = "basic"
    assert get_client().auth_scheme == "basic"
    since = carecloud.last_seq()

    token = _login(ids)
    customer = resources.customer_get(token=token, customer_id=ids.DEMO_CUSTOMER)

    assert customer["customer_id"] == ids.DEMO_CUSTOMER
    log = carecloud.requests_log(since)
    assert [e["operation_id"] for e in log] == ["postToken", "postTokenLogin", "getCustomer"]
    assert {e["auth"] for e in log} == {"basic"}  # base64("customer_interface:") for postToken too
    assert all(e["status"] < 300 for e in log)


def test_basic_scheme_with_a_wrong_user_name_is_refused(carecloud, settings, ids):
    token = _login(ids)
    settings.CARECLOUD_AUTH_SCHEME = "basic"
    settings.CARECLOUD_USERNAME = "somebody_else"
    with pytest.raises(AuthenticationError):
        resources.customer_get(token=token, customer_id=ids.DEMO_CUSTOMER)


def test_an_unknown_auth_scheme_is_refused():
    with pytest.raises(ValueError):
        CareCloudClient(base_url="http://127.0.0.1:9/v1.0", auth_scheme="digest")


# --- Accept-Language ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["cs", "en"])
def test_accept_language_follows_the_active_django_language(carecloud, ids, demo_token, language):
    since = carecloud.last_seq()
    with translation.override(language):
        resources.customer_get(token=demo_token, customer_id=ids.DEMO_CUSTOMER)
        resources.collection("/card-types", "card_types", token=demo_token)
    log = carecloud.requests_log(since)
    assert len(log) == 2
    assert {e["accept_language"] for e in log} == {language}


def test_translated_names_come_back_in_the_active_language(carecloud, demo_token):
    names = {}
    for language in ("cs", "en"):
        with translation.override(language):
            names[language] = [t["name"] for t in resources.collection("/point-types", "point_types",
                                                                         token=demo_token).items]
    assert names["cs"] and names["en"]
    assert names["cs"] != names["en"]


# --- error mapping --------------------------------------------------------------------------------


def test_400_is_a_validation_error_with_field_errors(carecloud, demo_token):
    with pytest.raises(ValidationError) as raised:
        get_client().get("/point-history", token=demo_token)  # customer_id is required
    error = raised.value
    assert error.status == 400
    assert "customer_id" in error.field_errors
    assert error.invalid_params[0]["name"] == "customer_id"
    assert error.title


def test_400_from_a_body_names_the_bad_field(carecloud, settings):
    settings.CARECLOUD_EXTERNAL_APP_ID = "not-an-application"
    with pytest.raises(ValidationError) as raised:
        resources.token_create(device_id="pytest-bad-app")
    assert "external_application_id" in raised.value.field_errors


def test_401_for_an_unknown_token(carecloud, ids):
    with pytest.raises(AuthenticationError) as raised:
        resources.customer_get(token="no-such-token", customer_id=ids.DEMO_CUSTOMER)
    assert raised.value.status == 401


def test_401_for_a_wrong_password(carecloud, ids):
    token = resources.token_create(device_id="pytest-wrong-password")
    with pytest.raises(AuthenticationError):
        resources.token_login(token=token, login_type="email", login_value=ids.DEMO_EMAIL, password="wrong")


def test_403_for_another_customers_resource(carecloud, ids, demo_token):
    with pytest.raises(PermissionDeniedError) as raised:
        resources.customer_get(token=demo_token, customer_id=ids.SECOND_CUSTOMER)
    assert raised.value.status == 403


def test_404_for_an_unknown_id(carecloud, demo_token):
    with pytest.raises(NotFoundError) as raised:
        get_client().get("/vouchers/00000000000000000000000000", token=demo_token)
    assert raised.value.status == 404


@responses.activate
def test_malformed_bodies_are_mapped_not_crashed():
    client = CareCloudClient(base_url="http://carecloud.test/v1.0", max_retries=0)
    responses.get("http://carecloud.test/v1.0/ok-but-html", body="<html>", status=200)
    responses.get("http://carecloud.test/v1.0/ok-but-list", json=[1, 2], status=200)
    responses.get("http://carecloud.test/v1.0/error-as-list", json=["nope"], status=404)
    responses.get("http://carecloud.test/v1.0/error-html", body="<h1>Bad gateway</h1>", status=502)
    responses.get("http://carecloud.test/v1.0/odd-params", status=400,
                  json={"error": {"title": "Bad", "error_data": {"invalid_params": ["x", {"name": "a.b"}]}}})

    with pytest.raises(ServerError):
        client.get("/ok-but-html")
    with pytest.raises(ServerError):
        client.get("/ok-but-list")
    with pytest.raises(NotFoundError):
        client.get("/error-as-list")
    with pytest.raises(ServerError) as raised:
        client.get("/error-html")
    assert raised.value.status == 502
    with pytest.raises(ValidationError) as raised:
        client.get("/odd-params")
    assert list(raised.value.field_errors) == ["b"]


@responses.activate
@pytest.mark.parametrize("data", [{}, {"token_id": ""}, {"token_id": None}, None, []])
def test_a_token_answer_without_a_token_id_is_a_malformed_response(settings, data):
    settings.CARECLOUD_API_URL = "http://carecloud.test/v1.0"
    responses.post("http://carecloud.test/v1.0/tokens", json={"data": data}, status=201)
    with pytest.raises(ServerError) as raised:
        resources.token_create(device_id="d")
    assert (raised.value.title, raised.value.detail) == ("Malformed response", "token_id is missing")


@responses.activate
@pytest.mark.parametrize("data", [{}, {"customer_id": ""}, "c1"])
def test_a_login_answer_without_a_customer_id_is_a_malformed_response(settings, data):
    settings.CARECLOUD_API_URL = "http://carecloud.test/v1.0"
    responses.post("http://carecloud.test/v1.0/tokens/t/actions/login", json={"data": data})
    with pytest.raises(ServerError) as raised:
        resources.token_login(token="t", login_type="email", login_value="a@b.cz", password="p")
    assert (raised.value.title, raised.value.detail) == ("Malformed response", "customer_id is missing")


# --- retries ----------------------------------------------------------------------------------------


def test_a_get_is_retried_after_one_503(faults, ids, demo_token, no_sleep):
    since = faults.last_seq()
    faults.set_faults(force_status=503, force_count=1)

    customer = resources.customer_get(token=demo_token, customer_id=ids.DEMO_CUSTOMER)

    assert customer["customer_id"] == ids.DEMO_CUSTOMER
    log = faults.requests_log(since)
    assert [e["status"] for e in log] == [503, 200]
    assert {e["method"] for e in log} == {"GET"}
    assert no_sleep.call_count == 1


def test_a_post_is_never_retried(faults, no_sleep):
    since = faults.last_seq()
    faults.set_faults(force_status=503, force_count=1)

    with pytest.raises(UnavailableError) as raised:
        resources.token_create(device_id="pytest-post-503")

    assert raised.value.status == 503
    log = faults.requests_log(since)
    assert [(e["method"], e["status"]) for e in log] == [("POST", 503)]
    assert no_sleep.call_count == 0


def test_429_retry_after_is_honoured(faults, ids, demo_token, no_sleep):
    since = faults.last_seq()
    faults.set_faults(force_status=429, force_count=1, retry_after=3)

    resources.customer_get(token=demo_token, customer_id=ids.DEMO_CUSTOMER)

    no_sleep.assert_called_once_with(3.0)
    assert [e["status"] for e in faults.requests_log(since)] == [429, 200]


def test_a_retry_after_longer_than_a_page_can_wait_is_not_waited_for(faults, ids, demo_token, no_sleep):
    since = faults.last_seq()
    faults.set_faults(force_status=429, force_count=1, retry_after=120)

    with pytest.raises(RateLimitError) as raised:
        resources.customer_get(token=demo_token, customer_id=ids.DEMO_CUSTOMER)

    assert raised.value.retry_after == 120
    assert no_sleep.call_count == 0
    assert len(faults.requests_log(since)) == 1


def test_exhausted_retries_raise(faults, settings, ids, demo_token, no_sleep):
    settings.CARECLOUD_MAX_RETRIES = 2
    since = faults.last_seq()
    faults.set_faults(force_status=503)  # every request until cleared

    with pytest.raises(UnavailableError):
        resources.customer_get(token=demo_token, customer_id=ids.DEMO_CUSTOMER)

    assert [e["status"] for e in faults.requests_log(since)] == [503, 503, 503]
    assert no_sleep.call_count == 2


def test_exhausted_retries_on_502_raise_a_server_error(faults, ids, demo_token, no_sleep):
    faults.set_faults(force_status=502)
    with pytest.raises(ServerError) as raised:
        resources.customer_get(token=demo_token, customer_id=ids.DEMO_CUSTOMER)
    assert raised.value.status == 502
    assert no_sleep.call_count == 2


@pytest.mark.parametrize("jitter, expected", [
    (0.0, [0.25, 0.5, 1.0, 1.0, 1.0]),  # half of the doubling backoff, capped at 2 s
    (0.5, [0.375, 0.75, 1.5, 1.5, 1.5]),  # three quarters of it
])
def test_backoff_doubles_per_attempt_up_to_a_cap_with_jitter(jitter, expected):
    client = CareCloudClient(base_url="http://127.0.0.1:9/v1.0", backoff=0.5)
    with mock.patch("portal.carecloud.client.random.random", return_value=jitter):
        assert [client._delay(attempt) for attempt in range(1, 6)] == expected


@pytest.mark.parametrize("retry_after, expected", [
    ("3", 3.0), (" 2.5 ", 2.5), ("0", 0.0), ("-4", 0.0),  # seconds, never negative
    ("5", 5.0), ("5.01", None),  # up to MAX_RETRY_AFTER; longer is not waited for
    ("Wed, 21 Oct 2015 07:28:00 GMT", 0.375), ("", 0.375), (None, 0.375),  # an HTTP date: our own backoff
])
def test_the_delay_honours_retry_after_in_seconds(retry_after, expected):
    client = CareCloudClient(base_url="http://127.0.0.1:9/v1.0", backoff=0.5)
    with mock.patch("portal.carecloud.client.random.random", return_value=0.5):
        assert client._delay(1, retry_after) == expected


def test_a_get_is_retried_after_one_504(faults, ids, demo_token, no_sleep):
    since = faults.last_seq()
    faults.set_faults(force_status=504, force_count=1)
    customer = resources.customer_get(token=demo_token, customer_id=ids.DEMO_CUSTOMER)
    assert customer["customer_id"] == ids.DEMO_CUSTOMER
    assert [e["status"] for e in faults.requests_log(since)] == [504, 200]
    assert no_sleep.call_count == 1


def test_a_retry_after_of_exactly_the_longest_wait_is_waited_for(faults, ids, demo_token, no_sleep):
    faults.set_faults(force_status=429, force_count=1, retry_after=5)
    resources.customer_get(token=demo_token, customer_id=ids.DEMO_CUSTOMER)
    no_sleep.assert_called_once_with(5.0)


@responses.activate
def test_retry_after_as_an_http_date_gets_our_own_backoff(no_sleep):
    """The sandbox sends Retry-After in seconds; an HTTP date (RFC 9110 allows both) is a shape it
    cannot make."""
    client = CareCloudClient(base_url="http://carecloud.test/v1.0", backoff=0.5, max_retries=1)
    date = "Wed, 21 Oct 2015 07:28:00 GMT"
    responses.get("http://carecloud.test/v1.0/customers/c", status=503, headers={"Retry-After": date})
    responses.get("http://carecloud.test/v1.0/customers/c", status=503, headers={"Retry-After": date})
    with mock.patch("portal.carecloud.client.random.random", return_value=0.5):
        with pytest.raises(UnavailableError) as raised:
            client.get("/customers/c", token="t")
    no_sleep.assert_called_once_with(0.375)
    assert len(responses.calls) == 2
    assert raised.value.retry_after is None  # the 503 page then names its own default


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_connection_refused_is_unavailable_after_the_get_retries(no_sleep):
    session = requests.Session()
    client = CareCloudClient(base_url=f"http://127.0.0.1:{_closed_port()}/v1.0", max_retries=2, session=session)
    with mock.patch.object(session, "request", wraps=session.request) as spy:
        with pytest.raises(UnavailableError) as raised:
            client.get("/customers/x", token="t")
    assert spy.call_count == 3
    assert no_sleep.call_count == 2
    assert raised.value.status is None
    assert isinstance(raised.value.__cause__, requests.ConnectionError)


def test_connection_refused_on_a_post_is_not_retried(no_sleep):
    session = requests.Session()
    client = CareCloudClient(base_url=f"http://127.0.0.1:{_closed_port()}/v1.0", max_retries=2, session=session)
    with mock.patch.object(session, "request", wraps=session.request) as spy:
        with pytest.raises(UnavailableError):
            client.post("/tokens", json={})
    assert spy.call_count == 1
    assert no_sleep.call_count == 0


def test_an_answer_cut_mid_body_is_retried_then_unavailable(no_sleep):
    session = requests.Session()
    client = CareCloudClient(base_url="http://carecloud.test/v1.0", max_retries=2, session=session)
    cut = requests.exceptions.ChunkedEncodingError("Connection broken: IncompleteRead")
    with mock.patch.object(session, "request", side_effect=cut) as request:
        with pytest.raises(UnavailableError):
            client.get("/customers/x", token="t")
    assert request.call_count == 3


def test_a_slow_answer_is_a_read_timeout_from_settings_and_is_not_repeated(faults, settings, ids, demo_token,
                                                                          no_sleep):
    """A real read timeout: the sandbox answers after 1.5 s, the portal reads for 0.3 s at most."""
    settings.CARECLOUD_READ_TIMEOUT = 0.3
    settings.CARECLOUD_MAX_RETRIES = 2
    since = faults.last_seq()
    faults.set_faults(latency_ms=1500)
    session = get_client().session
    with mock.patch.object(session, "request", wraps=session.request) as spy:
        with pytest.raises(UnavailableError) as raised:
            resources.customer_get(token=demo_token, customer_id=ids.DEMO_CUSTOMER)
    assert isinstance(raised.value.__cause__, requests.ReadTimeout)
    assert spy.call_count == 3 and no_sleep.call_count == 2  # a GET is tried again (within a page's budget)
    assert {call.kwargs["timeout"] for call in spy.call_args_list} == {(settings.CARECLOUD_CONNECT_TIMEOUT, 0.3)}
    # The sandbox finishes the abandoned requests later; wait for them, so that their log lines do not
    # land in the next test's window.
    deadline = time.monotonic() + 15
    while len(faults.requests_log(since)) < 3 and time.monotonic() < deadline:
        threading.Event().wait(0.1)  # time.sleep is no_sleep's
    assert [e["operation_id"] for e in faults.requests_log(since)] == ["getCustomer"] * 3


def test_timeouts_come_from_settings(settings):
    settings.CARECLOUD_CONNECT_TIMEOUT = 1.5
    settings.CARECLOUD_READ_TIMEOUT = 7.0
    assert get_client().timeout == (1.5, 7.0)


# --- pagination -----------------------------------------------------------------------------------------


def test_iterate_pages_through_the_whole_collection(carecloud, ids, demo_token):
    client = get_client()
    params = {"customer_id": ids.DEMO_CUSTOMER}
    first = client.page("/point-history", "point_history", token=demo_token, count=5, params=params)
    assert first.total > 5, "the seed should give the demo customer more than one page of history"
    assert len(first.items) == 5 and first.has_next and not first.has_previous

    since = carecloud.last_seq()
    everything = list(client.iterate("/point-history", "point_history", token=demo_token, page_size=5,
                                     params=params))

    assert len(everything) == first.total
    assert everything[:5] == first.items
    log = carecloud.requests_log(since)
    assert len(log) == math.ceil(first.total / 5)
    assert [e["query"].count("offset=") for e in log] == [1] * len(log)
    offsets = sorted(int(q.split("offset=")[1].split("&")[0]) for q in (e["query"] for e in log))
    assert offsets == list(range(0, first.total, 5))


def test_iterate_is_lazy(carecloud, ids, demo_token):
    since = carecloud.last_seq()
    iterator = get_client().iterate("/point-history", "point_history", token=demo_token, page_size=2,
                                    params={"customer_id": ids.DEMO_CUSTOMER})
    assert len(carecloud.requests_log(since)) == 0
    next(iterator), next(iterator)
    assert len(carecloud.requests_log(since)) == 1


@responses.activate
def test_iterate_without_total_items_keeps_going_while_pages_are_full():
    client = CareCloudClient(base_url="http://carecloud.test/v1.0", max_retries=0)
    rows = [{"id": n} for n in range(7)]

    def page(request):
        offset = int(request.params["offset"])
        count = int(request.params["count"])
        return 200, {}, __import__("json").dumps({"data": {"things": rows[offset:offset + count]}})

    responses.add_callback(responses.GET, "http://carecloud.test/v1.0/things", callback=page)
    assert [r["id"] for r in client.iterate("/things", "things", page_size=3)] == list(range(7))
    assert len(responses.calls) == 3


# An upstream whose paging fields cannot be trusted (seen with a generated mock of the spec): the
# read must stop, at the ceiling or when pages repeat, and say so in the log.


def _endless(request, *, repeat: bool = False):
    """A collection whose total_items never runs out; with ``repeat``, every page ignores offset."""
    offset = 0 if repeat else int(request.params["offset"])
    count = int(request.params["count"])
    rows = [{"card_type_id": f"t{n}", "name": f"Type {n}"} for n in range(offset, offset + count)]
    return 200, {}, json.dumps({"data": {"card_types": rows, "total_items": 10**9}})


@responses.activate
def test_iterate_stops_at_the_page_ceiling_when_the_total_never_runs_out(settings, caplog):
    settings.CARECLOUD_MAX_PAGES, settings.CARECLOUD_MAX_ITEMS = 4, 10**6
    client = CareCloudClient(base_url="http://carecloud.test/v1.0", max_retries=0)
    responses.add_callback(responses.GET, "http://carecloud.test/v1.0/card-types", callback=_endless)
    with caplog.at_level(logging.WARNING, logger="portal.carecloud"):
        items = list(client.iterate("/card-types", "card_types", page_size=25))
    assert len(responses.calls) == 4
    assert [i["card_type_id"] for i in items] == [f"t{n}" for n in range(100)]
    assert "list cut at the ceiling of 4 pages (100 items)" in caplog.text


@responses.activate
def test_iterate_stops_at_the_item_ceiling(settings, caplog):
    settings.CARECLOUD_MAX_PAGES, settings.CARECLOUD_MAX_ITEMS = 1000, 60
    client = CareCloudClient(base_url="http://carecloud.test/v1.0", max_retries=0)
    responses.add_callback(responses.GET, "http://carecloud.test/v1.0/card-types", callback=_endless)
    with caplog.at_level(logging.WARNING, logger="portal.carecloud"):
        items = list(client.iterate("/card-types", "card_types", page_size=25))
    assert len(items) == 60 and len(responses.calls) == 3
    assert "list cut at the ceiling of 60 items" in caplog.text


@responses.activate
def test_iterate_stops_when_a_page_brings_nothing_new(settings, caplog):
    settings.CARECLOUD_MAX_PAGES, settings.CARECLOUD_MAX_ITEMS = 1000, 10**6
    client = CareCloudClient(base_url="http://carecloud.test/v1.0", max_retries=0)
    responses.add_callback(responses.GET, "http://carecloud.test/v1.0/card-types",
                           callback=lambda request: _endless(request, repeat=True))
    with caplog.at_level(logging.WARNING, logger="portal.carecloud"):
        items = list(client.iterate("/card-types", "card_types", page_size=25))
    assert len(responses.calls) == 2  # the second page repeats the first: stop there
    assert [i["card_type_id"] for i in items] == [f"t{n}" for n in range(25)]  # each item once
    assert "repeats what was read already; stopping at 25 items" in caplog.text


@responses.activate
def test_iterate_skips_repeated_items_of_an_overlapping_page(settings):
    client = CareCloudClient(base_url="http://carecloud.test/v1.0", max_retries=0)
    rows = [{"id": n} for n in range(5)]
    pages = iter([rows[0:3], rows[1:4], rows[3:5]])  # each page overlaps the one before
    responses.add_callback(responses.GET, "http://carecloud.test/v1.0/things", callback=lambda request: (
        200, {}, json.dumps({"data": {"things": next(pages, []), "total_items": 50}})))
    assert [r["id"] for r in client.iterate("/things", "things", page_size=3)] == [0, 1, 2, 3, 4]
    assert len(responses.calls) == 4  # the fourth page is empty: the end


def test_iterate_ceilings_have_sane_defaults():
    from portal import settings as project_settings

    assert 1 < project_settings.CARECLOUD_MAX_PAGES <= 100
    assert 100 <= project_settings.CARECLOUD_MAX_ITEMS <= 10_000


def test_page_flags():
    assert Page(items=[{}] * 5, total=12, count=5, offset=5).has_next
    assert Page(items=[{}] * 2, total=12, count=5, offset=10).has_previous
    assert not Page(items=[{}] * 2, total=12, count=5, offset=10).has_next
    assert not Page(items=[], total=0, count=5, offset=0).has_next


# --- what reaches the log -----------------------------------------------------------------------


def test_no_token_or_password_is_ever_logged(carecloud, settings, ids, client, db, caplog):
    from tests.conftest import portal_login

    caplog.set_level(logging.DEBUG)
    for scheme in ("bearer", "basic"):
        settings.CARECLOUD_AUTH_SCHEME = scheme
        token = _login(ids)
        resources.customer_get(token=token, customer_id=ids.DEMO_CUSTOMER)
        resources.token_set_language(token=token, language="cs")
        with pytest.raises(PermissionDeniedError):
            resources.customer_get(token=token, customer_id=ids.SECOND_CUSTOMER)
        resources.token_logout(token=token)
        with pytest.raises(AuthenticationError):
            resources.customer_get(token=token, customer_id=ids.DEMO_CUSTOMER)
        assert token not in caplog.text

    settings.CARECLOUD_AUTH_SCHEME = "bearer"
    response = portal_login(client)
    assert response.status_code == 302
    portal_token = client.session["carecloud"]["token"]
    client.get(response["Location"])
    portal_login(client.__class__(), password="Wrong-password-9")

    text = caplog.text
    assert "carecloud POST /tokens/***/actions/login" in text  # the client's own lines are there
    assert "urllib3" in " ".join(r.name for r in caplog.records)  # and the library's request lines
    for secret in (portal_token, ids.DEMO_PASSWORD, "Wrong-password-9"):
        assert secret not in text
    for record in caplog.records:
        assert portal_token not in repr(record.args) and ids.DEMO_PASSWORD not in repr(record.args)


def test_error_messages_do_not_carry_credentials(carecloud, ids):
    with pytest.raises(CareCloudError) as raised:
        resources.customer_get(token="secret-token-value", customer_id=ids.DEMO_CUSTOMER)
    assert "secret-token-value" not in str(raised.value)


@responses.activate
def test_the_token_is_quoted_as_one_path_segment(settings):
    """A token id is a path segment like any other id: it can never walk to another path."""
    settings.CARECLOUD_API_URL = "http://carecloud.test/v1.0"
    settings.CARECLOUD_MAX_RETRIES = 0
    token = "../customers/x?y#z"
    quoted = "..%2Fcustomers%2Fx%3Fy%23z"
    responses.post(f"http://carecloud.test/v1.0/tokens/{quoted}/actions/login", json={"data": {"customer_id": "c1"}})
    responses.post(f"http://carecloud.test/v1.0/tokens/{quoted}/actions/logout", status=204)
    responses.put(f"http://carecloud.test/v1.0/tokens/{quoted}", status=204)

    assert resources.token_login(token=token, login_type="email", login_value="a@b.cz", password="p") == "c1"
    resources.token_set_language(token=token, language="cs")
    resources.token_logout(token=token)

    assert [call.request.path_url for call in responses.calls] == [
        f"/v1.0/tokens/{quoted}/actions/login", f"/v1.0/tokens/{quoted}", f"/v1.0/tokens/{quoted}/actions/logout",
    ]
    # putToken replaces the whole setup: sent complete, never switching GPS or notifications on.
    assert json.loads(responses.calls[1].request.body) == {
        "setup": {"language_id": "cs", "allowed_gps": False, "allowed_notifications": False}}


def test_the_redacting_filter_leaves_a_record_it_cannot_format_alone():
    from portal.carecloud.client import RedactTokensFilter

    record = logging.LogRecord("urllib3", logging.DEBUG, __file__, 1, "GET %s %s", ("/tokens/secret",), None)
    assert RedactTokensFilter().filter(record) is True  # one argument short: not ours to fix
    assert record.args == ("/tokens/secret",)
    record = logging.LogRecord("urllib3", logging.DEBUG, __file__, 1, 'GET %s "%s"', ("/tokens/secret/x", 200), None)
    assert RedactTokensFilter().filter(record) is True
    assert record.getMessage() == 'GET /tokens/***/x "200"'


@pytest.mark.parametrize("password", [None, "Nove-Heslo-2026"])
def test_customer_update_replaces_the_record_and_changes_the_password_only_when_given(fresh_sandbox, carecloud,
                                                                                      ids, password):
    """putCustomer: the whole record as getCustomer gave it, with the intended change."""
    token = fresh_sandbox.customer_token()
    customer = resources.customer_get(token=token, customer_id=ids.DEMO_CUSTOMER)
    customer["personal_information"]["first_name"] = "Terezie"
    resources.customer_update(token=token, customer_id=ids.DEMO_CUSTOMER, password=password,
                              customer={"personal_information": customer["personal_information"]})
    again = resources.customer_get(token=token, customer_id=ids.DEMO_CUSTOMER)
    assert again["personal_information"]["first_name"] == "Terezie"
    assert again["personal_information"]["email"] == customer["personal_information"]["email"]
    fresh_sandbox.customer_token(password=password or ids.DEMO_PASSWORD)  # the password that now logs in


# --- unit by unit, on fake upstreams (quick and precise, for make mutation) ---------------------------------

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
    monkeypatch.setattr(budget, "remaining", lambda: left)
    assert CareCloudClient(base_url=BASE)._delay(1, retry_after) == expected
