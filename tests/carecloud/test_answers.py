"""How the client reads answers (status → error, body → data, a page's fields) and the small helpers
of resources and reference: plain unit tests, for the shapes the sandbox never sends (a real
project's odd bodies); the shapes it does send are tested against it in test_client.py."""

import pytest
import responses
from django.core.cache import cache
from django.utils import translation

from portal.carecloud import exceptions as cc
from portal.carecloud import reference, resources
from portal.carecloud.client import CareCloudClient, Page

API = "http://carecloud.test/v1.0"


@pytest.fixture
def client():
    with responses.RequestsMock() as mocked:
        yield CareCloudClient(base_url=API + "/", max_retries=0), mocked


@pytest.mark.parametrize("status, kind", [
    (400, cc.ValidationError), (401, cc.AuthenticationError), (403, cc.PermissionDeniedError),
    (404, cc.NotFoundError), (409, cc.CareCloudError), (429, cc.RateLimitError), (500, cc.ServerError),
    (502, cc.ServerError), (503, cc.UnavailableError), (504, cc.ServerError), (599, cc.ServerError),
])
def test_each_error_status_is_its_own_error(client, status, kind):
    carecloud, mocked = client
    mocked.get(f"{API}/x", status=status, headers={"Retry-After": " 7 "}, json={"error": {
        "title": "Title", "detail": "Detail", "type": "some_type",
        "error_data": {"invalid_params": [{"name": "customer.email", "reason": "empty"}, "junk"]}}})
    with pytest.raises(cc.CareCloudError) as raised:
        carecloud.get("/x")
    error = raised.value
    assert type(error) is kind
    assert (error.status, error.title, error.detail, error.error_type, error.retry_after) == (
        status, "Title", "Detail", "some_type", 7.0)
    assert error.invalid_params == [{"name": "customer.email", "reason": "empty"}]
    assert str(error) == f"CareCloud {status}: Title (Detail)"


def test_an_error_without_a_body_is_named_by_its_reason(client):
    carecloud, mocked = client
    mocked.get(f"{API}/x", status=502, body="")
    with pytest.raises(cc.ServerError) as raised:
        carecloud.get("/x")
    error = raised.value
    assert (error.title, error.detail, error.error_type, error.invalid_params, error.retry_after) == (
        "Bad Gateway", "", "", [], None)


@pytest.mark.parametrize("error_data", [None, [], {"invalid_params": "x"}, {"invalid_params": None}])
def test_odd_error_data_gives_no_field_errors(client, error_data):
    carecloud, mocked = client
    mocked.get(f"{API}/x", status=400, json={"error": {"title": "Bad", "error_data": error_data}})
    with pytest.raises(cc.ValidationError) as raised:
        carecloud.get("/x")
    assert raised.value.invalid_params == [] and raised.value.field_errors == {}


@pytest.mark.parametrize("body", [{"error": "flat text"}, {"error": ["x"]}, {}])
def test_an_error_body_without_an_error_record_still_maps_by_status(client, body):
    carecloud, mocked = client
    mocked.get(f"{API}/x", status=404, json=body)
    with pytest.raises(cc.NotFoundError) as raised:
        carecloud.get("/x")
    assert raised.value.title == "Not Found"


@pytest.mark.parametrize("status, body, data", [
    (200, {"data": {"a": 1}}, {"a": 1}),
    (201, {"data": [1]}, [1]),
    (200, {"no": "data"}, None),
    (204, None, None),
    (200, None, None),  # an empty 200
])
def test_a_success_returns_the_data_of_the_body(client, status, body, data):
    carecloud, mocked = client
    mocked.get(f"{API}/x", status=status, **({"json": body} if body is not None else {"body": ""}))
    assert carecloud.get("/x") == data


def test_the_request_carries_json_params_and_the_base_url_without_a_double_slash(client):
    carecloud, mocked = client
    mocked.put(f"{API}/things/1", status=204)
    with translation.override("cs"):
        carecloud.put("/things/1", token="tok", params={"a": "1"}, json={"b": 2})
    request = mocked.calls[0].request
    assert request.url == f"{API}/things/1?a=1"
    assert request.body == b'{"b": 2}'
    assert (request.headers["Accept"], request.headers["Accept-Language"], request.headers["Authorization"]) == (
        "application/json", "cs", "Bearer tok")


def test_an_explicit_language_wins_and_no_token_sends_no_authorization(client):
    carecloud, mocked = client
    mocked.delete(f"{API}/x", status=204)
    carecloud.delete("/x", language="en")
    assert mocked.calls[0].request.headers["Accept-Language"] == "en"
    assert "Authorization" not in mocked.calls[0].request.headers


def test_basic_auth_names_the_user_and_the_token():
    carecloud = CareCloudClient(base_url=API, auth_scheme="basic", username="customer_interface")
    assert carecloud._auth_header("tok") == {"Authorization": "Basic Y3VzdG9tZXJfaW50ZXJmYWNlOnRvaw=="}
    assert carecloud._auth_header(None) == {"Authorization": "Basic Y3VzdG9tZXJfaW50ZXJmYWNlOg=="}


@pytest.mark.parametrize("data, expected", [
    ({"things": [{"id": 1}, {"id": 2}], "total_items": 12}, Page([{"id": 1}, {"id": 2}], 12, 2, 4)),
    ({"things": [{"id": 1}], "total_items": 0}, Page([{"id": 1}], 5, 2, 4)),  # never less than was seen
    ({"things": [{"id": 1}]}, Page([{"id": 1}], 5, 2, 4, total_known=False)),
    ({"things": [{"id": 1}], "total_items": True}, Page([{"id": 1}], 5, 2, 4, total_known=False)),
    ({"things": None, "total_items": "12"}, Page([], 4, 2, 4, total_known=False)),
    ([1, 2], Page([], 4, 2, 4, total_known=False)),
])
def test_a_page_trusts_its_fields_only_as_far_as_they_go(client, data, expected):
    carecloud, mocked = client
    mocked.get(f"{API}/things", json={"data": data})
    assert carecloud.page("/things", "things", count=2, offset=4, params={"q": "x"}) == expected
    assert mocked.calls[0].request.url == f"{API}/things?q=x&count=2&offset=4"


@pytest.mark.parametrize("page, has_next", [
    (Page([{}] * 2, 4, 2, 2, total_known=False), True),  # full page, no total: maybe more
    (Page([{}], 3, 2, 2, total_known=False), False),
    (Page([], 0, 0, 0, total_known=False), False),
    (Page([{}] * 2, 6, 2, 2), True),
    (Page([{}] * 2, 4, 2, 2), False),
])
def test_page_has_next(page, has_next):
    assert page.has_next is has_next


def test_field_errors_group_parameters_by_their_last_name_segment():
    error = cc.ValidationError(400, invalid_params=[{"name": "customer.email", "reason": "a"},
                                                    {"name": "email", "reason": "b"}, {"reason": "c"}])
    assert error.field_errors == {"email": [{"name": "customer.email", "reason": "a"},
                                            {"name": "email", "reason": "b"}], "": [{"reason": "c"}]}


def test_an_error_without_a_status_names_its_kind():
    assert str(cc.UnavailableError()) == "CareCloud unreachable: UnavailableError"
    assert cc.ValidationError().status == 400 and cc.ValidationError(422).status == 422


# --- resources' and reference's helpers -------------------------------------------------------------


@pytest.mark.parametrize("language, active, expected", [("en-us", "cs", "en"), (None, "cs", "cs"), ("CS", "en", "cs")])
def test_careclouds_language_id_is_the_two_letter_code(language, active, expected):
    with translation.override(active):
        assert resources._language(language) == expected


def test_query_helpers():
    assert (resources._flag(True), resources._flag(False), resources._flag(None)) == ("true", "false", None)
    assert resources._params(a=None, b="false", c=0) == {"b": "false", "c": 0}
    assert resources._segment("a/b c?") == "a%2Fb%20c%3F"


def test_reference_names_skip_records_without_an_id():
    items = [{"id": "1", "name": "One"}, {"id": 2, "name": None}, {"name": "No id"}, "junk", {"id": "", "name": "x"}]
    assert reference.names(items, "id") == {"1": "One", "2": ""}
    assert reference.names(None, "id") == {}
    assert reference.names([{"id": "1", "title": "T"}], "id", "title") == {"1": "T"}


def test_reference_lists_are_cached_per_language_and_a_failure_is_not():
    cache.clear()
    calls = []

    def fetch():
        calls.append(translation.get_language())
        if len(calls) == 1:
            raise cc.ServerError(500)
        return [len(calls)]

    with translation.override("en"):
        with pytest.raises(cc.ServerError):
            reference.cached("things", fetch)
        assert reference.cached("things", fetch) == [2]
        assert reference.cached("things", fetch) == [2]  # from the cache
    with translation.override("cs"):
        assert reference.cached("things", fetch) == [3]
    assert calls == ["en", "en", "cs"]
