"""Exchanging points for a reward exactly once per confirmation: the double-submit guard.

A redemption spends points, and CareCloud's ``postRewardCreateVoucher`` has no idempotency key: two
requests make two vouchers. A double click, a second tab, a resent POST or the back button must not.

- **One-time keys.** The confirmation form carries a random key issued for that reward and kept
  in the customer's session (:meth:`RedemptionKeys.issue`); a POST is accepted only with a key this
  session was given for this reward in the last :data:`KEY_MAX_AGE` seconds.
- **Consumed atomically.** Two requests of one browser carry the same session but each works on its
  own copy of it, so the session alone cannot tell who came first. A key is consumed with
  ``cache.add`` (atomic in every Django cache backend): one request wins and calls CareCloud; any
  other with the same key waits for the winner's result and shows the same voucher.
- **A short lock per customer and reward** (``cache.add`` again) around the call: two tabs with two
  different keys cannot both call CareCloud for the same reward at the same moment; the second
  waits for the first and shows its voucher.
- **Results remembered**: key → voucher in the session (for as long as it lasts) and in the cache
  (seen at once by concurrent requests, and for longer than a key lives, so a key can never be
  used twice even if a concurrent request's session write brought it back). Keys issued for the
  same reward before a successful redemption lead to its voucher too (an old tab's form).
- **No answer, no retry.** When CareCloud does not answer (timeout, dropped connection, a gateway
  error), nobody can know whether the voucher exists: the result is "uncertain", the customer is
  told so and pointed to their vouchers, and the lock is kept until it expires so that an
  immediate second try cannot make a second voucher while the first may still be on its way.

The cache must be shared by every worker (``CACHE_URL``; the portal's checks warn about a
per-process cache in production) for the guard to hold across processes.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.cache import cache

SESSION_KEY = "loyalty_redeem"
KEY_MAX_AGE = 30 * 60  # seconds a confirmation form can be submitted
RESULT_TTL = 2 * KEY_MAX_AGE  # the cache remembers a used key for longer than a key lives
RECENT_SECONDS = 10 * 60  # a confirmation page mentions a redemption of the same reward this recent
MAX_ENTRIES = 20  # keys and results kept per session
POLL_SECONDS = 0.2


def wait_seconds() -> float:
    """How long a request waits for another one's CareCloud call: the call's own time limits."""
    return float(settings.CARECLOUD_CONNECT_TIMEOUT) + float(settings.CARECLOUD_READ_TIMEOUT) + 2.0


def lock_seconds() -> int:
    """How long the per-reward lock lives: longer than any call it guards, and long enough that a
    second try right after an unanswered one is refused rather than sent."""
    return max(60, int(2 * wait_seconds()))


class State:
    PENDING = "pending"  # claimed; CareCloud is being asked
    CREATED = "created"  # the voucher exists
    FAILED = "failed"  # CareCloud (or the portal's checks) refused: no voucher
    UNCERTAIN = "uncertain"  # no answer: the voucher may or may not exist


@dataclass(frozen=True)
class Result:
    state: str
    reward_id: str
    voucher_id: str = ""
    reason: str = ""  # why it failed (a RedeemError kind)

    def as_dict(self) -> dict:
        return {"state": self.state, "reward_id": self.reward_id, "voucher_id": self.voucher_id,
                "reason": self.reason}

    @classmethod
    def from_dict(cls, value) -> Result | None:
        if not isinstance(value, dict) or value.get("state") not in vars(State).values():
            return None
        return cls(state=value["state"], reward_id=str(value.get("reward_id") or ""),
                   voucher_id=str(value.get("voucher_id") or ""), reason=str(value.get("reason") or ""))


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]


class RedemptionKeys:
    """The one-time keys of one customer's session, their results and the per-reward lock."""

    def __init__(self, session: SessionBase, customer_id: str):
        self.session = session
        self.customer_id = str(customer_id)

    # --- the session's part -------------------------------------------------------------------

    @property
    def _data(self) -> dict:
        data = self.session.get(SESSION_KEY)
        return data if isinstance(data, dict) else {}

    def _save(self, **changes: dict) -> None:
        self.session[SESSION_KEY] = {**self._data, **changes}

    def _entries(self, name: str) -> dict:
        entries = self._data.get(name)
        return dict(entries) if isinstance(entries, dict) else {}

    def issue(self, reward_id: str) -> str:
        """A new key for a confirmation form of ``reward_id`` (expired keys are dropped)."""
        now = int(time.time())
        issued = {key: value for key, value in self._entries("issued").items()
                  if isinstance(value, list) and len(value) == 2 and now - value[1] < KEY_MAX_AGE}
        key = secrets.token_urlsafe(24)
        issued[key] = [reward_id, now]
        self._save(issued=dict(list(issued.items())[-MAX_ENTRIES:]))
        return key

    def is_issued(self, key: str, reward_id: str) -> bool:
        value = self._entries("issued").get(key)
        return (isinstance(value, list) and len(value) == 2 and value[0] == reward_id
                and int(time.time()) - value[1] < KEY_MAX_AGE)

    def recent(self, reward_id: str) -> str | None:
        """The voucher of a redemption of ``reward_id`` in the last few minutes, if any."""
        value = self._entries("recent").get(reward_id)
        if isinstance(value, list) and len(value) == 2 and int(time.time()) - value[1] < RECENT_SECONDS:
            return str(value[0])
        return None

    def settle(self, key: str, result: Result) -> None:
        """Record the outcome of ``key`` in the session: the key is used; a voucher also answers
        every other key issued for the same reward (an old tab's form shows this voucher)."""
        issued = self._entries("issued")
        issued.pop(key, None)
        changes: dict = {"issued": issued}
        if result.state == State.CREATED:
            now = int(time.time())
            same_reward = [k for k, value in issued.items()
                           if isinstance(value, list) and value[:1] == [result.reward_id]]
            done = self._entries("done")
            for used in [key, *same_reward]:
                issued.pop(used, None)
                done[used] = [result.reward_id, result.voucher_id]
                if used != key:
                    cache.set(self._result_key(used), result.as_dict(), RESULT_TTL)
            recent = {reward: value for reward, value in self._entries("recent").items()
                      if isinstance(value, list) and len(value) == 2 and now - value[1] < RECENT_SECONDS}
            recent[result.reward_id] = [result.voucher_id, now]
            changes.update(done=dict(list(done.items())[-MAX_ENTRIES:]), recent=recent)
        self._save(**changes)

    # --- the cache's part ---------------------------------------------------------------------

    def _result_key(self, key: str) -> str:
        return f"portal:redeem:key:{_digest(self.customer_id, key)}"

    def _lock_key(self, reward_id: str) -> str:
        return f"portal:redeem:lock:{_digest(self.customer_id, reward_id)}"

    def result(self, key: str) -> Result | None:
        """What became of ``key`` so far: the session's record, else the cache's (None: unused)."""
        done = self._entries("done").get(key)
        if isinstance(done, list) and len(done) == 2:
            return Result(State.CREATED, reward_id=str(done[0]), voucher_id=str(done[1]))
        return Result.from_dict(cache.get(self._result_key(key)))

    def claim(self, key: str, reward_id: str) -> bool:
        """Consume ``key``: True for exactly one request, however many carry it at once."""
        return cache.add(self._result_key(key), Result(State.PENDING, reward_id).as_dict(), RESULT_TTL)

    def record(self, key: str, result: Result) -> None:
        """Publish ``key``'s result to concurrent requests (and to later replays)."""
        cache.set(self._result_key(key), result.as_dict(), RESULT_TTL)

    def wait(self, key: str) -> Result | None:
        """The result of ``key`` once it is no longer pending, or as it stands after the time a
        CareCloud call can take (None when the cache has nothing)."""
        deadline = time.monotonic() + wait_seconds()
        while True:
            result = Result.from_dict(cache.get(self._result_key(key)))
            if result is None or result.state != State.PENDING or time.monotonic() >= deadline:
                return result
            time.sleep(POLL_SECONDS)

    def lock(self, reward_id: str, key: str) -> str | None:
        """Take the lock of ``reward_id`` for ``key``: None when taken, else the key holding it."""
        name = self._lock_key(reward_id)
        for _ in range(2):  # a lock that expired between add and get is simply taken again
            if cache.add(name, key, lock_seconds()):
                return None
            holder = cache.get(name)
            if holder:
                return str(holder)
        return ""

    def unlock(self, reward_id: str, key: str) -> None:
        name = self._lock_key(reward_id)
        if cache.get(name) == key:
            cache.delete(name)
