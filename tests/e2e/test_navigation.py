"""The member's navigation in Chromium (issue 18): "More" closes as a menu does (Escape, with the
focus back on its summary, and a click outside), with JavaScript; without it the <details> still
opens and closes; and the desktop's top navigation is one row at 1280, 1024 and 768 px (48rem,
where it begins) in English and Czech, "More" marked when the page is one of those under it, its
drop-down inside the window and clean for axe-core. (Every destination on screen or one tap away,
on every page: tests/e2e/test_layout.py, which checks the one row at 1280 px too.)"""

import pytest

from tests.support.browser import log_in, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

# The distinct tops of what the top navigation shows: one row is one top.
ROWS = """() => [...new Set(
  [...document.querySelectorAll('.tab-bar .main-nav li, .tab-bar .more-menu > summary')]
    .filter(e => e.checkVisibility()).map(e => Math.round(e.getBoundingClientRect().top)))]"""
IS_OPEN = "() => document.querySelector('details.more-menu').open"
SUMMARY_FOCUSED = "() => document.activeElement === document.querySelector('details.more-menu > summary')"


@pytest.fixture
def member(browser, portal_url):
    contexts = []

    def open_page(*, width=390, javascript=True, lang="en"):
        context = browser.new_context(viewport={"width": width, "height": 844 if width < 1000 else 900},
                                      locale="en-GB", java_script_enabled=javascript, service_workers="block",
                                      reduced_motion="reduce")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        log_in(page, portal_url, lang=lang)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_more_closes_on_escape_with_the_focus_on_its_summary_and_on_a_click_outside(member, portal_url, width):
    page = member(width=width)
    summary = page.locator("details.more-menu > summary")
    stores = page.locator(".more-menu__sheet a[href='/en/stores/']")  # under "More" on phones and desktops
    summary.click()
    assert page.evaluate(IS_OPEN) and stores.is_visible()
    page.keyboard.press("Escape")
    assert not page.evaluate(IS_OPEN) and not stores.is_visible()
    assert page.evaluate(SUMMARY_FOCUSED)

    summary.click()
    page.locator(".more-menu__sheet").click(position={"x": 3, "y": 3})  # inside, beside the links: stays open
    assert page.evaluate(IS_OPEN)
    page.locator("main h1").click()  # outside
    assert not page.evaluate(IS_OPEN) and not stores.is_visible()

    summary.click()  # and its links still lead where they say
    stores.click()
    page.wait_for_url(f"{portal_url}/en/stores/")


def test_without_javascript_more_still_opens_and_closes(member, portal_url):
    page = member(javascript=False)
    summary = page.locator("details.more-menu > summary")
    summary.click()
    assert page.locator(".more-menu__sheet").is_visible()
    summary.click()
    assert not page.locator(".more-menu__sheet").is_visible()
    summary.click()
    page.locator(".more-menu__sheet a[href='/en/points/']").click()
    page.wait_for_url(f"{portal_url}/en/points/")


@pytest.mark.parametrize("lang", ["en", "cs"])
def test_the_desktop_navigation_is_one_row_and_more_marks_the_page_under_it(member, portal_url, lang):
    page = member(width=1280, lang=lang)
    for width in (1280, 1024, 768):
        page.set_viewport_size({"width": width, "height": 900})
        assert len(page.evaluate(ROWS)) == 1, f"{width} px: the top navigation wraps"
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.goto(f"{portal_url}/{lang}/stores/")
    menu = page.locator("details.more-menu")
    assert "more-menu--current-desktop" in menu.get_attribute("class")
    page.locator("details.more-menu > summary").click()
    current = page.locator(".more-menu__sheet a[aria-current='page']")
    assert current.count() == 1 and current.get_attribute("href") == f"/{lang}/stores/" and current.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024  # open at 1024 px: still in the window
    box = page.locator(".more-menu__sheet").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1024
    assert serious_violations(page) == []  # the drop-down open (test_layout.py audits it closed)
    page.goto(f"{portal_url}/{lang}/points/")  # in the top row on a desktop, under "More" on a phone
    assert "more-menu--current-desktop" not in page.locator("details.more-menu").get_attribute("class")
    assert page.locator(".tab-bar .main-nav a[aria-current='page']").is_visible()
