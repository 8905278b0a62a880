"""A customer's journey in a real browser, and an accessibility audit of every page (axe-core)."""

import re

import pytest

from .axe import serious_violations

PAGES = [
    ("dashboard", "/{lang}/overview/"),
    ("profile", "/{lang}/profile/"),
    ("cards", "/{lang}/cards/"),
    ("vouchers", "/{lang}/vouchers/"),
    ("points", "/{lang}/points/"),
    ("rewards", "/{lang}/rewards/"),
]

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, portal_url, ids, lang="en"):
    page.goto(f"{portal_url}/{lang}/account/login/")
    page.get_by_label(re.compile("^(E-mail, phone or card number|E-mail, telefon nebo číslo karty)")).fill(ids.DEMO_EMAIL)
    page.locator("input[type=password]").fill(ids.DEMO_PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/overview/$"))


def test_customer_journey_every_page_language_switch_and_logout(page, portal_url, ids, carecloud):
    expected = {  # something of the demo customer's own data on each page
        "dashboard": "Tereza",
        "profile": ids.DEMO_EMAIL,
        "cards": ids.DEMO_CARD_NUMBER,
        "vouchers": "ESPRESSO",
        "points": "1,630",
        "rewards": "Free espresso",
    }
    log_in(page, portal_url, ids)
    for name, path in PAGES:
        page.goto(portal_url + path.format(lang="en"))
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("h1").count() == 1, f"{name}: one main heading"
        current = page.locator('.main-nav a[aria-current="page"]')
        assert current.count() == 1, f"{name}: the navigation marks the current page"
        assert expected[name].lower() in page.locator("main").inner_text().lower(), name
    # the card's codes are there to scan: an SVG barcode and QR code with labels
    page.goto(portal_url + "/en/cards/")
    assert page.locator(".barcode svg").first.is_visible() and page.locator(".qrcode svg").first.is_visible()
    # switch to Czech on the points page: the same page comes back in Czech, and CareCloud is asked in Czech
    since = carecloud.last_seq()
    page.goto(portal_url + "/en/points/")
    page.locator('.language-switcher button[value="cs"]').click()
    page.wait_for_url(re.compile(r"/cs/points/$"))
    assert page.locator("html").get_attribute("lang") == "cs"
    assert page.locator(".main-nav").inner_text().split()[0] == "Přehled"
    assert "1 630" in page.locator("main").inner_text().replace("\xa0", " ")
    calls = [e for e in carecloud.requests_log(since) if e["operation_id"]]
    assert any(e["operation_id"] == "putToken" for e in calls)
    assert calls[-1]["accept_language"] == "cs"
    # log out: back to the login page, and the pages are closed again
    page.locator('form[action$="/logout/"] button').click()
    page.wait_for_url(re.compile(r"/account/login/"))
    page.goto(portal_url + "/cs/overview/")
    assert "/account/login/" in page.url


def test_login_page_has_no_serious_accessibility_violations(page, portal_url):
    for lang in ("en", "cs"):
        page.goto(f"{portal_url}/{lang}/account/login/")
        assert serious_violations(page) == [], lang


@pytest.mark.parametrize("lang", ["en", "cs"])
def test_every_page_has_no_serious_accessibility_violations(page, portal_url, ids, lang):
    log_in(page, portal_url, ids, lang)
    problems = {}
    for name, path in PAGES:
        page.goto(portal_url + path.format(lang=lang))
        found = serious_violations(page)
        if found:
            problems[name] = found
    assert problems == {}
