"""Caching of the public pages and the isolation it must never break: HTTP headers a CDN can keep
for anonymous visitors only, CareCloud's public answers cached per language on the server, and no
visitor's data (a customer's name or points, another visitor's attribution, a token) in anyone
else's page."""

from http import HTTPStatus

import pytest
from django.test import Client

from portal.carecloud import anonymous as anonymous_token
from portal.core.attribution import COOKIE_NAME, SESSION_KEY
from portal.core.cookies import ACCEPTED, CONSENT_COOKIE

from .conftest import AUTUMN, SUMMER, UNKNOWN, canonical, link, text, url

PUBLIC_PAGES = [
    pytest.param(lambda: url("campaigns:list"), id="list"),
    pytest.param(lambda: url("campaigns:list", "cs"), id="list-cs"),
    pytest.param(lambda: canonical(AUTUMN), id="campaign"),
    pytest.param(lambda: canonical(AUTUMN, "cs"), id="campaign-cs"),
]


def carecloud_calls(sandbox, since):
    return [e for e in sandbox.requests_log(since) if e.get("operation_id")]


# --- HTTP caching headers ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_an_anonymous_visitor_gets_a_page_a_cdn_may_keep(anonymous, path):
    response = anonymous.get(path())
    assert response.status_code == HTTPStatus.OK
    assert response["Cache-Control"] == "public, max-age=300"
    assert "Cookie" in response["Vary"]
    assert "Accept-Language" not in response["Vary"]  # the language is in the address
    assert not response.cookies  # no session, CSRF, language or attribution cookie
    assert "csrfmiddlewaretoken" not in text(response)


def test_the_lifetime_follows_the_setting(anonymous, settings):
    settings.PORTAL_PUBLIC_CACHE_SECONDS = 60
    assert anonymous.get(canonical(AUTUMN))["Cache-Control"] == "public, max-age=60"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_customers_page_is_private(customer_client, path):
    response = customer_client.get(path())
    assert response.status_code == HTTPStatus.OK
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control and "public" not in cache_control
    assert "Cookie" in response["Vary"]


def test_gone_and_unknown_campaigns_and_wrong_slugs_are_cacheable_too(anonymous):
    assert anonymous.get(canonical(SUMMER)).get("Cache-Control") == "public, max-age=300"
    unknown = url("campaigns:detail", campaign_id=UNKNOWN, slug="x")
    assert anonymous.get(unknown).get("Cache-Control") == "public, max-age=300"
    wrong = url("campaigns:detail", campaign_id=AUTUMN, slug="x")
    assert anonymous.get(wrong).get("Cache-Control") == "public, max-age=300"


def test_the_stable_link_is_never_kept_so_every_arrival_is_attributed(anonymous):
    response = anonymous.get(link(AUTUMN))
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_a_tagged_visit_is_private_and_remembered(anonymous):
    response = anonymous.get(canonical(AUTUMN), {"utm_source": "newsletter"})
    assert response.status_code == HTTPStatus.OK
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    # without consent to marketing cookies the visit remembers it (the session), no cookie does
    assert COOKIE_NAME not in response.cookies and SESSION_KEY in anonymous.session
    anonymous.cookies[CONSENT_COOKIE] = ACCEPTED
    response = anonymous.get(canonical(AUTUMN), {"utm_source": "newsletter"})
    assert "private" in response["Cache-Control"] and COOKIE_NAME in response.cookies


def test_a_page_showing_a_pending_message_is_not_shared(customer_client):
    """Logging out leaves a message for the next page; shown on a public page, that page sets a
    cookie and is personal, so it must not be marked public."""
    customer_client.post(url("accounts:logout"))
    response = customer_client.get(url("campaigns:list"))
    assert "You have been logged out." in text(response)
    assert "public" not in response["Cache-Control"] and "private" in response["Cache-Control"]


# --- the server-side cache of CareCloud's public answers -------------------------------------------------


def test_public_answers_are_cached_per_language(anonymous, sandbox):
    anonymous.get(canonical(AUTUMN))
    since = sandbox.last_seq()
    assert Client().get(canonical(AUTUMN)).status_code == HTTPStatus.OK
    assert carecloud_calls(sandbox, since) == []  # a second visitor costs CareCloud nothing
    Client().get(canonical(AUTUMN, "cs"))
    calls = carecloud_calls(sandbox, since)
    assert calls and {e["accept_language"] for e in calls} == {"cs"}  # the Czech page reads in Czech


def test_the_cache_lifetime_ends(anonymous, sandbox, settings):
    settings.PORTAL_PUBLIC_CACHE_SECONDS = 0  # Django's cache keeps nothing for 0 seconds
    anonymous.get(canonical(AUTUMN))
    since = sandbox.last_seq()
    anonymous.get(canonical(AUTUMN))
    assert any(e["operation_id"] == "getCampaign" for e in carecloud_calls(sandbox, since))


def test_a_failed_read_is_not_cached(anonymous, fresh_sandbox):
    anonymous_token.token()  # the token first: the fault is for the campaign's read
    fresh_sandbox.set_faults(force_status=500, force_count=3)  # the read and its two retries
    try:
        assert anonymous.get(canonical(AUTUMN)).status_code == HTTPStatus.SERVICE_UNAVAILABLE
        assert anonymous.get(canonical(AUTUMN)).status_code == HTTPStatus.OK
    finally:
        fresh_sandbox.clear_faults()


# --- isolation ---------------------------------------------------------------------------------------


def test_a_customers_visit_never_reaches_an_anonymous_page(customer_client, sandbox, demo_token, ids):
    points = sandbox.api().get("/wallet/actions/points-overview", token=demo_token,
                               params={"customer_id": ids.DEMO_CUSTOMER}).json()["data"]["available_points"]
    mine = text(customer_client.get(canonical(AUTUMN)))  # fills the server's cache first
    assert "Log out" in mine and f"{points:,.0f}" in mine
    for path in (canonical(AUTUMN), url("campaigns:list")):
        html = text(Client().get(path))
        for personal in ("Tereza", "Log out", "points to spend", "Campaign rewards for you", ids.DEMO_EMAIL,
                         f"{points:,.0f}"):
            assert personal not in html, personal


def test_two_customers_each_see_only_their_own_points(customer_client, second_customer_client, sandbox, ids,
                                                      demo_token, second_token):
    def points(token, customer_id):
        return sandbox.api().get("/wallet/actions/points-overview", token=token,
                                 params={"customer_id": customer_id}).json()["data"]["available_points"]
    demo, second = points(demo_token, ids.DEMO_CUSTOMER), points(second_token, ids.SECOND_CUSTOMER)
    assert demo != second
    demo_page = text(customer_client.get(canonical(AUTUMN)))
    second_page = text(second_customer_client.get(canonical(AUTUMN)))
    assert f"<strong>{demo:,.0f}</strong>" in demo_page and f"<strong>{second:,.0f}</strong>" not in demo_page
    assert f"<strong>{second:,.0f}</strong>" in second_page and f"<strong>{demo:,.0f}</strong>" not in second_page


def test_one_visitors_attribution_never_reaches_another(anonymous):
    first = anonymous.get(canonical(AUTUMN), {"utm_source": "secret-partner", "utm_campaign": "spring-x"})
    assert first.status_code == HTTPStatus.OK
    other = Client()
    html = text(other.get(canonical(AUTUMN)))
    assert "secret-partner" not in html and "spring-x" not in html
    assert SESSION_KEY not in other.session and COOKIE_NAME not in other.cookies


def test_the_anonymous_token_never_reaches_a_visitor(customer_client, sandbox, ids):
    visitor = Client()
    response = visitor.get(canonical(AUTUMN))
    token = anonymous_token.token()
    assert token not in text(response) and all(token not in c.value for c in response.cookies.values())
    assert "carecloud" not in visitor.session  # no customer session was made for the visitor
    # a customer's page is read with their own token; the anonymous one stays logged out
    customer_client.get(canonical(AUTUMN))
    assert customer_client.session["carecloud"]["token"] != token
    refused = sandbox.api().get(f"/customers/{ids.DEMO_CUSTOMER}", token=token)
    assert refused.status_code in (HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN)
