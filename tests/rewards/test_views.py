"""The rewards views, called directly (no sandbox): a reward's page with what the customer can do
with it, the redeem confirmation with its fresh key and the recent voucher, a redemption refused
before CareCloud is asked, and one that lands on its voucher with a message."""

from http import HTTPStatus
from types import SimpleNamespace

import pytest
from django.utils import translation

from portal.core import ratelimit
from portal.rewards import selectors, services, views
from portal.rewards.services import RedeemError
from tests.support.views import view_for

KEY = "k" * 20
REDEEM_URL = "/en/rewards/r1/redeem/"


@pytest.fixture
def redeem(monkeypatch, request_for):
    """``redeem(data=None)``: the redeem view's GET (POST with ``data``) of reward r1, offered for
    100 points to a customer with 250, a redemption of it two minutes ago having made voucher v9."""
    monkeypatch.setattr(selectors, "reward_offer", lambda *, session, reward_id: {
        "reward": {"reward_id": reward_id, "name": "Croissant"}, "cost": 100, "balance": 250, "balance_after": 150,
        "missing": None, "state": selectors.OfferState.READY})
    monkeypatch.setattr(services, "reward_redeem_confirmation", lambda *, request, reward_id: SimpleNamespace(
        key=KEY, recent_voucher_id="v9"))

    def call(data=None):
        request = request_for(REDEEM_URL, data)
        view = view_for(views.RewardRedeemView, request, reward_id="r1")
        with translation.override("en"):
            response = view.get(request) if data is None else view.post(request)
            return response, [str(m) for m in request._messages]

    return call


def test_the_redeem_confirmation_offers_a_fresh_key_and_the_recent_voucher(redeem):
    response, _messages = redeem()
    context = response.context_data
    assert (response.status_code, context["error"], context["recent_voucher_url"], context["form"]["key"].value(),
            context["form"].non_field_errors(), context["reward"]["name"]) == (
        HTTPStatus.OK, "", "/en/vouchers/v9/", KEY, [], "Croissant")


@pytest.mark.parametrize("state, balance, missing, says", [
    (selectors.OfferState.NOT_ENOUGH, 80, 20, "You need 20 more points for this reward."),
    (selectors.OfferState.READY, 250, None, "You have 250 points."),
])
def test_a_rewards_page_says_what_the_customers_points_can_do_for_it(monkeypatch, request_for, state, balance,
                                                                       missing, says):
    offer = {"reward": {"reward_id": "r1", "name": "Croissant", "redeem_url": REDEEM_URL}, "cost": 100,
             "balance": balance, "balance_after": None, "missing": missing, "state": state}
    monkeypatch.setattr(selectors, "reward_offer", lambda *, session, reward_id: offer if reward_id == "r1" else None)
    request = request_for("/en/rewards/r1/")
    with translation.override("en"):
        response = view_for(views.RewardDetailView, request, reward_id="r1").get(request)
        assert says in response.render().content.decode()


@pytest.mark.parametrize("data, refused, kind", [
    ({"key": "short"}, None, RedeemError.STALE),
    ({"key": KEY}, "reward-redeem:customer", RedeemError.RATE_LIMITED),
])
def test_a_redemption_refused_before_calling_carecloud_shows_the_confirmation_with_why(
        redeem, monkeypatch, data, refused, kind):
    monkeypatch.setattr(ratelimit, "refused", lambda request, action: refused if action == "reward-redeem" else None)
    monkeypatch.setattr(services, "reward_redeem", lambda **kwargs: pytest.fail("CareCloud was asked"))
    response, _messages = redeem(data)
    message, status = views.REDEEM_FAILURES[kind]
    assert (response.status_code, response.context_data["error"], response.context_data["form"].non_field_errors()) == (
        status, message, [str(message)])


@pytest.mark.parametrize("replayed, message", [
    (False, "Done! Your voucher is ready: show its code at the till."),
    (True, "This reward was already redeemed with this confirmation: here is your voucher. No more points were "
           "deducted."),
])
def test_a_redemption_lands_on_its_voucher_with_a_message(redeem, monkeypatch, replayed, message):
    monkeypatch.setattr(ratelimit, "refused", lambda request, action: None)
    monkeypatch.setattr(services, "reward_redeem", lambda *, request, reward_id, key: SimpleNamespace(
        replayed=replayed, voucher_id="v7") if (reward_id, key) == ("r1", KEY) else None)
    response, messages = redeem({"key": KEY})
    assert (response.status_code, response["Location"], messages) == (HTTPStatus.FOUND, "/en/vouchers/v7/", [message])
