"""Marketing-automation events against the live sandbox: postEvent (validated like the real one,
only on the token's own customer) and the control page of what was received."""

from http import HTTPStatus

import pytest

from portal.sandbox.seed import credits as seed

pytestmark = pytest.mark.usefixtures("fresh_sandbox")


def event(customer_id, **fields):
    return {"event": {"event_type_id": seed.EVENT_TYPE_CAMPAIGN_VIEW, "customer_id": customer_id,
                      "external_id": "portal-view-1", "data": {"campaign_id": "c1"}, **fields},
            "property_records": [{"property_id": "campaign_id", "property_value": "c1"}]}


def received(sandbox):
    response = sandbox.http.get(f"{sandbox.url}/_sandbox/events.json", timeout=10)
    return response.json()["events"]


def test_an_event_is_created_and_shown_on_the_control_page(sandbox, customer_api, demo_token, ids):
    response = customer_api.post("/events", token=demo_token, json=event(ids.DEMO_CUSTOMER))
    assert response.status_code == HTTPStatus.CREATED, response.text
    [found] = received(sandbox)
    assert found["event_id"] == response.json()["data"]["event_id"]
    assert found["customer_id"] == ids.DEMO_CUSTOMER and found["event_type"] == "Campaign page viewed"
    assert found["property_records"] == [{"property_id": "campaign_id", "property_value": "c1"}]
    page = sandbox.http.get(f"{sandbox.url}/_sandbox/events", timeout=10)
    assert page.status_code == HTTPStatus.OK and "Campaign page viewed" in page.text


def test_an_event_on_another_customer_is_forbidden(sandbox, customer_api, demo_token, ids):
    response = customer_api.post("/events", token=demo_token, json=event(ids.SECOND_CUSTOMER))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert received(sandbox) == []


@pytest.mark.parametrize("fields, name", [
    ({"event_type_id": "nope"}, "event_type_id"),
    ({"customer_identifier_type": "email", "customer_identifier_value": "demo@example.com"},
     "customer_identifier_type"),
])
def test_bad_events_are_refused(customer_api, demo_token, ids, fields, name):
    response = customer_api.post("/events", token=demo_token, json=event(ids.DEMO_CUSTOMER, **fields))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert name in {p["name"] for p in response.json()["error"]["error_data"]["invalid_params"]}


def test_event_types(customer_api, demo_token):
    types = customer_api.get("/event-types", token=demo_token).json()["data"]["event_types"]
    assert {t["text_id"] for t in types} == {"campaign_page_view", "campaign_cta"}
