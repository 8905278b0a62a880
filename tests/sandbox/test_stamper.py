"""Stamper campaigns, cards and stamps against the live sandbox (getStamperCampaigns,
getStamperCampaign, getStamperCards, getStamperCard, getStamperStamps, getStamperStamp): the
filters, the card created only at the first stamp, and who may see which card."""

from http import HTTPStatus

import pytest

from portal.sandbox.seed import stamper as seed


def data(response):
    assert response.status_code == HTTPStatus.OK, response.text
    return response.json()["data"]


def test_running_campaigns_in_the_callers_language(customer_api, demo_token):
    running = data(customer_api.get("/stamper-campaigns", token=demo_token, language="cs",
                                    params={"is_valid": "true"}))
    assert {c["stamper_campaign_id"] for c in running["stamper_campaigns"]} == {
        seed.CAMPAIGN_COFFEE, seed.CAMPAIGN_CROISSANT, seed.CAMPAIGN_TEA}
    coffee = next(c for c in running["stamper_campaigns"] if c["stamper_campaign_id"] == seed.CAMPAIGN_COFFEE)
    assert (coffee["name"], coffee["stamp_count"], coffee["count_of_campaign_repetitions"]) == ("Kávová karta", 8, 5)
    assert [(b["stamp_number"], b["description"]) for b in coffee["stamper_bonus_checkpoints"]] == [
        (4, "Sušenka zdarma"), (8, "Káva podle výběru zdarma")]
    over = data(customer_api.get("/stamper-campaigns", token=demo_token, params={"is_valid": "false"}))
    assert {c["stamper_campaign_id"] for c in over["stamper_campaigns"]} == {
        seed.CAMPAIGN_LEMONADE, seed.CAMPAIGN_CHRISTMAS}
    named = data(customer_api.get("/stamper-campaigns", token=demo_token, params={"name": "croiss"}))
    assert [c["stamper_campaign_id"] for c in named["stamper_campaigns"]] == [seed.CAMPAIGN_CROISSANT]
    assert customer_api.get(f"/stamper-campaigns/{'0' * 26}", token=demo_token).status_code == HTTPStatus.NOT_FOUND


def test_the_customers_cards_with_their_stamps(customer_api, demo_token, ids):
    cards = data(customer_api.get("/stamper-cards", token=demo_token))["stamper_cards"]
    assert {c["stamper_card_id"] for c in cards} == {seed.CARD_DEMO_COFFEE_FULL, seed.CARD_DEMO_COFFEE,
                                                     seed.CARD_DEMO_CROISSANT, seed.CARD_DEMO_LEMONADE}
    assert {c["customer_id"] for c in cards} == {ids.DEMO_CUSTOMER}
    coffee = next(c for c in cards if c["stamper_card_id"] == seed.CARD_DEMO_COFFEE)
    assert (coffee["stamper_card_order"], coffee["is_filled_up"], len(coffee["stamps"])) == (2, False, 5)
    assert [s["stamp_order"] for s in coffee["stamps"]] == [1, 2, 3, 4, 5]
    # no card in the tea campaign: CareCloud creates it at the first stamp
    assert not data(customer_api.get("/stamper-cards", token=demo_token,
                                     params={"stamper_campaign_id[]": seed.CAMPAIGN_TEA}))["stamper_cards"]
    full = data(customer_api.get("/stamper-cards", token=demo_token, params={"filled_up": "true"}))["stamper_cards"]
    assert {c["stamper_card_id"] for c in full} == {seed.CARD_DEMO_COFFEE_FULL, seed.CARD_DEMO_CROISSANT}
    refused = customer_api.get("/stamper-cards", token=demo_token, params={"filled_up": "maybe"})
    assert refused.status_code == HTTPStatus.BAD_REQUEST
    stamps = data(customer_api.get("/stamps", token=demo_token, params={"stamper_card_id": seed.CARD_DEMO_COFFEE}))
    assert stamps["total_items"] == 5
    one = data(customer_api.get(f"/stamps/{stamps['stamper_stamps'][0]['stamp_id']}", token=demo_token))
    assert one["stamper_card_id"] == seed.CARD_DEMO_COFFEE


@pytest.mark.parametrize("path", [f"/stamper-cards/{seed.CARD_DEMO_COFFEE}", "/stamper-cards?customer_id={demo}",
                                  "/stamps?customer_id={demo}"])
def test_another_customers_cards_are_not_visible(customer_api, enterprise_api, second_token, staff_token, ids, path):
    path = path.format(demo=ids.DEMO_CUSTOMER)
    refused = customer_api.get(path, token=second_token)
    assert refused.status_code in (HTTPStatus.NOT_FOUND, HTTPStatus.FORBIDDEN)
    assert enterprise_api.get(path, token=staff_token).status_code == HTTPStatus.OK
    own = data(customer_api.get("/stamper-cards", token=second_token))["stamper_cards"]
    assert [c["stamper_card_id"] for c in own] == [seed.CARD_SECOND_COFFEE]


def test_cards_need_a_logged_in_customer(customer_api, sandbox):
    assert customer_api.get("/stamper-cards", token=sandbox.new_token()).status_code == HTTPStatus.UNAUTHORIZED
