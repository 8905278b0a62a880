"""The cookie notice in a real browser: on a 320-px phone it covers nothing and makes nothing
scroll sideways, axe-core finds nothing serious, and it is answered without JavaScript (a plain
POST form), after which it is gone and only then is the attribution cookie set."""

import pytest

from tests.support.browser import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("language", ["en", "cs"])
def test_the_notice_fits_a_320_px_phone_covers_nothing_and_is_accessible(browser, portal_url, language):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in ("account/login/", "campaigns/"):
        page.goto(f"{portal_url}/{language}/{path}")
        notice = page.locator(".cookie-notice")
        assert notice.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        # in the page's flow, above the content: nothing of the page lies under it
        assert page.evaluate("getComputedStyle(document.querySelector('.cookie-notice')).position") == "static"
        notice_box, main_box = notice.bounding_box(), page.locator("main").bounding_box()
        assert notice_box["y"] + notice_box["height"] <= main_box["y"] + 1
        assert serious_violations(page) == [], path
    context.close()


def test_the_notice_works_without_javascript_and_the_cookie_follows_the_answer(browser, portal_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{portal_url}/en/account/login/?utm_source=newsletter")
    assert "portal_attribution" not in {c["name"] for c in context.cookies()}
    page.locator(".cookie-notice button[value=accepted]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/en/account/login/?utm_source=newsletter")
    assert page.locator(".cookie-notice").count() == 0
    cookies = {c["name"]: c["value"] for c in context.cookies()}
    assert cookies["portal_cookie_consent"] == "accepted" and cookies["portal_attribution"]
    # a public page sends the visitor to the cookie page, whose form answers too
    other = browser.new_context(java_script_enabled=False)
    public = other.new_page()
    public.goto(f"{portal_url}/en/campaigns/")
    public.get_by_role("link", name="Choose cookies").click()
    public.get_by_role("button", name="Only necessary").click()
    public.wait_for_load_state()
    assert public.url.endswith("/en/campaigns/") and public.locator(".cookie-notice").count() == 0
    assert {c["name"]: c["value"] for c in other.cookies()}["portal_cookie_consent"] == "declined"
    other.close()
    context.close()
