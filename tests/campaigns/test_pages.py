"""The public campaign pages against the live sandbox: the list, a campaign's page, its stable
link and canonical address, unknown and finished campaigns, for anonymous visitors, customers and a
brand-new customer, in both languages."""

from http import HTTPStatus
from unittest import mock

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation

from portal.carecloud import resources
from portal.sandbox.seed import campaigns as seeded
from portal.sandbox.seed import loyalty as seed_loyalty
from tests.support.html import parse

from .conftest import ADVENT, AUTUMN, CHRISTMAS, SLUGS, SUMMER, UNKNOWN, canonical, link, text, url

LANGUAGES = ["en", "cs"]


def number(value, language):
    with translation.override(language):
        return floatformat(value, "-2g")


def offer_names(public, campaign_id, language, **params):
    return {o["campaign_product_id"]: o["presentation_data"]["name"]
            for o in public("/campaign-products", language, campaign_id=campaign_id, **params)["campaign_products"]}


# --- the list ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_list_shows_the_campaigns_running_now_in_the_visitors_language(anonymous, public, language):
    response = anonymous.get(url("campaigns:list", language))
    assert response.status_code == HTTPStatus.OK
    html = text(response)
    page = parse(html)
    assert page.h1 and len(page.h1) == 1
    for campaign_id in (AUTUMN, ADVENT):  # active, with offers valid now
        name = public(f"/campaigns/{campaign_id}", language)["name"]
        assert name in html
        assert canonical(campaign_id, language) in page.hrefs()
    for campaign_id in (CHRISTMAS, SUMMER):  # starts later; non-active and over
        assert public(f"/campaigns/{campaign_id}", language)["name"] not in html
    # an offer's name (the sandbox's text in the page's language) is among the highlights
    pumpkin = offer_names(public, AUTUMN, language)[seeded.OFFER_PUMPKIN_LATTE]
    assert pumpkin in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_customer_sees_the_same_list_with_their_navigation(customer_client, public, language):
    response = customer_client.get(url("campaigns:list", language))
    assert response.status_code == HTTPStatus.OK
    html = text(response)
    assert public(f"/campaigns/{AUTUMN}", language)["name"] in html
    assert url("overview:dashboard", language) in parse(html).hrefs()  # the customer's own navigation
    assert 'aria-current="page"' in html


# --- a campaign's page --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_campaign_page_shows_its_offers_with_prices_validity_and_pictures(anonymous, public, language):
    response = anonymous.get(canonical(AUTUMN, language))
    assert response.status_code == HTTPStatus.OK
    html = text(response)
    page = parse(html)
    names = offer_names(public, AUTUMN, language)
    campaign = public(f"/campaigns/{AUTUMN}", language)
    assert page.h1 == [campaign["name"]]
    # offers for the web that have not ended; the till-only and the ended offers are not there
    assert names[seeded.OFFER_PUMPKIN_LATTE] in html and names[seeded.OFFER_COLOMBIA] in html
    assert names[seeded.OFFER_CINNAMON_ROLL] not in html  # display_in: cash desk only
    assert names[seeded.OFFER_ETHIOPIA_ENDED] not in html
    # prices: a final price against the product's regular one, and a percentage off the regular price
    colombia = public(f"/products/{seeded.PRODUCT_COLOMBIA}", language)["prices"][0]["value"]
    latte = public(f"/products/{seeded.PRODUCT_PUMPKIN_LATTE}", language)["prices"][0]["value"]
    assert f"{number(239, language)} CZK" in html and f"{number(colombia, language)} CZK" in html
    assert f"{number(latte * 0.8, language)} CZK" in html and f"{number(latte, language)} CZK" in html
    # pictures as CareCloud gives them (absolute URLs of the sandbox)
    offer = next(o for o in public("/campaign-products", language, campaign_id=AUTUMN)["campaign_products"]
                 if o["campaign_product_id"] == seeded.OFFER_PUMPKIN_LATTE)
    assert f'src="{offer["presentation_data"]["image_url"]}"' in html
    # a call to action that comes back here after logging in
    login = f'{url("accounts:login", language)}?next={canonical(AUTUMN, language).replace("/", "%2F")}'
    assert login in page.hrefs()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_customer_sees_their_points_and_campaign_rewards(customer_client, sandbox, demo_token, ids, language):
    points = sandbox.api().get("/wallet/actions/points-overview", token=demo_token,
                               params={"customer_id": ids.DEMO_CUSTOMER}).json()["data"]["available_points"]
    reward = sandbox.api().get(f"/rewards/{seed_loyalty.REWARD_AUTUMN}", token=demo_token,
                               language=language).json()["data"]
    response = customer_client.get(canonical(AUTUMN, language))
    assert response.status_code == HTTPStatus.OK
    html = text(response)
    assert f"<strong>{number(points, language)}</strong>" in html
    assert reward["reward_group"] == 2 and reward["name"] in html  # the customer's campaign reward
    assert url("rewards:reward-detail", language, reward_id=seed_loyalty.REWARD_AUTUMN) in parse(html).hrefs()
    assert url("rewards:reward-list", language) in parse(html).hrefs()
    assert "?next=" not in html  # no "log in to take part" for a customer


def test_a_new_customer_sees_the_campaign_with_nothing_of_their_own_yet(new_customer_client):
    response = new_customer_client.get(canonical(AUTUMN))
    assert response.status_code == HTTPStatus.OK
    html = text(response)
    assert "You have <strong>0</strong> points to spend." in html
    assert "Pumpkin spice latte 20% off" in html


def test_an_upcoming_campaign_says_when_it_starts(anonymous, public):
    response = anonymous.get(canonical(CHRISTMAS))
    assert response.status_code == HTTPStatus.OK
    html = text(response)
    assert "Starts on" in html
    assert offer_names(public, CHRISTMAS, "en")[seeded.OFFER_MUG] in html
    assert "Coming soon" in html


# --- addresses --------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_stable_link_redirects_permanently_to_the_canonical_address(anonymous, language):
    response = anonymous.get(link(AUTUMN, language))
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == canonical(AUTUMN, language)
    assert SLUGS[AUTUMN][language] in response["Location"]


def test_the_redirect_keeps_the_query_string(anonymous):
    response = anonymous.get(link(AUTUMN), {"utm_source": "newsletter", "utm_medium": "email"})
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == f"{canonical(AUTUMN)}?utm_source=newsletter&utm_medium=email"


@pytest.mark.parametrize("slug", ["wrong", SLUGS[AUTUMN]["cs"], "autumn-coffee-2"])
def test_a_wrong_slug_redirects_permanently_to_the_canonical_address(anonymous, slug):
    response = anonymous.get(url("campaigns:detail", "en", campaign_id=AUTUMN, slug=slug), {"page": "1"})
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == f"{canonical(AUTUMN)}?page=1"


# --- unknown and finished ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("address", ["link", "canonical"])
def test_an_unknown_campaign_is_a_friendly_404_with_a_way_on(anonymous, public, language, address):
    path = link(UNKNOWN, language) if address == "link" else url(
        "campaigns:detail", language, campaign_id=UNKNOWN, slug="anything")
    response = anonymous.get(path)
    assert response.status_code == HTTPStatus.NOT_FOUND
    html = text(response)
    page = parse(html)
    assert f'<html lang="{language}">' in html and len(page.h1) == 1
    assert url("campaigns:list", language) in page.hrefs()
    assert canonical(AUTUMN, language) in page.hrefs()  # a campaign running now, as a way on
    if language == "en":
        assert page.h1 == ["We could not find this campaign"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_finished_campaign_is_410_gone_with_a_way_on(anonymous, public, language):
    name = public(f"/campaigns/{SUMMER}", language)["name"]
    response = anonymous.get(link(SUMMER, language), follow=True)
    assert response.redirect_chain == [(canonical(SUMMER, language), HTTPStatus.MOVED_PERMANENTLY)]
    assert response.status_code == HTTPStatus.GONE
    page = parse(text(response))
    assert len(page.h1) == 1 and name in page.h1[0]
    assert url("campaigns:list", language) in page.hrefs()
    assert canonical(ADVENT, language) in page.hrefs()
    names = offer_names(public, SUMMER, language)
    assert names[seeded.OFFER_ICED_LATTE] not in text(response)


def test_a_campaign_whose_offers_have_all_ended_is_gone_even_while_active(anonymous, days_later, public):
    assert public(f"/campaigns/{AUTUMN}")["state"] == 1
    days_later(14)  # the autumn offers end in 12 days
    assert anonymous.get(canonical(AUTUMN)).status_code == HTTPStatus.GONE
    listed = text(anonymous.get(url("campaigns:list")))
    assert "Autumn coffee" not in listed and "Advent baking" in listed


@pytest.mark.parametrize("campaign_id", ["has space", "dots.and.dots", "x" * 65])
def test_an_id_no_campaign_can_have_is_a_404_without_asking_carecloud(anonymous, sandbox, campaign_id):
    since = sandbox.last_seq()
    response = anonymous.get(f"/en/campaigns/{campaign_id}/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not [e for e in sandbox.requests_log(since) if e.get("operation_id") == "getCampaign"]


@pytest.mark.parametrize("status", [500, 503])
def test_carecloud_failing_gives_the_unavailable_page_never_a_500_of_ours(anonymous, fresh_sandbox, status):
    fresh_sandbox.set_faults(force_status=status)
    try:
        for path in (url("campaigns:list"), canonical(AUTUMN), link(AUTUMN)):
            response = anonymous.get(path)
            assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE, path
            assert "We can't load this right now" in text(response)
            assert "public" not in response.get("Cache-Control", "")  # a CDN must not keep the failure
    finally:
        fresh_sandbox.clear_faults()


# --- offers without a picture of their own (the spec makes presentation_data.image_url optional) ------


def test_an_offer_without_a_picture_shows_its_products_and_one_with_neither_shows_none(anonymous, public):
    """The sandbox's offers all have pictures: the real answers are read over HTTP and the pumpkin
    latte's offer loses its picture, the Colombia offer and its product both lose theirs."""
    real_offers, real_product = resources.campaign_products_every, resources.product_get

    def offers_without_pictures(**kwargs):
        return [{**offer, "presentation_data": {**offer["presentation_data"], "image_url": None}}
                if offer.get("campaign_product_id") in (seeded.OFFER_PUMPKIN_LATTE, seeded.OFFER_COLOMBIA)
                else offer for offer in real_offers(**kwargs)]

    def products(**kwargs):
        product = real_product(**kwargs)
        if kwargs["product_id"] == seeded.PRODUCT_COLOMBIA:
            product = {**product, "image_urls": ["javascript:alert(1)", ""]}  # nothing usable
        return product

    with mock.patch.object(resources, "campaign_products_every", offers_without_pictures), \
            mock.patch.object(resources, "product_get", products):
        response = anonymous.get(canonical(AUTUMN))
    assert response.status_code == HTTPStatus.OK
    html = text(response)
    names = offer_names(public, AUTUMN, "en")
    assert names[seeded.OFFER_PUMPKIN_LATTE] in html and names[seeded.OFFER_COLOMBIA] in html
    # the product's own picture stands in for the offer's, as CareCloud gives it (an absolute URL)
    product_picture = public(f"/products/{seeded.PRODUCT_PUMPKIN_LATTE}")["image_urls"][0]
    assert product_picture.startswith("http://127.0.0.1:")
    assert f'src="{product_picture}"' in html
    # no offer's own picture of these two, and nothing unusable passed on
    for offer in public("/campaign-products", campaign_id=AUTUMN)["campaign_products"]:
        if offer["campaign_product_id"] in (seeded.OFFER_PUMPKIN_LATTE, seeded.OFFER_COLOMBIA):
            assert offer["presentation_data"]["image_url"] not in html
    assert "javascript:" not in html
    # the offer with neither picture gets the theme's default picture, as a tile without a picture does
    tiles = {name: tile for tile in html.split('<article class="tile offer">')[1:]
             for name in (names[seeded.OFFER_PUMPKIN_LATTE], names[seeded.OFFER_COLOMBIA]) if name in tile}
    assert 'src="/static/themes/zrnko/picture.png"' in tiles[names[seeded.OFFER_COLOMBIA]]
    assert f'src="{product_picture}"' in tiles[names[seeded.OFFER_PUMPKIN_LATTE]]
