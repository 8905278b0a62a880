"""Resources: what the portal sends CareCloud and what it makes of the answer, on a fake client
(path, parameters and body, and the result, including an empty answer); and the staff preview's
login of a fresh customer token with an authentication token, against the live sandbox."""

from types import SimpleNamespace

import pytest

from portal.carecloud import enterprise as operations
from portal.carecloud import resources


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
