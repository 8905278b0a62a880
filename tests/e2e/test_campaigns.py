"""Campaign pages in a real browser: a campaign link opened logged out, in the browser's language,
and back on it after logging in (or registering, once registration is merged); the language links
of public pages with and without JavaScript; axe-core on every public page."""

import re
import uuid

import pytest

from portal.sandbox.seed import campaigns as seeded
from tests.support.browser import fill_login, log_in, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

AUTUMN, CHRISTMAS, SUMMER = seeded.CAMPAIGN_AUTUMN_COFFEE, seeded.CAMPAIGN_CHRISTMAS, seeded.CAMPAIGN_SUMMER_ICED
CANONICAL = {"en": f"/en/campaigns/{AUTUMN}/autumn-coffee/", "cs": f"/cs/campaigns/{AUTUMN}/podzimni-kava/"}
NAMES = {"en": "Autumn coffee", "cs": "Podzimní káva"}
PUBLIC_PAGES = [
    ("campaigns", "/{lang}/campaigns/"),
    ("campaign", "/{lang}/campaigns/" + AUTUMN + "/x/"),  # a wrong slug: redirected to the canonical page
    ("upcoming", "/{lang}/campaigns/" + CHRISTMAS + "/"),
    ("finished (410)", "/{lang}/campaigns/" + SUMMER + "/"),
    ("unknown (404)", "/{lang}/campaigns/" + "0" * 26 + "/"),
    ("login", "/{lang}/account/login/"),
    ("registration", "/{lang}/register/"),
    ("forgotten password", "/{lang}/password/forgotten/"),
]


@pytest.fixture
def visitor(phone_page):
    """A browser page of a visitor with ``visitor(language, javascript=True)``'s locale."""
    return phone_page


@pytest.mark.parametrize("language", ["cs", "en"])
def test_a_campaign_link_opened_logged_out_logs_in_and_lands_back_on_it(visitor, portal_url, ids, language):
    page = visitor(language)
    page.goto(f"{portal_url}/campaigns/{AUTUMN}/")  # the stable link without a language: the browser's
    page.wait_for_url(re.compile(re.escape(CANONICAL[language]) + "$"))
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").inner_text() == NAMES[language]
    assert page.locator(".offer").count() == 2
    page.locator(f'.campaign-cta a[href^="/{language}/account/login/"]').click()
    page.wait_for_url(re.compile(r"/account/login/\?next="))
    fill_login(page, ids.DEMO_EMAIL, ids.DEMO_PASSWORD)
    page.wait_for_url(re.compile(re.escape(CANONICAL[language]) + "$"))
    assert page.locator("h1").inner_text() == NAMES[language]
    assert page.locator('form[action$="/logout/"]').count() == 1  # logged in
    points = page.locator(".campaign-cta__points").inner_text().replace("\xa0", " ")
    assert "1 630" in points or "1,630" in points


def test_register_from_a_campaign_link_and_land_back_on_the_campaign_logged_in(visitor, portal_url):
    page = visitor("cs")
    page.goto(f"{portal_url}/campaigns/{AUTUMN}/")
    page.wait_for_url(re.compile(re.escape(CANONICAL["cs"]) + "$"))
    page.locator('.campaign-cta a[href*="next="]').nth(1).click()  # "Join the club", after "Log in"
    form = page.locator("form:has(input[type=password])")
    email = f"e2e-campaign-{uuid.uuid4().hex[:10]}@example.com"
    for field in form.locator("input:not([type=hidden]):not([type=checkbox]):not([type=radio])").all():
        kind, name = field.get_attribute("type") or "text", field.get_attribute("name") or ""
        if kind == "email" or "email" in name:
            field.fill(email)
        elif kind == "password":
            field.fill("Campaign-Join-7x")
        elif kind == "date":
            field.fill("1990-05-17")
        elif field.get_attribute("required") is not None or name in ("first_name", "last_name"):
            field.fill("Nela")
    for box in form.locator("input[type=checkbox][required]").all():
        box.check()
    for select in form.locator("select[required]").all():
        if not select.input_value():
            select.select_option(index=1)
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(CANONICAL["cs"]) + "$"))
    assert page.locator("html").get_attribute("lang") == "cs"
    assert page.locator("h1").inner_text() == NAMES["cs"]
    assert page.locator('form[action$="/logout/"]').count() == 1


@pytest.mark.parametrize("javascript", [True, False])
def test_the_language_links_of_a_public_page_work_with_and_without_javascript(visitor, portal_url, javascript):
    page = visitor("cs", javascript=javascript)
    page.goto(f"{portal_url}{CANONICAL['cs']}")
    page.locator('.language-switcher a[hreflang="en"]').click()
    page.wait_for_url(re.compile(re.escape(CANONICAL["en"]) + "$"))
    assert page.locator("h1").inner_text() == NAMES["en"]
    # with JavaScript the choice is remembered for links without a language, as the form does
    page.goto(f"{portal_url}/campaigns/")
    page.wait_for_url(re.compile(r"/(en|cs)/campaigns/$"))
    assert page.url.endswith("/en/campaigns/" if javascript else "/cs/campaigns/")


@pytest.mark.parametrize("lang", ["en", "cs"])
def test_every_public_page_has_no_serious_accessibility_violations(visitor, portal_url, lang):
    page = visitor(lang)
    problems = {}
    for name, path in PUBLIC_PAGES:
        page.goto(portal_url + path.format(lang=lang))
        assert page.locator("h1").count() == 1, name
        found = serious_violations(page)
        if found:
            problems[name] = found
    assert problems == {}


def test_a_customers_campaign_page_has_no_serious_accessibility_violations(page, portal_url, ids):
    log_in(page, portal_url, ids)
    for path in ("/en/campaigns/", CANONICAL["en"]):
        page.goto(portal_url + path)
        assert serious_violations(page) == [], path
