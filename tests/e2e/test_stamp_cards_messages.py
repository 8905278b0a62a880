"""The stamp cards and messages pages in Chromium at 390 px, in English and Czech, with JavaScript
on and off: what the member reads, the stamps drawn by CSS, a message opened from the list, and
no serious accessibility violation (axe-core, with JavaScript on)."""

import re

import pytest

from portal.sandbox.seed import messages as seed_messages
from tests.support.browser import log_in, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

TEXTS = {
    "en": {"stamps": ["5 of 8 stamps", "6 of 6 stamps", "0 of 10 stamps"], "full": "Full",
           "messages": "Your messages", "new": "New", "back": "All messages"},
    "cs": {"stamps": ["5 z 8 razítek", "6 z 6 razítek", "0 z 10 razítek"], "full": "Plná",
           "messages": "Vaše zprávy", "new": "Nová", "back": "Všechny zprávy"},
}


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def member_page(request, browser, portal_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB",
                                  java_script_enabled=request.param)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.javascript = request.param
    yield page
    context.close()


@pytest.mark.parametrize("lang", ["en", "cs"])
def test_stamp_cards(member_page, portal_url, ids, lang):
    page = member_page
    log_in(page, portal_url, ids, lang)
    page.goto(f"{portal_url}/{lang}/stamp-cards/")
    main = page.locator("main")
    for text in TEXTS[lang]["stamps"]:
        assert text in main.inner_text()
    assert page.locator(".stamp-card--full .badge").inner_text() == TEXTS[lang]["full"]
    # the stamps are drawn: round, filled where collected, and all within the narrow screen
    stamped = page.locator(".stamp--stamped").first
    assert stamped.evaluate("e => getComputedStyle(e).borderRadius") == "50%"
    assert stamped.evaluate("e => getComputedStyle(e).backgroundColor") != page.locator(
        ".stamp:not(.stamp--stamped)").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert page.locator(".stamp--stamped").count() == 11
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # the navigation marks the page: stamp cards sit under "More" (on a desktop too), marked there and on "More"
    assert page.locator('.tab-bar a[aria-current="page"]').count() == 1
    assert page.locator('.more-menu__sheet a[aria-current="page"]').count() == 1
    assert page.locator("details.more-menu--current").count() == 1
    if page.javascript:
        assert serious_violations(page) == []


@pytest.mark.parametrize("lang", ["en", "cs"])
def test_messages_and_one_message(member_page, portal_url, ids, lang):
    page = member_page
    log_in(page, portal_url, ids, lang)
    page.goto(f"{portal_url}/{lang}/messages/")
    assert page.locator("h1").inner_text() == TEXTS[lang]["messages"]
    assert page.locator(".inbox-row").count() == 10
    assert page.locator(".inbox-row--new .badge").count() == 3
    assert page.locator(".inbox-row .badge").first.inner_text() == TEXTS[lang]["new"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    if page.javascript:
        assert serious_violations(page) == []
    page.locator('a[rel="next"]').click()
    page.wait_for_url(re.compile(r"\?page=2$"))
    assert page.locator(".inbox-row").count() == 2
    # the HTML-only newsletter, opened from the list: its text, nothing of its markup runs
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{portal_url}/{lang}/messages/")
    assert page.locator(".inbox-row--new").count() == 0  # seen on the first visit
    page.locator(f'a[href="/{lang}/messages/{seed_messages.MESSAGE_HTML_ONLY}/"]').click()
    page.wait_for_url(re.compile(seed_messages.MESSAGE_HTML_ONLY))
    assert "Dýňové latte, švestkový koláč a skořicoví šneci." in page.locator("main").inner_text()
    assert page.locator("main img, main script").count() == 0 and dialogs == []
    assert page.get_by_role("link", name=re.compile(TEXTS[lang]["back"])).is_visible()
    if page.javascript:
        assert serious_violations(page) == []


OVERVIEW = {"en": {"closest": "Closest stamp card", "picks": "Picks for you", "messages": "Messages"},
            "cs": {"closest": "Karta nejblíž odměně", "picks": "Tipy pro vás", "messages": "Zprávy"}}


@pytest.mark.parametrize("lang", ["en", "cs"])
def test_the_overview_with_its_new_panels(member_page, portal_url, ids, lang):
    page = member_page
    log_in(page, portal_url, ids, lang)
    page.goto(f"{portal_url}/{lang}/overview/")
    assert page.locator("#stamp-heading").inner_text() == OVERVIEW[lang]["closest"]
    assert page.locator("#messages-heading").inner_text() == OVERVIEW[lang]["messages"]
    assert page.locator("#picks-heading").inner_text() == OVERVIEW[lang]["picks"]
    assert page.locator(".pick-tile").count() == 3
    # every pick has a picture: its own, or the theme's default one, and none is broken
    images = page.locator(".pick-tile img.tile__image")
    assert images.count() == 3
    for i in range(3):  # (they load lazily: brought into view first)
        images.nth(i).scroll_into_view_if_needed()
        images.nth(i).evaluate("img => img.complete ? null : new Promise(done => img.onload = img.onerror = done)")
    assert [images.nth(i).evaluate("img => img.naturalWidth > 0") for i in range(3)] == [True] * 3
    new = int(page.locator(".new-messages-count").inner_text())
    # the Messages entry (under More on phones) carries the count the overview read
    assert page.locator(".more-menu summary .nav-badge").count() == (1 if new else 0)
    stamps = page.locator('section[aria-labelledby="stamp-heading"] progress')  # the coffee card, 5 of 8
    assert (stamps.get_attribute("value"), stamps.get_attribute("max")) == ("5", "8")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    if page.javascript:
        assert serious_violations(page) == []
