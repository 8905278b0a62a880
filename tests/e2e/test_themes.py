"""Both shipped themes in a real browser: the main pages, logged out and logged in, in Czech and
English, show the theme's logo, colours, font and texts (tests/support/theme.py), and load them
without a CSP violation (the font from the theme's folder). axe-core (the contrast of each theme's
colours) and the same look at every page are tests/e2e/test_layout.py's, under each theme."""

import re

import pytest

from portal.core import theme
from portal.sandbox.seed import campaigns as seeded
from tests.e2e.test_csp import RECORD_VIOLATIONS
from tests.support.browser import log_in
from tests.support.theme import theme_problems

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC = ["/{lang}/account/login/", "/{lang}/campaigns/", f"/{{lang}}/campaigns/{seeded.CAMPAIGN_AUTUMN_COFFEE}/x/"]
MEMBER = ["/{lang}/overview/", "/{lang}/cards/", "/{lang}/points/", "/{lang}/rewards/", "/{lang}/vouchers/",
          "/{lang}/purchases/", "/{lang}/profile/"]


@pytest.mark.parametrize("language", ["cs", "en"])
@pytest.mark.parametrize("name", theme.shipped())
def test_the_main_pages_under_each_theme(settings, browser, portal_url, name, language):
    settings.PORTAL_THEME = name
    settings.PORTAL_BRAND_NAME = ""
    current = theme.read(name)
    context = browser.new_context(viewport={"width": 390, "height": 844},
                                  locale={"cs": "cs-CZ", "en": "en-GB"}[language])
    page = context.new_page()
    page.set_default_timeout(15000)
    page.add_init_script(RECORD_VIOLATIONS)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text)
            if re.search(r"Content.Security.Policy|Refused to|Failed to load", message.text) else None)
    problems = {}
    try:
        for number, path in enumerate(PUBLIC + MEMBER):
            if number == len(PUBLIC):
                log_in(page, portal_url, lang=language)
            page.goto(portal_url + path.format(lang=language))
            # (the font's check waits for the fonts to load, so a violation loading it is recorded by then)
            found = theme_problems(page, name, language) + page.evaluate("window.__cspViolations || []") + console
            console.clear()
            if found:
                problems[path] = found
        page.goto(f"{portal_url}/{language}/points/")
        assert current.text("points", language) in page.locator(".points-earning").inner_text()
        page.goto(f"{portal_url}/{language}/overview/")
        assert current.text("welcome", language) in page.locator(".page-header").inner_text()
    finally:
        context.close()
    assert problems == {}
