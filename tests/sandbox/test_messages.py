"""Messages against the live sandbox (getMessages, getMessage, getSubMessageDetail): the
customer's own only, the filters, paging and sorting, the bodies as they were sent."""

from http import HTTPStatus

import pytest

from portal.sandbox.seed import messages as seed


def data(response):
    assert response.status_code == HTTPStatus.OK, response.text
    return response.json()["data"]


def test_the_customers_messages_newest_first_and_paged(customer_api, demo_token, ids):
    first = data(customer_api.get("/messages", token=demo_token, params={
        "customer_id": ids.DEMO_CUSTOMER, "sort_field": "send_time", "sort_direction": "DESC", "count": 10}))
    assert first["total_items"] == 12 and len(first["messages"]) == 10
    assert first["messages"][0]["message_id"] == seed.MESSAGE_NEWEST
    times = [m["send_time"] for m in first["messages"]]
    assert times == sorted(times, reverse=True)
    assert [bool(m.get("opened_time")) for m in first["messages"][:4]] == [False, False, False, True]
    rest = data(customer_api.get("/messages", token=demo_token, params={
        "sort_field": "send_time", "sort_direction": "DESC", "count": 10, "offset": 10}))
    assert len(rest["messages"]) == 2 and {m["customer_id"] for m in rest["messages"]} == {ids.DEMO_CUSTOMER}


def test_filters_by_send_time_and_channel(customer_api, demo_token):
    everything = data(customer_api.get("/messages", token=demo_token))["messages"]
    third_newest = sorted(m["send_time"] for m in everything)[-3]
    since = data(customer_api.get("/messages", token=demo_token, params={"send_time_from": third_newest}))
    assert since["total_items"] == 3  # the start is included
    texts = data(customer_api.get("/messages", token=demo_token, params={"communication_channel_id": "2"}))
    assert texts["total_items"] == 2 and {m["communication_channel_id"] for m in texts["messages"]} == {2}
    wrong = customer_api.get("/messages", token=demo_token, params={"send_time_from": "yesterday"})
    assert wrong.status_code == HTTPStatus.BAD_REQUEST


def test_a_messages_detail_carries_both_bodies(customer_api, demo_token):
    html_only = data(customer_api.get(f"/messages/{seed.MESSAGE_HTML_ONLY}/detail", token=demo_token))
    assert html_only["plain_text_body"] == "" and html_only["html_body"].startswith("<html>")
    newest = data(customer_api.get(f"/messages/{seed.MESSAGE_NEWEST}/detail", token=demo_token))
    assert newest["attachments"] == [{"attachment_format": "podminky-programu.pdf"}]
    assert data(customer_api.get(f"/messages/{seed.MESSAGE_NEWEST}", token=demo_token))["title"] == \
        "Vaše karta je skoro plná"


@pytest.mark.parametrize("suffix", ["", "/detail"])
def test_another_customers_message_does_not_exist_for_a_customer(customer_api, enterprise_api, second_token,
                                                                 staff_token, suffix):
    path = f"/messages/{seed.MESSAGE_NEWEST}{suffix}"
    assert customer_api.get(path, token=second_token).status_code == HTTPStatus.NOT_FOUND
    assert enterprise_api.get(path, token=staff_token).status_code == HTTPStatus.OK


def test_a_customer_filter_naming_another_customer_is_refused(customer_api, second_token, ids):
    refused = customer_api.get("/messages", token=second_token, params={"customer_id": ids.DEMO_CUSTOMER})
    assert refused.status_code == HTTPStatus.FORBIDDEN
    own = data(customer_api.get("/messages", token=second_token))["messages"]
    assert [m["message_id"] for m in own] == [seed.MESSAGE_SECOND]
