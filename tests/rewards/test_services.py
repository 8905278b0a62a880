"""Redeeming a reward for points, the service on its own with CareCloud's answers stubbed (no
sandbox): a confirmation's key, a voucher made once per confirmation, CareCloud's refusals as the
customer's reason, and a second tab joining a redemption under way."""

import logging
from types import SimpleNamespace

import pytest

from portal.carecloud import exceptions as cc
from portal.carecloud import resources
from portal.rewards import selectors, services
from portal.rewards.redemption import RedemptionKeys, Result, State


@pytest.fixture
def request_of_customer():
    return SimpleNamespace(session={}, customer=SimpleNamespace(customer_id="c1", token="t"))


def test_joining_a_redemption_whose_outcome_is_gone_is_uncertain(request_of_customer):
    keys = RedemptionKeys(request_of_customer.session, "c1")
    key = keys.issue("r1")
    assert keys.lock("r1", "another-tabs-key") is None  # that one's result has since left the cache
    with pytest.raises(services.RedeemError) as raised:
        services.reward_redeem(request=request_of_customer, reward_id="r1", key=key)
    assert raised.value.kind == services.RedeemError.UNCERTAIN
    assert keys.result(key) == Result(State.UNCERTAIN, "")


def test_joining_a_redemption_that_made_a_voucher_shows_that_voucher(request_of_customer):
    keys = RedemptionKeys(request_of_customer.session, "c1")
    key = keys.issue("r1")
    keys.lock("r1", "another-tabs-key")
    keys.record("another-tabs-key", Result(State.CREATED, "r1", voucher_id="v7"))
    redemption = services.reward_redeem(request=request_of_customer, reward_id="r1", key=key)
    assert redemption == services.Redemption("v7", replayed=True)
    assert keys.result(key) == Result(State.CREATED, "r1", voucher_id="v7")


READY = {"state": selectors.OfferState.READY, "reward": {"reward_id": "r1"}}


@pytest.fixture
def offer(monkeypatch):
    """``offer.set(value)``: what reading the reward's offer gives (an exception is raised)."""
    state = SimpleNamespace(value=READY)

    def read(*, session, reward_id):
        if isinstance(state.value, Exception):
            raise state.value
        return state.value

    monkeypatch.setattr(selectors, "reward_offer", read)
    return state


@pytest.fixture
def voucher(monkeypatch):
    """``voucher.value``: what postRewardCreateVoucher gives (an exception is raised); ``voucher.calls``."""
    state = SimpleNamespace(value="v1", calls=0)

    def create(*, token, reward_id, customer_id):
        state.calls += 1
        if isinstance(state.value, Exception):
            raise state.value
        return state.value

    monkeypatch.setattr(resources, "reward_create_voucher", create)
    return state


def redeem(request, key, reward_id="r1"):
    return services.reward_redeem(request=request, reward_id=reward_id, key=key)


def test_a_confirmation_mentions_the_voucher_of_the_same_reward_redeemed_a_moment_ago(request_of_customer, offer,
                                                                                      voucher):
    first = services.reward_redeem_confirmation(request=request_of_customer, reward_id="r1")
    assert first.recent_voucher_id is None
    assert redeem(request_of_customer, first.key) == services.Redemption("v1")
    again = services.reward_redeem_confirmation(request=request_of_customer, reward_id="r1")
    assert (again.recent_voucher_id, again.key != first.key) == ("v1", True)


def test_a_confirmation_sent_again_shows_its_voucher_without_a_second_call(request_of_customer, offer, voucher):
    key = services.reward_redeem_confirmation(request=request_of_customer, reward_id="r1").key
    assert redeem(request_of_customer, key) == services.Redemption("v1")
    assert redeem(request_of_customer, key) == services.Redemption("v1", replayed=True)
    assert voucher.calls == 1


def test_a_reward_not_for_points_is_refused_with_the_offer_the_page_shows_again(request_of_customer, offer, voucher):
    offer.value = {"state": selectors.OfferState.NOT_REDEEMABLE, "reward": {"reward_id": "r1"}}
    key = services.reward_redeem_confirmation(request=request_of_customer, reward_id="r1").key
    with pytest.raises(services.RedeemError) as raised:
        redeem(request_of_customer, key)
    assert (raised.value.kind, raised.value.offer, voucher.calls) == (services.RedeemError.NOT_REDEEMABLE,
                                                                      offer.value, 0)


def test_a_form_sent_again_after_the_reward_could_not_be_read_is_unavailable_again(request_of_customer, offer, voucher):
    offer.value = cc.UnavailableError(503)
    key = services.reward_redeem_confirmation(request=request_of_customer, reward_id="r1").key
    with pytest.raises(cc.UnavailableError):  # the view says CareCloud cannot work now
        redeem(request_of_customer, key)
    with pytest.raises(services.RedeemError) as again:
        redeem(request_of_customer, key)
    assert again.value.kind == services.RedeemError.UNAVAILABLE
    assert RedemptionKeys(request_of_customer.session, "c1").result(key) == Result(
        State.FAILED, "r1", reason=services.RedeemError.UNAVAILABLE)
    assert voucher.calls == 0


@pytest.mark.parametrize(("error", "kind", "log_reasons"), [
    (cc.ValidationError(400, invalid_params=[{"name": "points_cost", "reason": "too_low"}]),
     services.RedeemError.NOT_ENOUGH_POINTS, " (points_cost=too_low)"),
    (cc.ValidationError(400, invalid_params=[{"name": ["reward.available_points"], "reason": "min"}]),
     services.RedeemError.NOT_ENOUGH_POINTS, " (['reward.available_points']=min)"),
    (cc.ValidationError(400, invalid_params=[{"name": "reward.reward_id", "reason": "inactive"}]),
     services.RedeemError.REWARD_UNAVAILABLE, " (reward.reward_id=inactive)"),
    (cc.ValidationError(400, invalid_params=[{"name": "store_id", "reason": "x"}]),
     services.RedeemError.REFUSED, " (store_id=x)"),
    (cc.ValidationError(400), services.RedeemError.REFUSED, ""),
    (cc.RateLimitError(), services.RedeemError.RATE_LIMITED, ""),
])
def test_carecloud_refusing_the_voucher_is_the_customers_reason_also_when_the_form_is_sent_again(
        request_of_customer, offer, voucher, caplog, error, kind, log_reasons):
    voucher.value = error
    key = services.reward_redeem_confirmation(request=request_of_customer, reward_id="r1").key
    with caplog.at_level(logging.INFO, logger="portal.rewards.services"):
        with pytest.raises(services.RedeemError) as raised:
            redeem(request_of_customer, key)
    assert (raised.value.kind, raised.value.offer) == (kind, READY)
    assert caplog.messages == [f"reward redemption not done ({kind}): reward r1, CareCloud {error.status}{log_reasons}"]
    with pytest.raises(services.RedeemError) as again:
        redeem(request_of_customer, key)
    assert (again.value.kind, voucher.calls) == (kind, 1)


def test_an_outcome_nobody_knows_is_uncertain():
    with pytest.raises(services.RedeemError) as raised:
        services._outcome(None)
    assert raised.value.kind == services.RedeemError.UNCERTAIN


def test_a_failed_outcome_without_a_reason_is_a_refusal():
    with pytest.raises(services.RedeemError) as raised:
        services._outcome(Result(State.FAILED, "r1"))
    assert raised.value.kind == services.RedeemError.REFUSED


def test_a_second_tab_confirming_the_same_reward_at_once_gets_the_first_tabs_answer(request_of_customer, offer,
                                                                                     voucher):
    keys = RedemptionKeys(request_of_customer.session, "c1")
    key = services.reward_redeem_confirmation(request=request_of_customer, reward_id="r1").key
    keys.lock("r1", "first-tabs-key")
    keys.record("first-tabs-key", Result(State.FAILED, "r1", reason=services.RedeemError.NOT_ENOUGH_POINTS))
    with pytest.raises(services.RedeemError) as raised:
        redeem(request_of_customer, key)
    assert (raised.value.kind, voucher.calls) == (services.RedeemError.NOT_ENOUGH_POINTS, 0)
