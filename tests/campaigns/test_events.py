"""Campaign visits start marketing scenarios (portal/campaigns/events.py), against the live
sandbox and its record of the events it received (``/_sandbox/events.json``): an event per
member, campaign and action a day, with the campaign and the UTM values; none without the
consent, for a visitor, in a staff preview, or when not configured; and the page unaffected by a
failing or slow ``POST /events``."""

import logging
import time
from http import HTTPStatus

import pytest
from django.test import Client

from portal.campaigns import events
from portal.carecloud import resources
from portal.sandbox.seed import credits as seeded
from tests.staff.conftest import staff_sign_in, start_preview
from tests.support.staff import create_staff

from .conftest import AUTUMN, CHRISTMAS, SLUGS, UNKNOWN, canonical, url

pytestmark = pytest.mark.usefixtures("fresh_sandbox")


@pytest.fixture(autouse=True)
def configured(settings):
    settings.PORTAL_MARKETING_EVENTS = {"view": seeded.EVENT_TYPE_CAMPAIGN_VIEW, "cta": seeded.EVENT_TYPE_CAMPAIGN_CTA}
    settings.PORTAL_MARKETING_EVENTS_CONSENT = "marketing_communication"


def received(sandbox, customer_id=None):
    events.wait_idle()
    params = {"customer_id": customer_id} if customer_id else {}
    return sandbox.http.get(f"{sandbox.url}/_sandbox/events.json", params=params, timeout=10).json()["events"]


def take_part(campaign_id=AUTUMN):
    return url("campaigns:take-part", campaign_id=campaign_id, slug=SLUGS[campaign_id]["en"])


def test_a_visit_and_its_call_to_action_each_make_one_event_a_day(customer_client, sandbox, ids):
    for _ in range(3):
        assert customer_client.get(canonical(AUTUMN) + "?utm_source=newsletter&utm_medium=email").status_code == 200
    response = customer_client.get(take_part())
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == url("rewards:reward-list")
    customer_client.get(take_part())
    found = received(sandbox, ids.DEMO_CUSTOMER)
    assert sorted(e["event_type_id"] for e in found) == sorted([seeded.EVENT_TYPE_CAMPAIGN_VIEW,
                                                                seeded.EVENT_TYPE_CAMPAIGN_CTA])
    view = next(e for e in found if e["event_type_id"] == seeded.EVENT_TYPE_CAMPAIGN_VIEW)
    assert view["data"] == {"campaign_id": AUTUMN, "action": "view", "utm_source": "newsletter", "utm_medium": "email"}
    assert {"property_id": "campaign_id", "property_value": AUTUMN} in view["property_records"]
    assert {"property_id": "utm_source", "property_value": "newsletter"} in view["property_records"]
    # the call to action keeps the visit's attribution
    cta = next(e for e in found if e["event_type_id"] == seeded.EVENT_TYPE_CAMPAIGN_CTA)
    assert cta["data"]["utm_source"] == "newsletter"
    # another campaign is another event
    customer_client.get(canonical(CHRISTMAS))
    assert len(received(sandbox, ids.DEMO_CUSTOMER)) == 3


def test_the_campaign_page_links_its_call_to_action(customer_client):
    assert f'href="{take_part()}"' in customer_client.get(canonical(AUTUMN)).content.decode()


def test_no_event_without_the_consent(second_customer_client, sandbox):
    assert second_customer_client.get(canonical(AUTUMN)).status_code == HTTPStatus.OK
    second_customer_client.get(take_part())
    assert received(sandbox) == []


def test_no_event_for_a_visitor(anonymous, sandbox):
    assert anonymous.get(canonical(AUTUMN)).status_code == HTTPStatus.OK
    assert received(sandbox) == []


def test_off_unless_configured(customer_client, sandbox, settings):
    settings.PORTAL_MARKETING_EVENTS = {}
    customer_client.get(canonical(AUTUMN))
    settings.PORTAL_MARKETING_EVENTS = {"cta": seeded.EVENT_TYPE_CAMPAIGN_CTA}  # view not mapped
    customer_client.get(canonical(AUTUMN))
    settings.PORTAL_MARKETING_EVENTS_CONSENT = ""
    customer_client.get(take_part())
    assert received(sandbox) == []


def test_no_event_during_a_staff_preview(enterprise, sandbox, db):
    client = Client()
    assert staff_sign_in(client, create_staff()).status_code == HTTPStatus.FOUND
    assert start_preview(client).status_code == HTTPStatus.FOUND
    assert client.get(canonical(AUTUMN)).status_code == HTTPStatus.OK
    client.get(take_part())
    assert received(sandbox) == []


def test_a_made_up_campaign_has_no_call_to_action(customer_client, sandbox):
    response = customer_client.get(url("campaigns:take-part", campaign_id=UNKNOWN, slug="x"))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert received(sandbox) == []


def test_a_failing_post_events_leaves_the_page_alone_and_is_not_retried(customer_client, sandbox, ids,
                                                                         fail_next_write, caplog):
    customer_client.get(canonical(CHRISTMAS))  # the portal's anonymous token for public pages exists now
    assert len(received(sandbox)) == 1
    writes = fail_next_write(503)
    before = len(writes)
    with caplog.at_level(logging.WARNING, logger="portal.campaigns.events"):
        assert customer_client.get(canonical(AUTUMN)).status_code == HTTPStatus.OK
        assert len(received(sandbox)) == 1
    assert writes[before:] == ["POST"]  # sent once, never again
    assert "marketing event dropped" in caplog.text
    customer_client.get(canonical(AUTUMN))  # the same day: not sent again either
    assert len(received(sandbox)) == 1 and writes[before:] == ["POST"]


def test_a_slow_post_events_does_not_delay_the_page(customer_client, sandbox, monkeypatch):
    real = resources.event_create

    def slow(**kwargs):
        time.sleep(3)
        return real(**kwargs)

    monkeypatch.setattr(resources, "event_create", slow)
    customer_client.get(canonical(AUTUMN))  # warm the public cache of the campaign
    events.wait_idle()
    started = time.monotonic()
    assert customer_client.get(canonical(CHRISTMAS)).status_code == HTTPStatus.OK
    assert time.monotonic() - started < 2
    assert len(received(sandbox)) == 2


def test_an_event_is_handed_over_only_once_the_answer_is_delivered(monkeypatch, rf):
    """The view notes; Django's request_finished (the response closed after delivery) hands over;
    a request that starts in the same thread forgets what an undelivered one left."""

    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    # as Django's test client does: the test's transaction keeps its connection
    request_finished.disconnect(close_old_connections)
    request_started.disconnect(close_old_connections)
    try:
        _hand_over_once_delivered(monkeypatch, rf, request_started, request_finished)
    finally:
        request_finished.connect(close_old_connections)
        request_started.connect(close_old_connections)


def _hand_over_once_delivered(monkeypatch, rf, request_started, request_finished):
    from types import SimpleNamespace

    handed = []
    monkeypatch.setattr(events, "_enqueue", lambda context, event: handed.append(event))
    request = rf.get("/")
    request.customer = SimpleNamespace(is_authenticated=True, customer_id="c1", token="t1")
    request_started.send(sender=None)
    events.note_campaign_event(request, campaign_id=AUTUMN, action="view")
    assert handed == []  # not while the page is being made
    request_finished.send(sender=None)
    assert [(e.customer_id, e.campaign_id, e.action) for e in handed] == [("c1", AUTUMN, "view")]
    request_finished.send(sender=None)
    assert len(handed) == 1  # handed over once
    events.note_campaign_event(request, campaign_id=AUTUMN, action="cta")  # its answer never delivered
    request_started.send(sender=None)
    request_finished.send(sender=None)
    assert len(handed) == 1
