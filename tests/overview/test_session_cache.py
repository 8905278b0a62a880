"""The overview's per-session cache of rarely-changing data: fewer calls when warm, dropped after
any write made with the session's token, bounded staleness for changes made elsewhere."""

import time
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import translation

from portal.carecloud import resources
from tests.support.clock import Clock

pytestmark = pytest.mark.usefixtures("fresh_sandbox")


def overview(client, language="en"):
    with translation.override(language):
        return client.get(reverse("overview:dashboard"))


def calls(sandbox, since):
    return sorted(entry["operation_id"] for entry in sandbox.requests_log(since))


def test_a_warm_overview_makes_at_most_four_calls(customer_client, sandbox):
    assert overview(customer_client).status_code == HTTPStatus.OK  # cold: fills the caches
    since = sandbox.last_seq()
    assert overview(customer_client).status_code == HTTPStatus.OK
    made = calls(sandbox, since)
    assert len(made) <= 4, made
    assert made == sorted(["getWalletPoints", "getWalletPointsExpiration", "getSubCustomerVouchers",
                           "getSubCustomerRewards"])  # what changes with every purchase stays live


def test_a_write_with_the_sessions_token_drops_its_cache(customer_client, sandbox, ids):
    assert "Tereza" in overview(customer_client).content.decode()
    token = customer_client.session["carecloud"]["token"]
    record = resources.customer_get(token=token, customer_id=ids.DEMO_CUSTOMER)
    record["personal_information"]["first_name"] = "Terezie"
    resources.customer_update(token=token, customer_id=ids.DEMO_CUSTOMER, customer=record)
    assert "Terezie" in overview(customer_client).content.decode()


def test_a_change_made_elsewhere_shows_after_the_expiry(customer_client, sandbox, ids, settings, monkeypatch):
    # The cache's clock is moved on by hand (LocMemCache expires entries on time.time()): a real
    # one-second expiry could run out during the calls before the first check on a busy machine.
    settings.CARECLOUD_CUSTOMER_CACHE_SECONDS = 60
    clock = Clock(time.time())
    monkeypatch.setattr(time, "time", clock)
    assert "Tereza" in overview(customer_client).content.decode()
    other = sandbox.customer_token()  # another device of the same customer
    record = resources.customer_get(token=other, customer_id=ids.DEMO_CUSTOMER)
    record["personal_information"]["first_name"] = "Terka"
    resources.customer_update(token=other, customer_id=ids.DEMO_CUSTOMER, customer=record)
    clock.now += 59
    assert "Terka" not in overview(customer_client).content.decode()  # still the cached record
    clock.now += 2
    assert "Terka" in overview(customer_client).content.decode()


def test_a_revoked_session_is_noticed_on_a_warm_overview(customer_client, sandbox, ids):
    assert overview(customer_client).status_code == HTTPStatus.OK
    sandbox.control("POST", f"customers/{ids.DEMO_CUSTOMER}/expire-tokens")
    response = overview(customer_client)
    assert response.status_code == HTTPStatus.FOUND and "/account/login/" in response["Location"]


def test_the_cache_is_per_session_never_shared_between_customers(customer_client, second_customer_client):
    assert "Tereza" in overview(customer_client).content.decode()
    second = overview(second_customer_client).content.decode()
    assert "Tereza" not in second and "Jana" in second


def test_zero_seconds_switches_it_off(customer_client, sandbox, settings):
    settings.CARECLOUD_CUSTOMER_CACHE_SECONDS = 0
    overview(customer_client)
    since = sandbox.last_seq()
    overview(customer_client)
    assert "getCustomer" in calls(sandbox, since)
