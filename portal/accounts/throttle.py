"""Login throttling that slows guessing down without locking a member out, and the floor that keeps
a failed login's answer time from telling whether the account exists.

The approach is django-axes' "lockout parameters combination"
(``AXES_LOCKOUT_PARAMETERS = ["ip_address", ["username", "ip_address"]]``): what is refused is the
pair *account + client address* that failed, and a client address that failed on many accounts,
never the account itself. django-axes is not used as such: it counts failures of Django's own
``authenticate()`` (the portal's customers log in at CareCloud, not through a Django user model),
so its rules are followed here on the portal's rate limits (portal/core/ratelimit.py, the
``login`` action: ``20/5m/ip,10/5m/account-ip,20/5m/account`` unless PORTAL_RATE_LIMITS says
otherwise), moving windows in the shared cache.

Failed logins (wrong password, unknown account, a login CareCloud finds malformed) are counted
by each of the login's rules:

- per client address (``ip``), across all accounts: password spraying. Over it, that address gets
  429 for any account, the right password included (it is the address that failed, many times);
- per account and client address (``account-ip``): guessing one account's password from one
  place. Over it, that address gets 429 for that account; every other address (the member's
  phone, home, the shop's Wi-Fi) logs in as usual;
- per account from everywhere (``account``, ``SLOW_KEY``): a distributed attack. Over it nobody is
  refused: every answer about that account, right password included, takes at least
  ``PORTAL_LOGIN_SLOW_FLOOR`` seconds. The right password is slowed too, on purpose: if only
  failures were slow, an attacker would stop waiting after the usual time and read "no quick
  success" as "wrong", at full speed, while the portal's worker went on sleeping for nobody.

**One field, one attempt**: the login field's value may name an account in more than one way (a
number that is a phone of the project's country and fits a card type: forms.login_candidates);
all are tried, and their failure is ONE attempt: the address's rules count it once, each account
it may name once.

**The account** is the CareCloud customer, whichever login value names it (e-mail, phone, a card).
A failed login does not say whose it was, so after CareCloud refuses one the portal asks the
enterprise interface (the staff search's service user) for the customer id of that e-mail, phone
or card number: only on failures, only when the service user is configured
(``PORTAL_LOGIN_ACCOUNT_LOOKUP``), within the failure's floor (so it adds no time an attacker or a
member can see), and remembered for ``LOOKUP_SECONDS`` under a keyed hash of the login value (one
enterprise call per login value per window, unknown values included). Only the customer id is
kept: nothing else of the record is read, stored or logged. Without the service user, or when the
lookup fails, the account is the normalised login value itself (e-mail, phone and card then count
apart). A successful login names its customer, so its checks use both keys. The price of counting
together: a client refused on an account gets 429 through its other login values too, which tells
it they belong together (each probe counts towards its per-address limit). The lookup's budget is
what is left of the floor; a lookup cut by it counts as a failure in the enterprise client's
circuit breaker, so an enterprise interface steadily slower than the floor would open the breaker
(and pause the staff search) until it answers in time again: raise the floor if the log shows it.

**The floor**: every failed login answers no sooner than ``PORTAL_LOGIN_FAILURE_FLOOR`` seconds after
the view started (monotonic clock), whatever CareCloud did: an unknown account (no password hash
to check, ~100 ms) then looks like a wrong password (~300-450 ms). Set it above CareCloud's slowest
normal failure; a failure that takes longer is logged, as a hint to raise it. Successful logins are
not padded (except on an account under attack, above). A 429 decided before CareCloud is asked
answers at once: it tells nothing and costs no worker time.

**What it costs**: a failed attempt holds one worker thread for the floor (1 s by default), 3 s on
an account under attack; both are capped at ``MAX_FLOOR``. The per-address limit bounds what one
address can hold: 20 failures per 5 minutes × 3 s = 60 thread-seconds per 5 minutes, a fifth of
one gthread thread.
"""

from __future__ import annotations

import logging
from time import monotonic, sleep

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from portal.carecloud import CareCloudError, budget, enterprise
from portal.core import ratelimit

log = logging.getLogger(__name__)

# The longest any answer is held back, whatever the settings say: a padded answer holds a worker
# thread, so a floor must stay far below gunicorn's timeout and a person's patience.
MAX_FLOOR = 10.0
# How long the customer id found for a login value is remembered (the counters' window).
LOOKUP_SECONDS = 300
# The customer state that can log in (getCustomers `state`).
ACTIVE = 1

# The login's rules counted by the account alone slow every answer about it and refuse nobody
# (a member is never locked out); every other rule of the login refuses the client that failed.
SLOW_KEY = "account"


class LoginThrottled(Exception):
    """This client used up its failed logins (for this account, or for any): answer 429."""


def pad(started: float, floor: float) -> None:
    """Return no sooner than ``floor`` seconds (capped at MAX_FLOOR) after ``started``, a reading of
    time.monotonic(): the one helper for every answer whose timing must not tell anything."""
    remaining = started + min(floor, MAX_FLOOR) - monotonic()
    if remaining > 0:
        sleep(remaining)


def failure_floor() -> float:
    return min(float(settings.PORTAL_LOGIN_FAILURE_FLOOR), MAX_FLOOR)


def slow_floor() -> float:
    return min(float(settings.PORTAL_LOGIN_SLOW_FLOOR), MAX_FLOOR)


def _login(login_type: str, login_value: str) -> str:
    """A login value as counted when its account is not known: its type and the value."""
    return f"{login_type}:{login_value.strip().lower()}"


def _alias_key(login: str) -> str:
    # A keyed hash: the cache holds no e-mail address, phone or card number.
    return "login-account:" + salted_hmac("portal.accounts.throttle", login).hexdigest()


def customer_for_login(*, login_type: str, login_value: str) -> str | None:
    """The id of the one customer this e-mail, phone (with its country prefix) or card number
    belongs to (enterprise getCustomers / getCards); None when none or more than one."""
    if login_type == "card":
        items = enterprise.cards(card_number=login_value, count=5).items
    else:
        items = enterprise.customers(count=5, **{login_type: login_value}).items
        active = [item for item in items if isinstance(item, dict) and item.get("state", ACTIVE) == ACTIVE]
        items = active or items
    found = {str(item["customer_id"]) for item in items if isinstance(item, dict) and item.get("customer_id")}
    return found.pop() if len(found) == 1 else None


def lookup_enabled() -> bool:
    return bool(getattr(settings, "PORTAL_LOGIN_ACCOUNT_LOOKUP", True)) and enterprise.get_enterprise().configured


class LoginAttempt:
    """One login attempt's throttling: ask ``refused()`` before CareCloud, then ``failed()`` or
    ``succeeded()`` after it; ``floor`` is then the least time the answer may take.

    ``logins``: the ``(login_type, login_value)`` pairs the one login field's value may be (a number
    that may be a phone or a card gives two). They are tried together and fail together: ONE failed
    attempt for the client's address, one for each account they name."""

    def __init__(self, request: HttpRequest, *, logins: list[tuple[str, str]], started: float):
        self.request = request
        self.logins = [(login_type, login_value.strip()) for login_type, login_value in logins]
        self.started = started
        self.floor = 0.0
        # The accounts as far as known before CareCloud answers: what earlier failures found.
        self.accounts = list(dict.fromkeys(cache.get(_alias_key(_login(*login))) or _login(*login)
                                           for login in self.logins))

    # --- the counters ------------------------------------------------------------------------------

    def _over(self, *, slow: bool) -> bool:
        """Whether this client (``slow=False``: its address, or its address on the account) or the
        account from everywhere (``slow=True``) used up its failed logins."""
        keys = tuple(rule.key for rule in ratelimit.rules("login") if (rule.key == SLOW_KEY) == slow)
        return bool(keys) and any(ratelimit.is_blocked(self.request, "login", keys=keys, account=account)
                                  for account in self.accounts)

    def _pair_over(self) -> bool:
        return self._over(slow=False)

    def _under_attack(self) -> bool:
        return self._over(slow=True)

    # --- the steps ---------------------------------------------------------------------------------

    def refused(self) -> bool:
        """Before CareCloud is asked: this address failed too often, on any account or on this one
        (ratelimit logs which)."""
        return self._pair_over()

    def failed(self) -> bool:
        """CareCloud refused the login: find the account, count the failure, set the floor. True
        when this client had used up its attempts on the account already (a login value not
        known to be the account's until now): answer 429 as if it had been known."""
        self.accounts = list(dict.fromkeys(self._resolve(*login) for login in self.logins))
        refused = self._pair_over()
        # One attempt: the address's rules once, each account's rules once per account.
        login_rules = ratelimit.rules("login")
        by_address = tuple(rule.key for rule in login_rules if "account" not in rule.key.split("-"))
        by_account = tuple(rule.key for rule in login_rules if "account" in rule.key.split("-"))
        ratelimit.count(self.request, "login", keys=by_address, account=self.accounts[0])
        for account in self.accounts:
            ratelimit.count(self.request, "login", keys=by_account, account=account)
        self.floor = max(failure_floor(), slow_floor() if self._under_attack() else 0.0)
        return refused

    def succeeded(self, *, customer_id: str) -> bool:
        """CareCloud accepted the password: the customer is known now. True when this client had
        used up its attempts on that customer (through another of its login values): refuse it
        all the same. The floor is the slow one if the customer is under attack, else none."""
        self.accounts = list(dict.fromkeys([*self.accounts, f"customer:{customer_id}"]))
        refused = self._pair_over()
        self.floor = failure_floor() if refused else slow_floor() if self._under_attack() else 0.0
        return refused

    def pad(self) -> None:
        elapsed = monotonic() - self.started
        if self.floor and elapsed > self.floor:
            log.warning("a login answer took %.0f ms, longer than its floor of %.0f ms: raise "
                        "PORTAL_LOGIN_FAILURE_FLOOR above CareCloud's slowest failures",
                        elapsed * 1000, self.floor * 1000)
        pad(self.started, self.floor)

    def _resolve(self, login_type: str, login_value: str) -> str:
        """The account of this login value: the customer's id when the enterprise lookup finds it,
        else the login value. Looked up once per window (unknown values too)."""
        login = _login(login_type, login_value)
        alias = _alias_key(login)
        known = cache.get(alias)
        if known is not None:
            return known or login
        if not lookup_enabled():
            return login
        # The lookup must end before the failure's floor, so that it never shows in the answer time.
        # (A budget of 0 would mean none: the client starts no attempt with less than 0.25 s left.)
        # Without a floor there is no answer time to keep: the page's own budget bounds it.
        outer = budget.remaining()
        left = max(self.started + failure_floor() - monotonic(), 0.001) if failure_floor() > 0 else outer
        started = monotonic()
        try:
            with budget.budget(min(left, outer) if outer is not None and left is not None else left):
                customer_id = customer_for_login(login_type=login_type, login_value=login_value)
        except CareCloudError as error:
            log.info("login account lookup failed (%s): counted by the login value", error.status or "no answer")
            return login
        log.debug("login account lookup took %.0f ms", (monotonic() - started) * 1000)
        account = f"customer:{customer_id}" if customer_id else ""
        cache.set(alias, account, LOOKUP_SECONDS)
        return account or login
