"""Deep links: any page of the portal can be linked to. A logged-out visitor logs in and lands
exactly on the linked page, query string and all; a link without a language picks the visitor's
(cookie, then browser), a link with one keeps it, and CareCloud is asked in that language."""

from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import Client

from tests.support.html import parse

from .conftest import AUTUMN, canonical, link, text, url

DEEP = "/en/vouchers/?state=applied&page=1"


def calls(sandbox, since, operation):
    return [e for e in sandbox.requests_log(since) if e.get("operation_id") == operation]


def test_a_deep_link_to_a_private_page_lands_there_after_logging_in(anonymous, ids):
    response = anonymous.get(DEEP)
    assert response.status_code == HTTPStatus.FOUND
    login = urlsplit(response["Location"])
    assert login.path == url("accounts:login") and parse_qs(login.query) == {"next": [DEEP]}
    form = parse(anonymous.get(response["Location"]).content)
    login_form = next(f for f in form.forms if f.get("action") == login.path)
    carried = {f.get("name"): f.get("value") for f in login_form["fields"]}
    assert carried["next"] == DEEP  # the form carries it, exactly
    landed = anonymous.post(response["Location"], {"login_type": "email", "login_value": ids.DEMO_EMAIL,
                                                   "password": ids.DEMO_PASSWORD, "next": carried["next"]})
    assert landed.status_code == HTTPStatus.FOUND and landed["Location"] == DEEP
    page = anonymous.get(landed["Location"])
    assert page.status_code == HTTPStatus.OK
    assert '<a href="?state=applied" aria-current="page">' in text(page)  # the tab it asked for
    assert "ESPR2D6FHC" in text(page)  # a used voucher of the demo customer


def test_a_customer_following_a_deep_link_lands_there_at_once(customer_client):
    response = customer_client.get(DEEP)
    assert response.status_code == HTTPStatus.OK and "ESPR2D6FHC" in text(response)


@pytest.mark.parametrize("cookie, accept, expected", [
    (None, "cs,en;q=0.5", "cs"),
    (None, "en-GB,en;q=0.9", "en"),
    ("en", "cs", "en"),  # the visitor's own choice wins over the browser's
    ("cs", "en-GB", "cs"),
    (None, "de-DE,fr;q=0.8", settings.LANGUAGE_CODE),  # nothing we have: the portal's default
    ("xx", "", settings.LANGUAGE_CODE),
])
def test_a_link_without_a_language_picks_the_visitors(anonymous, cookie, accept, expected):
    if cookie:
        anonymous.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
    response = anonymous.get("/vouchers/?state=applied&page=1", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"/{expected}/vouchers/?state=applied&page=1"
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}


@pytest.mark.parametrize("language", ["en", "cs"])
def test_a_link_with_a_language_keeps_it(anonymous, language):
    other = "cs" if language == "en" else "en"
    anonymous.cookies[settings.LANGUAGE_COOKIE_NAME] = other
    response = anonymous.get(url("campaigns:list", language), HTTP_ACCEPT_LANGUAGE=other)
    assert response.status_code == HTTPStatus.OK
    assert f'<html lang="{language}">' in text(response)


@pytest.mark.parametrize("accept, language", [("cs", "cs"), ("en-GB", "en")])
def test_carecloud_is_asked_in_the_language_the_link_picked(anonymous, sandbox, public, accept, language):
    since = sandbox.last_seq()
    response = anonymous.get(link(AUTUMN).removeprefix("/en"), HTTP_ACCEPT_LANGUAGE=accept, follow=True)
    assert response.redirect_chain == [(link(AUTUMN, language), HTTPStatus.FOUND),
                                       (canonical(AUTUMN, language), HTTPStatus.MOVED_PERMANENTLY)]
    assert public(f"/campaigns/{AUTUMN}", language)["name"] in text(response)
    offers = calls(sandbox, since, "getCampaignProducts") + calls(sandbox, since, "getProduct")
    assert offers and {e["accept_language"] for e in offers} == {language}
    # the campaign itself is read in every language too: the page links its other-language versions
    assert language in {e["accept_language"] for e in calls(sandbox, since, "getCampaign")}


def test_a_customers_pages_follow_the_language_of_the_link(customer_client, sandbox):
    since = sandbox.last_seq()
    response = customer_client.get("/vouchers/?state=applied", HTTP_ACCEPT_LANGUAGE="cs", follow=True)
    assert response.redirect_chain[-1][0] == "/cs/vouchers/?state=applied"
    assert '<html lang="cs">' in text(response)
    reads = calls(sandbox, since, "getSubCustomerVouchers")
    assert reads and {e["accept_language"] for e in reads} == {"cs"}
    assert calls(sandbox, since, "putToken")  # and the customer's token now speaks Czech too


def test_a_public_page_can_be_linked_to_by_anyone(anonymous):
    """No login wall on the campaign pages: a fresh browser sees them."""
    for path in (url("campaigns:list"), canonical(AUTUMN), url("accounts:login")):
        assert Client().get(path).status_code == HTTPStatus.OK, path
