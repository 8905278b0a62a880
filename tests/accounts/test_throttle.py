"""Login throttling (portal/accounts/throttle.py) against the live sandbox: guessing is slowed down
and refused per client, never by locking the member out, and a failed login answers no sooner
than the floor whether or not the account exists. The counters, and whose account a failed login
value is (the lookup, its budget and how long its answer is kept), called directly (quick and
precise, for make mutation), at the end."""

import statistics
import time
from http import HTTPStatus
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from portal.accounts import throttle
from portal.accounts.session import SESSION_KEY
from portal.carecloud import budget
from portal.core import ratelimit

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.66"
MEMBER = "198.51.100.7"


def login(value, password, *, ip=MEMBER, login_type="email", language="en", client=None):
    """One login through the form from a client at ``ip`` (a new browser unless ``client``)."""
    with translation.override(language):
        page = reverse("accounts:login")
    return (client or Client()).post(page, {"login_type": login_type, "login_value": value, "password": password},
                                     REMOTE_ADDR=ip)


def enterprise_calls(sandbox, since):
    return [entry for entry in sandbox.requests_log(since) if entry["interface"] == "enterprise"
            and entry["operation_id"] != "postUserLogin"]


# --- never a lockout of the member ------------------------------------------------------------------


def test_the_right_password_from_a_fresh_client_is_accepted_after_an_attacker_used_up_the_limit(carecloud, ids,
                                                                                                padding):
    for attempt in range(10):
        assert login(ids.DEMO_EMAIL, f"wrong-{attempt}", ip=ATTACKER).status_code == HTTPStatus.OK

    # The attacker's address is refused now, the right password included, without asking CareCloud...
    since = carecloud.last_seq()
    blocked = login(ids.DEMO_EMAIL, ids.DEMO_PASSWORD, ip=ATTACKER)
    assert blocked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert carecloud.requests_log(since) == []
    # ...while the member, from anywhere else, logs in at once.
    member = Client()
    waited = len(padding)
    assert login(ids.DEMO_EMAIL, ids.DEMO_PASSWORD, client=member).status_code == HTTPStatus.FOUND
    assert SESSION_KEY in member.session
    assert len(padding) == waited  # a successful login is not padded


def test_a_distributed_attack_slows_every_answer_on_the_account_but_refuses_nobody(carecloud, ids, settings,
                                                                                   padding):
    settings.PORTAL_RATE_LIMITS = {"login": "20/5m/ip,10/5m/account-ip,6/5m/account"}
    settings.PORTAL_LOGIN_FAILURE_FLOOR = 0.5
    settings.PORTAL_LOGIN_SLOW_FLOOR = 2.5
    for attempt in range(6):  # six addresses, one guess each: no address reaches its own limit
        assert login(ids.DEMO_EMAIL, f"wrong-{attempt}", ip=f"192.0.2.{attempt + 10}").status_code == HTTPStatus.OK
    padding.clear()

    started = time.monotonic()
    member = login(ids.DEMO_EMAIL, ids.DEMO_PASSWORD, ip="192.0.2.200")
    assert member.status_code == HTTPStatus.FOUND  # accepted, not refused...
    [(asked_at, seconds)] = padding
    assert 2.5 <= asked_at + seconds - started < 2.6  # ...after the slow floor, like a guess:

    padding.clear()
    started = time.monotonic()
    assert login(ids.DEMO_EMAIL, "wrong-again", ip="192.0.2.201").status_code == HTTPStatus.OK
    [(asked_at, seconds)] = padding
    assert 2.5 <= asked_at + seconds - started < 2.6  # a guess learns nothing by giving up early

    # Another account is not slowed.
    padding.clear()
    assert login(ids.SECOND_EMAIL, ids.SECOND_PASSWORD, ip="192.0.2.202").status_code == HTTPStatus.FOUND
    assert padding == []


def test_one_address_trying_many_accounts_is_limited(carecloud, ids, settings, padding):
    settings.PORTAL_RATE_LIMITS = {"login": "5/5m/ip,10/5m/account-ip,20/5m/account"}
    for attempt in range(5):
        assert login(f"nobody{attempt}@example.com", "x", ip=ATTACKER).status_code == HTTPStatus.OK
    assert login(ids.DEMO_EMAIL, ids.DEMO_PASSWORD, ip=ATTACKER).status_code == HTTPStatus.TOO_MANY_REQUESTS
    # Another address can still log in.
    assert login(ids.DEMO_EMAIL, ids.DEMO_PASSWORD, ip="192.0.2.44").status_code == HTTPStatus.FOUND


def test_the_same_login_written_differently_is_the_same_account(carecloud, ids, settings, padding):
    settings.PORTAL_RATE_LIMITS = {"login": "20/5m/ip,3/5m/account-ip,20/5m/account"}
    for value in ("demo@example.com", " DEMO@example.com", "Demo@Example.com "):
        login(value, "wrong", ip=ATTACKER)
    assert login("demo@example.com", ids.DEMO_PASSWORD, ip=ATTACKER).status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert login(ids.SECOND_EMAIL, ids.SECOND_PASSWORD, ip=ATTACKER).status_code == HTTPStatus.FOUND


def test_successful_logins_do_not_count(carecloud, ids, settings, padding):
    settings.PORTAL_RATE_LIMITS = {"login": "3/5m/ip,3/5m/account-ip,3/5m/account"}
    for _ in range(5):  # a shop's Wi-Fi: many customers, one address
        assert login(ids.DEMO_EMAIL, ids.DEMO_PASSWORD).status_code == HTTPStatus.FOUND
    assert padding == []


def test_the_limit_message_is_on_the_czech_page_too(carecloud, ids, settings, padding):
    settings.PORTAL_RATE_LIMITS = {"login": "20/5m/ip,2/5m/account-ip,20/5m/account"}
    login(ids.DEMO_EMAIL, "wrong-1", language="cs")
    login(ids.DEMO_EMAIL, "wrong-2", language="cs")
    blocked = login(ids.DEMO_EMAIL, "wrong-3", language="cs")
    assert blocked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    html = blocked.content.decode()
    assert '<html lang="cs">' in html and 'class="error-summary"' in html
    assert "Příliš mnoho neúspěšných pokusů." in html
    assert '<form method="post"' in html and f'value="{ids.DEMO_EMAIL}"' in html  # the form, not an error page
    assert "wrong-3" not in html


def test_empty_submissions_are_not_counted(carecloud, ids, settings, padding):
    settings.PORTAL_RATE_LIMITS = {"login": "2/5m/ip,10/5m/account-ip,20/5m/account"}
    for _ in range(5):
        assert login("", "").status_code == HTTPStatus.OK
    assert login(ids.DEMO_EMAIL, ids.DEMO_PASSWORD).status_code == HTTPStatus.FOUND
    assert padding == []


# --- one account, whichever login value names it ------------------------------------------------------


def test_failures_through_email_phone_and_card_count_together(enterprise, ids, settings, padding):
    # The account lookups must end within the floor; the wait itself is not slept (padding), so a
    # floor with room keeps a busy machine's slow lookups from counting the login values apart.
    settings.PORTAL_LOGIN_FAILURE_FLOOR = 5.0
    settings.PORTAL_RATE_LIMITS = {"login": "20/5m/ip,3/5m/account-ip,20/5m/account"}
    login(ids.DEMO_EMAIL, "wrong-1", ip=ATTACKER)
    login(ids.DEMO_PHONE, "wrong-2", ip=ATTACKER, login_type="phone")
    login(ids.DEMO_CARD_NUMBER, "wrong-3", ip=ATTACKER, login_type="card")

    for value, login_type in ((ids.DEMO_EMAIL, "email"), (ids.DEMO_PHONE, "phone"), (ids.DEMO_CARD_NUMBER, "card")):
        response = login(value, ids.DEMO_PASSWORD, ip=ATTACKER, login_type=login_type)
        assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS, login_type
    # The member elsewhere, and another customer from the attacker's address, are not affected.
    assert login(ids.DEMO_PHONE, ids.DEMO_PASSWORD, login_type="phone").status_code == HTTPStatus.FOUND
    assert login(ids.SECOND_EMAIL, ids.SECOND_PASSWORD, ip=ATTACKER).status_code == HTTPStatus.FOUND


def test_a_refused_client_is_refused_through_a_login_value_that_never_failed(enterprise, ids, settings, padding):
    # The account lookups must end within the floor; the wait itself is not slept (padding), so a
    # floor with room keeps a busy machine's slow lookups from counting the login values apart.
    settings.PORTAL_LOGIN_FAILURE_FLOOR = 5.0
    settings.PORTAL_RATE_LIMITS = {"login": "20/5m/ip,2/5m/account-ip,20/5m/account"}
    login(ids.DEMO_EMAIL, "wrong-1", ip=ATTACKER)
    login(ids.DEMO_EMAIL, "wrong-2", ip=ATTACKER)

    # The card has no failures of its own: CareCloud is asked, and the customer it names is refused.
    card = login(ids.DEMO_CARD_NUMBER, ids.DEMO_PASSWORD, ip=ATTACKER, login_type="card")
    assert card.status_code == HTTPStatus.TOO_MANY_REQUESTS
    guess = login(ids.DEMO_PHONE, "wrong-3", ip=ATTACKER, login_type="phone")
    assert guess.status_code == HTTPStatus.TOO_MANY_REQUESTS  # the same answer, right password or not


def test_the_account_lookup_runs_on_failures_only_once_per_login_value_and_keeps_no_login_value(enterprise, ids,
                                                                                                padding, settings):
    settings.PORTAL_LOGIN_FAILURE_FLOOR = 1.0  # production's: the lookup runs in what is left of it
    since = enterprise.last_seq()
    assert login(ids.DEMO_EMAIL, ids.DEMO_PASSWORD).status_code == HTTPStatus.FOUND
    assert enterprise_calls(enterprise, since) == []  # a successful login asks nothing more

    login(ids.DEMO_EMAIL, "wrong-1")
    login(ids.DEMO_EMAIL, "wrong-2", ip=ATTACKER)
    login(ids.DEMO_CARD_NUMBER, "wrong-3", login_type="card")
    login("nobody@example.com", "wrong-4")
    login("nobody@example.com", "wrong-5")
    calls = [(entry["operation_id"], entry["query"]) for entry in enterprise_calls(enterprise, since)]
    assert [operation for operation, _ in calls] == ["getCustomers", "getCards", "getCustomers"]

    keys = " ".join(str(key) for key in cache._cache)  # locmem: the stored keys
    keys += " ".join(ratelimit.storage().events)  # the counts, in this process's memory
    assert "login/account-ip/" in keys
    for value in (ids.DEMO_EMAIL, ids.DEMO_CARD_NUMBER, "nobody@example.com", ids.DEMO_CUSTOMER):
        assert value not in keys


def test_without_a_failure_floor_the_account_lookup_still_runs(enterprise, ids, settings, padding):
    """The lookup's budget is what is left of the floor; with the floor off there is no answer time
    to keep, and the page's own budget bounds it (it was never sent: 0 s left)."""
    settings.PORTAL_LOGIN_FAILURE_FLOOR = 0
    since = enterprise.last_seq()
    login(ids.DEMO_CARD_NUMBER, "wrong-1", login_type="card")
    assert [entry["operation_id"] for entry in enterprise_calls(enterprise, since)] == ["getCards"]


def test_without_the_enterprise_service_user_each_login_value_counts_apart(carecloud, ids, settings, padding):
    settings.CARECLOUD_ENTERPRISE_LOGIN = ""
    settings.PORTAL_RATE_LIMITS = {"login": "20/5m/ip,2/5m/account-ip,20/5m/account"}
    since = carecloud.last_seq()
    login(ids.DEMO_EMAIL, "wrong-1", ip=ATTACKER)
    login(ids.DEMO_EMAIL, "wrong-2", ip=ATTACKER)

    assert login(ids.DEMO_EMAIL, ids.DEMO_PASSWORD, ip=ATTACKER).status_code == HTTPStatus.TOO_MANY_REQUESTS
    response = login(ids.DEMO_CARD_NUMBER, ids.DEMO_PASSWORD, ip=ATTACKER, login_type="card")
    assert response.status_code == HTTPStatus.FOUND
    assert enterprise_calls(carecloud, since) == []


def test_a_refused_enterprise_service_user_falls_back_to_the_login_value(enterprise, ids, settings, padding):
    settings.CARECLOUD_ENTERPRISE_PASSWORD = "not-the-password"
    settings.PORTAL_RATE_LIMITS = {"login": "20/5m/ip,2/5m/account-ip,20/5m/account"}
    login(ids.DEMO_EMAIL, "wrong-1", ip=ATTACKER)
    wrong = login(ids.DEMO_EMAIL, "wrong-2", ip=ATTACKER)
    assert wrong.status_code == HTTPStatus.OK and "The login or password is not correct." in wrong.content.decode()

    assert login(ids.DEMO_EMAIL, ids.DEMO_PASSWORD, ip=ATTACKER).status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert login(ids.DEMO_PHONE, ids.DEMO_PASSWORD, ip=ATTACKER, login_type="phone").status_code == HTTPStatus.FOUND


# --- the answer-time floor -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["nobody-here@example.com", "demo@example.com"])
def test_a_failed_login_asks_to_be_answered_at_the_floor_whether_or_not_the_account_exists(enterprise, settings,
                                                                                          padding, value):
    settings.PORTAL_LOGIN_FAILURE_FLOOR = 0.9
    started = time.monotonic()
    response = login(value, "Wrong-Password-1")

    assert response.status_code == HTTPStatus.OK
    [(asked_at, seconds)] = padding
    assert 0.9 <= asked_at + seconds - started < 1.0  # the view started a little after `started`


def test_a_floor_is_capped(carecloud, settings, padding):
    settings.PORTAL_LOGIN_FAILURE_FLOOR = 3600
    started = time.monotonic()
    login("nobody-here@example.com", "Wrong-Password-1")
    [(asked_at, seconds)] = padding
    assert asked_at + seconds - started < throttle.MAX_FLOOR + 0.1


def test_a_refusal_decided_before_carecloud_answers_at_once(carecloud, ids, settings, padding):
    settings.PORTAL_RATE_LIMITS = {"login": "20/5m/ip,1/5m/account-ip,20/5m/account"}
    login(ids.DEMO_EMAIL, "wrong-1", ip=ATTACKER)
    padding.clear()
    assert login(ids.DEMO_EMAIL, "wrong-2", ip=ATTACKER).status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert padding == []


def test_the_forgotten_password_form_pads_with_the_same_helper(carecloud, client, padding):
    from portal.accounts.services import PASSWORD_SETUP_MIN_SECONDS

    with translation.override("en"):
        url = reverse("accounts:password-forgotten")
    started = time.monotonic()
    client.post(url, {"channel": "email", "email": "nobody-here@example.com"})
    [(asked_at, seconds)] = padding
    assert PASSWORD_SETUP_MIN_SECONDS <= asked_at + seconds - started < PASSWORD_SETUP_MIN_SECONDS + 0.3


@pytest.mark.slow
@pytest.mark.alone  # with other test workers loading the CPU, a failure's own work outgrew the floor
def test_unknown_account_and_wrong_password_take_the_same_time(enterprise, ids, settings):
    """Measured, not mocked: generous bounds (the floor is what the other tests pin down)."""
    settings.PORTAL_LOGIN_FAILURE_FLOOR = 0.4
    settings.PORTAL_RATE_LIMITS = {"login": "20/5m/ip,10/5m/account-ip,100/5m/account"}

    def timed(value, n):
        started = time.monotonic()
        assert login(value, f"Wrong-{n}", ip=f"192.0.2.{n}").status_code == HTTPStatus.OK
        return time.monotonic() - started

    unknown = statistics.median(timed(f"nobody-{n}@example.com", n) for n in range(1, 6))
    wrong = statistics.median(timed(ids.DEMO_EMAIL, n) for n in range(10, 15))
    assert unknown >= 0.4 and wrong >= 0.4
    assert abs(unknown - wrong) < 0.05, (unknown, wrong)


def test_a_failure_slower_than_the_floor_is_logged(carecloud, settings, padding, caplog):
    settings.PORTAL_LOGIN_FAILURE_FLOOR = 0.001  # any real failure takes longer
    with caplog.at_level("WARNING", logger="portal.accounts.throttle"):
        login("nobody-here@example.com", "Wrong-Password-1")
    assert "longer than its floor" in caplog.text
    assert "nobody-here" not in caplog.text


def test_behind_a_proxy_the_client_ip_comes_from_the_configured_header(carecloud, client, ids, settings, padding):
    """RATELIMIT_IP_META_KEY: behind a reverse proxy every request comes from the proxy's address;
    the client's own is in a header, and that is the address that is counted."""
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"
    settings.PORTAL_RATE_LIMITS = {"login": "3/5m/ip,10/5m/account-ip,20/5m/account"}

    def attempt(value, password, real_ip):
        with translation.override("en"):
            return client.post(reverse("accounts:login"), {"login_type": "email", "login_value": value,
                                                           "password": password},
                               REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP=real_ip)

    for number in range(3):
        assert attempt(f"nobody{number}@example.com", "x", "198.51.100.7").status_code == HTTPStatus.OK
    assert attempt(ids.DEMO_EMAIL, ids.DEMO_PASSWORD, "198.51.100.7").status_code == HTTPStatus.TOO_MANY_REQUESTS
    # Another customer behind the same proxy is not locked out.
    assert attempt(ids.DEMO_EMAIL, ids.DEMO_PASSWORD, "203.0.113.5").status_code == HTTPStatus.FOUND


# --- the counters, called directly -------------------------------------------------------------------------


def login_request(address: str = "198.51.100.7"):
    return RequestFactory().post("/en/account/login/", REMOTE_ADDR=address)


def attempt(request=None, login_value: str = " Member@Example.com ") -> throttle.LoginAttempt:
    return throttle.LoginAttempt(request or login_request(), logins=[("email", login_value)], started=0.0)


def test_the_account_an_earlier_failure_found_is_the_attempts_account_from_the_start():
    assert attempt().accounts == ["email:member@example.com"]
    cache.set(throttle._alias_key("email:member@example.com"), "customer:42", 60)
    assert attempt().accounts == ["customer:42"]


def test_the_per_account_counter_adds_up_failures_from_every_address(settings):
    settings.PORTAL_RATE_LIMITS = {"login": "20/5m/ip,10/5m/account-ip,2/5m/account"}
    for address in ("198.51.100.7", "203.0.113.9"):
        ratelimit.count(login_request(address), "login", account="customer:42")
    third = attempt(login_request("192.0.2.1"))
    third.accounts = ["customer:42"]
    assert third._under_attack() is True
    assert third._pair_over() is False  # slowed, never refused
    assert attempt(login_request("192.0.2.1"))._under_attack() is False  # another account


@pytest.mark.parametrize(("failures", "refused"), [(0, False), (1, False), (2, True)])
def test_a_client_over_its_per_address_limit_is_refused_before_carecloud_is_asked(settings, failures, refused):
    settings.PORTAL_RATE_LIMITS = {"login": "2/5m/ip,10/5m/account-ip,20/5m/account"}
    for _ in range(failures):
        ratelimit.count(login_request(), "login", account="email:member@example.com")
    assert attempt(login_value="someone-else@example.com").refused() is refused


def test_every_rule_of_the_login_but_the_accounts_refuses_and_without_one_nothing_is_slowed(settings):
    settings.PORTAL_RATE_LIMITS = {"login": "3/5m/ip,1/m/account-ip"}  # a deployment's own: no per-account rule
    first = attempt()
    first.failed()
    assert first.floor == throttle.failure_floor()  # not under attack: there is no such rule
    assert attempt().refused() is True  # the per-minute rule of the pair
    assert attempt(login_value="other@example.com").refused() is False


# --- whose account a failed login value is, called directly ------------------------------------------------


def page(*items):
    return SimpleNamespace(items=list(items))


@pytest.mark.parametrize(("items", "customer_id"), [
    ([{"customer_id": "c-old", "state": 0}, {"customer_id": "c-1", "state": 1}, {"name": "no id"}], "c-1"),
    ([{"customer_id": 7}], "7"),  # no state: active
    ([{"customer_id": "c-old", "state": 0}], "c-old"),  # none active: the account all the same
    ([{"customer_id": "c-1"}, {"customer_id": "c-2", "state": 1}], None),  # two people: nobody's
    ([], None),
])
def test_a_login_value_is_the_account_of_its_one_active_customer(monkeypatch, items, customer_id):
    asked = []
    monkeypatch.setattr(throttle.enterprise, "customers", lambda **query: asked.append(query) or page(*items))
    assert throttle.customer_for_login(login_type="email", login_value="jana@example.com") == customer_id
    [query] = asked
    assert query.pop("email") == "jana@example.com"
    # One short page (getCustomers' own default is far longer): enough to tell one customer from several.
    assert query.keys() == {"count"} and 2 <= query["count"] <= 5


@pytest.fixture
def lookup(settings):
    """The enterprise service user is configured and the account lookup is on."""
    settings.CARECLOUD_ENTERPRISE_LOGIN, settings.CARECLOUD_ENTERPRISE_PASSWORD = "service-user", "secret"
    settings.PORTAL_LOGIN_ACCOUNT_LOOKUP = True


@pytest.mark.parametrize(("wanted", "service_user", "enabled"), [
    (True, "service-user", True),
    (None, "service-user", True),  # a settings module without the setting: on (docs/configuration.md)
    (False, "service-user", False),
    (True, "", False),  # nobody to look the account up with
    (None, "", False),
])
def test_the_account_lookup_runs_when_wanted_and_the_service_user_is_configured(settings, wanted, service_user,
                                                                               enabled):
    settings.CARECLOUD_ENTERPRISE_LOGIN, settings.CARECLOUD_ENTERPRISE_PASSWORD = service_user, "secret"
    if wanted is None:
        del settings.PORTAL_LOGIN_ACCOUNT_LOOKUP
    else:
        settings.PORTAL_LOGIN_ACCOUNT_LOOKUP = wanted
    assert throttle.lookup_enabled() is enabled


def test_a_login_value_looked_up_already_is_not_looked_up_again(lookup, monkeypatch):
    monkeypatch.setattr(throttle, "customer_for_login", lambda **kwargs: pytest.fail("looked up again"))
    cache.set(throttle._alias_key("email:member@example.com"), "customer:42", 60)
    cache.set(throttle._alias_key("phone:420777123456"), "", 60)  # looked up: nobody's, or several people's
    assert attempt()._resolve("email", " Member@Example.com ") == "customer:42"
    assert attempt()._resolve("phone", "420777123456") == "phone:420777123456"


def test_the_account_lookup_gets_what_is_left_of_the_floor_and_no_more_than_the_page_has(lookup, settings,
                                                                                       monkeypatch):
    settings.PORTAL_LOGIN_FAILURE_FLOOR = 1.0
    budgets = []
    monkeypatch.setattr(throttle, "customer_for_login", lambda **kwargs: budgets.append(budget.remaining()) or "42")
    started = time.monotonic() - 0.4  # the login view started 0.4 s ago
    one = throttle.LoginAttempt(login_request(), logins=[("email", "a@example.com")], started=started)
    assert one._resolve("email", "a@example.com") == "customer:42"
    with budget.budget(0.2):  # the page's own budget has less left
        assert one._resolve("email", "b@example.com") == "customer:42"
    assert 0.5 < budgets[0] <= 0.6 and 0.1 < budgets[1] <= 0.2


def test_the_account_found_is_remembered_for_the_counters_window_whatever_the_caches_default(lookup, settings,
                                                                                            monkeypatch):
    settings.CACHES = {"default": {**settings.CACHES["default"], "TIMEOUT": 60}}  # a deployment's shorter default
    monkeypatch.setattr(throttle, "customer_for_login", lambda **kwargs: "42")
    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])
    assert attempt()._resolve("email", "member@example.com") == "customer:42"
    now[0] += 61
    assert attempt().accounts == ["customer:42"]  # the next attempt counts on the customer from the start
    now[0] += throttle.LOOKUP_SECONDS - 60
    assert attempt().accounts == ["email:member@example.com"]  # after the window: looked up again
