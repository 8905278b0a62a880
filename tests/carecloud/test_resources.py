"""Resources: what the portal sends CareCloud and what it makes of the answer, on a fake client
(path, parameters and body, and the result, including an empty answer), or on a real one whose request
method is faked (paged reads, whole lists, a picture's download); and the staff preview's
login of a fresh customer token with an authentication token, against the live sandbox."""

from types import SimpleNamespace

import pytest
import responses

from portal.carecloud import enterprise as operations
from portal.carecloud import resources
from portal.carecloud.client import CareCloudClient
from portal.carecloud.exceptions import ServerError


def test_an_authentication_token_logs_a_fresh_token_in_as_its_customer(enterprise, ids):
    authentication_token, request_id = operations.customer_auth_token(customer_id=ids.DEMO_CUSTOMER)
    token = resources.token_create(device_id="pytest-auth-token-login")
    assert resources.token_auth_token_login(token=token, authentication_token=authentication_token,
                                            token_request_id=request_id) == ids.DEMO_CUSTOMER
    assert resources.customer_get(token=token, customer_id=ids.DEMO_CUSTOMER)["customer_id"] == ids.DEMO_CUSTOMER


TOKEN_BODY = {
    "device": {"device_id": "d1", "device_system": "web", "device_name": "Customer portal", "device_type": "browser"},
    "setup": {"language_id": "cs", "allowed_gps": False, "allowed_notifications": False},
    "external_application_id": "app-1",
}

CASES = [
    # (call, answer, (method, path, keyword arguments sent), result)
    (lambda: resources.token_create(device_id="d1", language="cs-cz"), {"token_id": "tok"},
     ("POST", "/tokens", {"json": TOKEN_BODY}), "tok"),
    (lambda: resources.wallet_points_expiration(token="t", customer_id="c1"), {"points": 5, "date": "2026-12-31"},
     ("GET", "/wallet/actions/points-expiration-overview", {"token": "t", "params": {"customer_id": "c1"}}),
     {"points": 5, "date": "2026-12-31"}),
    (lambda: resources.wallet_points_expiration(token="t", customer_id="c1"), None,
     ("GET", "/wallet/actions/points-expiration-overview", {"token": "t", "params": {"customer_id": "c1"}}), {}),
    (lambda: resources.languages(list_type="customer-communication"),
     {"languages": [{"language_id": "cs"}, "junk"]},
     ("GET", "/languages", {"params": {"language_list_type": "customer-communication"}}), [{"language_id": "cs"}]),
    (lambda: resources.customer_registration_ability(token="t", kind="email", value="a@example.com"),
     {"registration_ability": False},
     ("POST", "/customers/actions/check-registration-ability",
      {"token": "t", "json": {"type": "email", "value": "a@example.com"}}), False),
    (lambda: resources.product_get(token="t", product_id="p 1"), {"product_id": "p 1", "name": "Tea"},
     ("GET", "/products/p%201", {"token": "t"}), {"product_id": "p 1", "name": "Tea"}),
    (lambda: resources.product_get(token="t", product_id="p1"), None, ("GET", "/products/p1", {"token": "t"}), {}),
]


@pytest.mark.parametrize(("call", "answer", "sent", "result"), CASES)
def test_a_resource_sends_what_carecloud_expects_and_shapes_its_answer(monkeypatch, settings, call, answer, sent,
                                                                        result):
    settings.CARECLOUD_EXTERNAL_APP_ID = "app-1"
    requests = []

    def send(method):
        return lambda path, **kwargs: requests.append((method, path, kwargs)) or answer

    monkeypatch.setattr(resources, "get_client", lambda: SimpleNamespace(get=send("GET"), post=send("POST")))
    assert call() == result
    assert requests == [sent]


# --- through the client's paging: what reaches CareCloud's request method ---------------------------------


@pytest.fixture
def upstream_answers(monkeypatch):
    """A real client (its paging and downloads) whose one request method records what it is asked and
    answers with ``upstream_answers.answer``."""
    client = CareCloudClient(base_url="https://club.example.com/v1.0", max_retries=0)
    sent = SimpleNamespace(requests=[], answer=None)
    monkeypatch.setattr(client, "request", lambda method, path, **kwargs: sent.requests.append(
        (method, path, kwargs)) or sent.answer)
    monkeypatch.setattr(resources, "get_client", lambda: client)
    return sent


def test_a_page_of_messages_is_asked_newest_first(upstream_answers):
    upstream_answers.answer = {"messages": [{"message_id": "m1"}], "total_items": 31}
    page = resources.messages(token="t", customer_id="c1", count=10, offset=20, send_time_from="2026-12-01 00:00:00")
    assert (page.items, page.total) == ([{"message_id": "m1"}], 31)
    assert upstream_answers.requests == [("GET", "/messages", {"token": "t", "params": {
        "customer_id": "c1", "send_time_from": "2026-12-01 00:00:00", "sort_field": "send_time",
        "sort_direction": "DESC", "count": 10, "offset": 20}})]


def test_a_page_of_credit_history_is_asked_newest_first(upstream_answers):
    upstream_answers.answer = {"credit_history": [{"credit_history_record_id": "h1"}], "total_items": 1}
    assert resources.credit_history(token="t", customer_id="c1", count=5, offset=0).items == [
        {"credit_history_record_id": "h1"}]
    assert upstream_answers.requests == [("GET", "/credit-history", {"token": "t", "params": {
        "customer_id": "c1", "sort_field": "credit_history_record_time", "sort_direction": "DESC",
        "count": 5, "offset": 0}})]


def test_as_many_recommendations_are_asked_as_the_caller_wants(upstream_answers):
    upstream_answers.answer = {"recommendations": [{"hint_record_id": "r1"}], "total_items": 1}
    page = resources.customer_recommendations(token="t", customer_id="c 1", count=6)
    assert (page.items, page.count) == ([{"hint_record_id": "r1"}], 6)
    assert upstream_answers.requests == [("GET", "/customers/c%201/recommendation-records",
                                          {"token": "t", "params": {"count": 6, "offset": 0}})]


@pytest.mark.parametrize(("call", "path", "params"), [
    (lambda: resources.messages_every(token="t", customer_id="c1"), "/messages",
     {"customer_id": "c1", "sort_field": "send_time", "sort_direction": "DESC"}),
    (lambda: resources.credit_history_every(token="t", customer_id="c1"), "/credit-history",
     {"customer_id": "c1", "sort_field": "credit_history_record_time", "sort_direction": "DESC"}),
])
def test_a_whole_history_is_read_newest_first(upstream_answers, call, path, params):
    plural = path.strip("/").replace("-", "_")
    upstream_answers.answer = {plural: [{"id": "x1"}, {"id": "x2"}], "total_items": 2}
    assert call() == [{"id": "x1"}, {"id": "x2"}]
    assert upstream_answers.requests == [("GET", path, {"token": "t", "params": {
        **params, "count": resources.EVERY_PAGE_SIZE, "offset": 0}})]


def test_a_campaigns_offers_are_read_whole(upstream_answers):
    upstream_answers.answer = {"campaign_products": [{"campaign_product_id": "p1"}], "total_items": 1}
    assert resources.campaign_products_every(token="t", campaign_id="k1", is_valid=True) == [
        {"campaign_product_id": "p1"}]
    assert upstream_answers.requests == [("GET", "/campaign-products", {"token": "t", "params": {
        "campaign_id": "k1", "is_valid": "true", "count": resources.EVERY_PAGE_SIZE, "offset": 0}})]


@pytest.mark.parametrize(("card_number", "body"), [
    (None, {"card_type_id": "ct1", "customer_id": "c1"}),  # the pool's next card
    ("2000123", {"card_type_id": "ct1", "customer_id": "c1", "card_number": "2000123"}),
])
def test_a_free_card_is_assigned_to_the_customer_and_its_id_returned(upstream_answers, card_number, body):
    upstream_answers.answer = {"card_id": "card-9"}
    assert resources.card_assign_free(token="t", customer_id="c1", card_type_id="ct1",
                                      card_number=card_number) == "card-9"
    assert upstream_answers.requests == [("POST", "/cards/actions/assign-free-card", {"token": "t", "json": body})]


def test_a_free_card_without_an_id_in_the_answer_is_a_malformed_response(upstream_answers):
    upstream_answers.answer = {"card_number": "2000123"}
    with pytest.raises(ServerError, match="card_id is missing"):
        resources.card_assign_free(token="t", customer_id="c1", card_type_id="ct1")


def test_an_event_is_posted_on_the_customer_with_the_token(upstream_answers):
    upstream_answers.answer = {"event_id": "e1"}
    records = [{"property_id": "campaign", "property_value": "k1"}]
    assert resources.event_create(token="t", customer_id="c1", event_type_id="et1", external_id="portal-x",
                                  data={"campaign_id": "k1"}, created_at="2026-12-07 10:00:00",
                                  property_records=records) == "e1"
    assert upstream_answers.requests == [("POST", "/events", {"token": "t", "json": {
        "event": {"event_type_id": "et1", "customer_id": "c1", "external_id": "portal-x",
                  "data": {"campaign_id": "k1"}, "created_at": "2026-12-07 10:00:00"},
        "property_records": records}})]


def test_an_authentication_token_for_another_application_comes_with_its_expiry(upstream_answers):
    upstream_answers.answer = {"authentication_token": "a1", "token_request_id": "r1",
                               "valid_to": "2026-12-07 10:05:00"}
    assert resources.token_auth_token_for(token="t/1", external_application_id="shop") == {
        "authentication_token": "a1", "token_request_id": "r1", "valid_to": "2026-12-07 10:05:00"}
    assert upstream_answers.requests == [("GET", "/tokens/t%2F1/actions/auth-token", {
        "token": "t/1", "params": {"external_application_id": "shop", "token_type": 1}})]


@responses.activate
def test_a_picture_is_fetched_from_the_url_given_and_the_hosts_allowed(upstream_answers):
    responses.get("https://images.example.net/offer.png", body=b"\x89PNG", content_type="image/png")
    assert resources.picture_download(url="https://images.example.net/offer.png", max_bytes=100,
                                      hosts=("images.example.net",)) == (b"\x89PNG", "image/png")
    with pytest.raises(ServerError, match="Unexpected file URL"):  # a host not given
        resources.picture_download(url="https://images.example.net/offer.png", max_bytes=100)
