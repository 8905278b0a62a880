"""Issue 19's panels on the overview against the live sandbox: the stamp card closest to full, the
new messages' count (also the Messages entry's badge, from what the overview read, never a call
of its own) and picks for you; absent or empty for a member registered just now; a failing read
of any of them leaves the overview up with the rest."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from portal.sandbox.seed import campaigns as seed_campaigns
from portal.sandbox.seed import loyalty as seed_loyalty
from portal.sandbox.seed import recommendations as seed_recommendations
from portal.stampcards import selectors as stampcards
from tests.conftest import failing


def get(client, name, language="en"):
    with translation.override(language):
        return client.get(reverse(name))


def picks_section(body: str) -> str:
    match = re.search(r'<section class="picks".*?</section>', body, re.S)
    return match.group(0) if match else ""


@pytest.mark.parametrize("language", ["en", "cs"])
def test_the_demo_customers_overview_shows_the_closest_card_new_messages_and_picks(customer_client, demo_session,
                                                                                  demo_api, ids, language):
    with translation.override(language):  # its name in the page's language
        closest = stampcards.closest_stamp_card(session=demo_session)
    assert closest is not None  # the demo customer has a card half full
    new = len([m for m in demo_api("/messages", customer_id=ids.DEMO_CUSTOMER, count=50)["messages"]
               if not m.get("opened_time")])
    records = demo_api(f"/customers/{ids.DEMO_CUSTOMER}/recommendation-records",
                       language=language)["recommendations"]

    response = get(customer_client, "overview:dashboard", language)
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    with translation.override(language):
        assert gettext("Closest stamp card") in body and closest.name in body
        assert f'class="big-number new-messages-count">{new}<' in body
        assert ngettext("new message", "new messages", new) in body
        picks = picks_section(body)
        assert gettext("Picks for you") in picks
    assert [r["name"] for r in records][:3] == re.findall(r'class="pick-tile__name"><a [^>]*>([^<]+)<', picks)
    # Each pick leads where it points: a reward's page, a campaign's page in the portal, the shop.
    with translation.override(language):
        assert reverse("rewards:reward-detail", kwargs={"reward_id": seed_loyalty.REWARD_BEANS}) in picks
        assert reverse("campaigns:link", kwargs={"campaign_id": seed_campaigns.CAMPAIGN_AUTUMN_COFFEE}) in picks
    assert 'href="https://shop.example.com/products/cinnamon-roll" rel="noopener noreferrer"' in picks
    # A picture where the record has one, the theme's default picture where it has none.
    images = re.findall(r'<img class="tile__image" src="([^"]+)"', picks)
    assert len(images) == 3 and images[0].endswith("colombia-supremo.svg") and "/_sandbox/" not in images[1]
    # The Messages entry carries the count the overview read.
    assert f'<span class="nav-badge">{new}<' in body


def test_the_rewards_page_shows_the_picks_too(customer_client):
    body = get(customer_client, "rewards:reward-list").content.decode()
    assert "Whole bean coffee for home" in picks_section(body)


def test_the_badge_comes_from_the_overviews_read_never_a_call_of_its_own(customer_client, sandbox, ids):
    since = sandbox.last_seq()
    body = get(customer_client, "rewards:voucher-list").content.decode()  # before any overview: no count kept
    assert 'class="nav-badge"' not in body
    get(customer_client, "overview:dashboard")
    since = sandbox.last_seq()
    body = get(customer_client, "rewards:voucher-list").content.decode()
    assert 'class="nav-badge"' in body
    assert "getMessages" not in [e["operation_id"] for e in sandbox.requests_log(since)]


@pytest.mark.parametrize("language", ["en", "cs"])
def test_a_new_member_has_no_stamp_card_panel_no_picks_and_no_new_messages(new_customer_client, language):
    body = get(new_customer_client, "overview:dashboard", language).content.decode()
    with translation.override(language):
        assert gettext("Closest stamp card") not in body
        assert gettext("Picks for you") not in body
        assert 'class="big-number new-messages-count">0<' in body
    assert 'class="nav-badge"' not in body
    assert gettext("Picks for you") not in get(new_customer_client, "rewards:reward-list", language).content.decode()


@pytest.mark.parametrize("language", ["en", "cs"])
def test_failing_panel_reads_leave_the_overview_up_with_the_rest(customer_client, carecloud, upstream, language):
    for path in (r"/customers/[^/]+/recommendation-records", r"/stamper-cards", r"/messages"):
        failing(upstream, carecloud, path)
    response = get(customer_client, "overview:dashboard", language)
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    with translation.override(language):
        for message in ("Picks for you are not available right now.",
                        "Your stamp cards are not available right now.",
                        "Your messages are not available right now."):
            assert gettext(message) in body, message
        assert gettext("Hello, %(name)s") % {"name": "Tereza"} in body
        assert gettext("Rewards to aim for") in body  # the rest is there


def test_a_failing_recommendations_read_leaves_the_rewards_page_up(customer_client, carecloud, upstream):
    failing(upstream, carecloud, r"/customers/[^/]+/recommendation-records")
    response = get(customer_client, "rewards:reward-list")
    assert response.status_code == HTTPStatus.OK
    assert "Picks for you are not available right now." in response.content.decode()


def test_the_demo_seed_names_a_deleted_record_never_shown(customer_client):
    name = seed_recommendations.RECOMMENDATIONS[seed_recommendations.RECOMMENDATION_DELETED]["name"]["en"]
    assert name not in get(customer_client, "overview:dashboard").content.decode()
