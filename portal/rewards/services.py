"""Writes of the rewards pages: exchanging the customer's points for a voucher of a reward,
exactly once per confirmation (see :mod:`.redemption`). Keyword-only ``<entity>_<action>``
functions that take the request (its session keeps the confirmation's keys), call CareCloud
through ``resources`` and raise :class:`RedeemError` (or an expired session's
AuthenticationError) when there is no voucher to show.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.http import HttpRequest

from portal.carecloud import exceptions as cc
from portal.carecloud import resources

from . import selectors
from .redemption import RedemptionKeys, Result, State

log = logging.getLogger(__name__)


class RedeemError(Exception):
    """No voucher was made (or nobody can tell): ``kind`` says why, for the view's message table.

    ``offer`` is the reward's offer as the checks before the call saw it (None when they did not
    run), so the confirmation can be shown again without reading it twice."""

    NOT_OFFERED = "not_offered"  # the reward is not (or no longer) offered to the customer
    NOT_REDEEMABLE = "not_redeemable"  # not a reward for points
    NOT_ENOUGH_POINTS = "not_enough_points"
    REWARD_UNAVAILABLE = "reward_unavailable"  # CareCloud: expired, used up or not available now
    STALE = "stale"  # the confirmation's key is unknown, expired or for another reward
    REFUSED = "refused"  # CareCloud refused for a reason the portal has no words for
    UNAVAILABLE = "unavailable"  # CareCloud answered it cannot work now: nothing was done
    RATE_LIMITED = "rate_limited"
    UNCERTAIN = "uncertain"  # no answer: the voucher may exist
    IN_PROGRESS = "in_progress"  # another request for this reward has not finished yet

    def __init__(self, kind: str, offer: dict | None = None):
        super().__init__(kind)
        self.kind = kind
        self.offer = offer


@dataclass(frozen=True)
class Redemption:
    voucher_id: str
    # True when an earlier submission of this confirmation (or of another one for the same reward,
    # made at the same time) had already created the voucher: nothing was spent now.
    replayed: bool = False


@dataclass(frozen=True)
class Confirmation:
    key: str  # the form's one-time key
    recent_voucher_id: str | None  # a voucher of the same reward redeemed minutes ago, if any


def reward_redeem_confirmation(*, request: HttpRequest, reward_id: str) -> Confirmation:
    """What a confirmation form of ``reward_id`` needs: a new one-time key kept in the session,
    and the voucher of a redemption of the same reward in the last minutes (the page mentions it,
    so that the back button does not end in a second voucher nobody wanted)."""
    keys = RedemptionKeys(request.session, request.customer.customer_id)
    return Confirmation(key=keys.issue(reward_id), recent_voucher_id=keys.recent(reward_id))


def reward_redeem(*, request: HttpRequest, reward_id: str, key: str) -> Redemption:
    """Exchange the customer's points for a voucher of ``reward_id`` (postRewardCreateVoucher),
    once per confirmation ``key`` (see :mod:`.redemption`). Returns the voucher, new or the one an
    earlier submission of the same confirmation made; raises :class:`RedeemError` when there is no
    voucher to show, and lets an expired session's AuthenticationError through.

    Before the call the reward must be offered to the customer and be a reward for points, and the
    balance (when it can be read) must cover it; CareCloud still decides. The call is never
    repeated: without an answer the result is "uncertain" and the customer is told so."""
    session = request.customer
    keys = RedemptionKeys(request.session, session.customer_id)

    earlier = keys.result(key)
    if earlier is not None and earlier.reward_id == reward_id:
        return _outcome(earlier if earlier.state != State.PENDING else keys.wait(key))
    if not keys.is_issued(key, reward_id):
        raise RedeemError(RedeemError.STALE)
    if not keys.claim(key, reward_id):  # the same form, submitted again while another request runs it
        return _outcome(keys.wait(key))
    holder = keys.lock(reward_id, key)
    if holder is not None:  # another confirmation of this reward is being redeemed right now
        return _joined(keys, key, holder)

    result = Result(State.UNCERTAIN, reward_id)
    try:
        try:
            offer = _checked_offer(session=session, reward_id=reward_id)
        except RedeemError as error:
            result = Result(State.FAILED, reward_id, reason=error.kind)
            log.info("reward redemption not done (%s): reward %s", error.kind, reward_id)
            raise
        except cc.CareCloudError:  # the reads before the call failed: nothing was asked for
            result = Result(State.FAILED, reward_id, reason=RedeemError.UNAVAILABLE)
            raise
        try:
            voucher_id = resources.reward_create_voucher(token=session.token, reward_id=reward_id,
                                                         customer_id=session.customer_id)
        except cc.CareCloudError as error:
            kind = _failure_kind(error)
            if kind != RedeemError.UNCERTAIN:
                result = Result(State.FAILED, reward_id, reason=kind)
            log.warning("reward redemption not done (%s): reward %s, CareCloud %s%s", kind, reward_id,
                        error.status or "gave no answer", _reasons(error))
            if isinstance(error, cc.AuthenticationError):
                raise
            raise RedeemError(kind, offer) from error
        result = Result(State.CREATED, reward_id, voucher_id=voucher_id)
        log.info("reward redeemed: reward %s", reward_id)
        return Redemption(voucher_id)
    finally:
        # Whatever happened (even a bug), the key is used and its result known to other requests;
        # the lock is kept only when nobody can tell whether a voucher was made.
        keys.record(key, result)
        keys.settle(key, result)
        if result.state != State.UNCERTAIN:
            keys.unlock(reward_id, key)


def _checked_offer(*, session, reward_id: str) -> dict:
    """The reward's offer, read as the confirmation page reads it; RedeemError where the portal
    already knows CareCloud would refuse."""
    try:
        offer = selectors.reward_offer(session=session, reward_id=reward_id)
    except cc.NotFoundError:
        raise RedeemError(RedeemError.NOT_OFFERED) from None
    if offer["state"] == selectors.OfferState.NOT_REDEEMABLE:
        raise RedeemError(RedeemError.NOT_REDEEMABLE, offer)
    if offer["state"] == selectors.OfferState.NOT_ENOUGH:
        raise RedeemError(RedeemError.NOT_ENOUGH_POINTS, offer)
    return offer


def _outcome(result: Result | None) -> Redemption:
    """What to answer for a key another request used (or is using)."""
    if result is not None and result.state == State.CREATED and result.voucher_id:
        return Redemption(result.voucher_id, replayed=True)
    if result is not None and result.state == State.FAILED:
        raise RedeemError(result.reason or RedeemError.REFUSED)
    if result is not None and result.state == State.PENDING:
        raise RedeemError(RedeemError.IN_PROGRESS)
    raise RedeemError(RedeemError.UNCERTAIN)


def _joined(keys: RedemptionKeys, key: str, holder: str) -> Redemption:
    """This request's key is claimed but another key holds the reward's lock: wait for that one
    and answer as it ends (its voucher is this confirmation's voucher too). This request writes
    nothing to the session: the other one does, and two writes of one session would race."""
    other = keys.wait(holder) if holder else None
    if other is not None and other.state in (State.CREATED, State.FAILED):
        keys.record(key, other)
    else:
        keys.record(key, Result(State.UNCERTAIN, other.reward_id if other else ""))
    return _outcome(other)


def _failure_kind(error: cc.CareCloudError) -> str:
    """CareCloud's answer to postRewardCreateVoucher as a RedeemError kind.

    The spec documents no reasons of its own for this operation; CareCloud names the parameter it
    refuses in ``invalid_params``: ``points_cost`` when the balance is too low, ``reward_id`` when
    the reward cannot issue a voucher now (expired, inactive, used up). A 503 or 429 is an answer
    (nothing was done); no answer, or a 500/502/504 (a gateway or a crash part way), cannot tell."""
    if isinstance(error, cc.ValidationError):
        names = {str(name).rsplit(".", 1)[-1] for param in error.invalid_params
                 for name in (param.get("name") if isinstance(param.get("name"), list) else [param.get("name")])}
        if names & {"points_cost", "points", "available_points"}:
            return RedeemError.NOT_ENOUGH_POINTS
        if "reward_id" in names:
            return RedeemError.REWARD_UNAVAILABLE
        return RedeemError.REFUSED
    if isinstance(error, cc.NotFoundError):
        return RedeemError.NOT_OFFERED
    if isinstance(error, cc.RateLimitError):
        return RedeemError.RATE_LIMITED
    if isinstance(error, (cc.ServerError, cc.UnavailableError)):
        return RedeemError.UNAVAILABLE if error.status == 503 else RedeemError.UNCERTAIN
    return RedeemError.REFUSED


def _reasons(error: cc.CareCloudError) -> str:
    """The parameter names and reason codes of a 400 for the log (never the values sent)."""
    pairs = [f"{param.get('name')}={param.get('reason')}" for param in error.invalid_params][:5]
    return f" ({', '.join(pairs)})" if pairs else ""
