"""Both shipped themes in a real browser: the main pages, logged out and logged in, in Czech and
English, show the theme's logo, colours, font and texts, load them without a CSP violation (the
font from the theme's folder), and axe-core finds nothing serious (the contrast of each theme's
colours included)."""

import re

import pytest

from portal.core import theme
from portal.sandbox.seed import campaigns as seeded
from tests.e2e.test_csp import RECORD_VIOLATIONS
from tests.support.browser import log_in, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC = ["/{lang}/account/login/", "/{lang}/campaigns/", f"/{{lang}}/campaigns/{seeded.CAMPAIGN_AUTUMN_COFFEE}/x/"]
MEMBER = ["/{lang}/overview/", "/{lang}/cards/", "/{lang}/points/", "/{lang}/rewards/", "/{lang}/vouchers/",
          "/{lang}/purchases/", "/{lang}/profile/"]
FONTS = {"zrnko": None, "listek": "Source Serif 4"}


def rgb(colour: str) -> str:
    """``#6a2c5e`` → ``rgb(106, 44, 94)``, as getComputedStyle gives it."""
    return "rgb({}, {}, {})".format(*(int(colour[i:i + 2], 16) for i in (1, 3, 5)))


def brand_colour(name: str) -> str:
    css = (theme.THEMES_DIR / name / "theme.css").read_text(encoding="utf-8")
    return css.split("--brand:", 1)[1].split(";", 1)[0].strip()


@pytest.mark.parametrize("language", ["cs", "en"])
@pytest.mark.parametrize("name", ["zrnko", "listek"])
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
            header = page.locator("header .brand")
            assert header.locator("img").get_attribute("src") == f"/static/themes/{name}/{current.files['logo']}"
            assert header.inner_text().strip() == current.name
            background = page.locator(".site-header").evaluate("e => getComputedStyle(e).backgroundColor")
            assert background == rgb(brand_colour(name)), path
            assert current.text("footer", language) in page.locator(".site-footer").inner_text()
            legal = page.locator(".site-footer a", has_text={"cs": "Cookies", "en": "Cookies"}[language])
            assert legal.get_attribute("href") == current.legal_link("cookies", language)
            if FONTS[name]:
                assert FONTS[name] in page.evaluate("getComputedStyle(document.body).fontFamily")
                loaded = page.evaluate("document.fonts.ready.then(fonts => [...fonts].filter("
                                       "f => f.status === 'loaded').map(f => f.family))")
                assert any(FONTS[name] in family for family in loaded), loaded  # from the theme's folder
            found = serious_violations(page) + page.evaluate("window.__cspViolations || []") + console
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
