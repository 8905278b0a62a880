"""The store finder and the credits in Chromium at 390 px, in English and Czech, with JavaScript on
and off: sorting by distance with a granted location (the home store stays first), sorting by city
without JavaScript, changing the home store, and an accessibility audit (axe-core, which needs
JavaScript: with it on) of each page."""

import re

import pytest

from portal.sandbox.seed.reference import STORE_OLOMOUC, STORE_PLZEN
from tests.support.browser import log_in, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

PLZEN_SQUARE = {"latitude": 49.7475, "longitude": 13.3776}  # a member standing in Plzeň
HOME = {"en": "Your home store", "cs": "Vaše domovská prodejna"}
SORT = {"en": "Sort by distance from me", "cs": "Seřadit podle vzdálenosti ode mě"}


@pytest.fixture
def member_page(phone_page):
    def open_page(javascript=True, lang="en", geolocation=None):
        options = {"geolocation": geolocation, "permissions": ["geolocation"]} if geolocation else {}
        return phone_page(lang, javascript, **options)

    return open_page


def store_ids(page):
    return page.locator("[data-store-list] > li article").evaluate_all(
        "nodes => nodes.map(n => n.getAttribute('aria-labelledby').replace('store-', ''))")


@pytest.mark.parametrize("lang", ["en", "cs"])
def test_sorting_by_distance_with_a_granted_location(member_page, portal_url, ids, fresh_sandbox, lang):
    page = member_page(lang=lang, geolocation=PLZEN_SQUARE)
    log_in(page, portal_url, ids, lang=lang)
    page.goto(f"{portal_url}/{lang}/stores/")
    by_city = store_ids(page)
    assert by_city[0] == ids.STORE_PRAHA and by_city[1] == ids.STORE_BRNO
    page.get_by_role("button", name=SORT[lang]).click()
    # A locator's wait, not wait_for_function: a predicate polled as a string is eval'd in the page,
    # which the portal's CSP (no 'unsafe-eval') refuses whenever it is not true at once.
    page.locator("[data-store-list] > li:nth-child(2) [data-distance]:not([hidden])").wait_for()
    by_distance = store_ids(page)
    assert by_distance[0] == ids.STORE_PRAHA  # the home store stays first
    assert by_distance[1] == STORE_PLZEN and by_distance[-1] == STORE_OLOMOUC
    distance = page.locator(f"[aria-labelledby='store-{STORE_PLZEN}'] [data-distance]").inner_text()
    assert re.fullmatch(r"0[.,]\d km (from you|od vás)", distance), distance
    assert serious_violations(page) == []


@pytest.mark.parametrize("lang", ["en", "cs"])
def test_without_javascript_by_city_and_the_home_store_changes(member_page, portal_url, ids, fresh_sandbox, lang):
    page = member_page(javascript=False, lang=lang)
    log_in(page, portal_url, ids, lang=lang)
    page.goto(f"{portal_url}/{lang}/stores/")
    assert not page.get_by_role("button", name=SORT[lang]).is_visible()
    assert store_ids(page)[:2] == [ids.STORE_PRAHA, ids.STORE_BRNO]
    page.locator(f"[aria-labelledby='store-{STORE_PLZEN}'] form button").click()
    page.wait_for_load_state()
    assert store_ids(page)[0] == STORE_PLZEN
    assert HOME[lang] in page.locator(f"[aria-labelledby='store-{STORE_PLZEN}']").inner_text()
    assert page.locator(".messages").is_visible()


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("lang", ["en", "cs"])
def test_the_credits(member_page, portal_url, ids, fresh_sandbox, lang, javascript):
    page = member_page(javascript=javascript, lang=lang)
    log_in(page, portal_url, ids, lang=lang)
    page.locator(".more-menu summary").click()  # on a phone, credits sit under "More"
    page.locator(".more-menu__sheet").get_by_role("link", name={"en": "Credits", "cs": "Kredity"}[lang]).click()
    page.wait_for_url(re.compile(rf"/{lang}/credits/$"))
    assert "586 CZK" in page.locator(".credit-balances").inner_text().replace("\xa0", " ")
    assert page.locator(".credit-expiring dt").count() == 3
    assert page.locator("tbody tr").count() == 10
    if javascript:  # axe-core runs in the page: only where scripts may run
        assert serious_violations(page) == []
    page.locator(".pagination a[href*='page=2']").first.click()
    page.wait_for_url(re.compile(r"page=2"))
    assert page.locator("tbody tr").count() == 2
