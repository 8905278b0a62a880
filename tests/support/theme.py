"""What a theme shows on a page in the browser: its logo and name in the header, its brand colour,
its font and its footer (text and legal links). Shared by tests/e2e/test_themes.py (the main pages
under each shipped theme) and tests/e2e/test_layout.py (every page under each)."""

from __future__ import annotations

from portal.core import theme

FONTS = {"zrnko": None, "listek": "Source Serif 4"}  # a theme's own web font, where it ships one
# Where a page shows less of the theme than a page of layouts/base.html, and why (test_layout's kinds).
KINDS = {
    "page": "layouts/base.html: the header with the logo and the brand's name on the brand colour, the footer",
    "staff": "staff/base.html: the staff header (--staff, portal.css's dark grey unless the theme sets it) with "
             "the logo and the brand's name; the brand colour on the page's buttons and links; the footer",
    "standalone": "layouts/standalone.html (400, 500, rendered without a request): the logo beside 'Home' "
                  "instead of the brand's name on the brand colour, the theme's font, no footer",
}


def rgb(colour: str) -> str:
    """``#6a2c5e`` → ``rgb(106, 44, 94)``, as getComputedStyle gives it."""
    return "rgb({}, {}, {})".format(*(int(colour[i:i + 2], 16) for i in (1, 3, 5)))


def css_value(path, prop: str) -> str | None:
    """The value a stylesheet first gives the custom property ``prop`` (``--brand``), if it does."""
    css = path.read_text(encoding="utf-8")
    return css.split(f"{prop}:", 1)[1].split(";", 1)[0].strip() if f"{prop}:" in css else None


def brand_colour(name: str) -> str:
    return css_value(theme.THEMES_DIR / name / "theme.css", "--brand")


def staff_colour(name: str) -> str:
    """The staff header's colour: portal.css's own, unless the theme ``name`` overrides it."""
    return css_value(theme.THEMES_DIR / name / "theme.css", "--staff") or css_value(theme.PORTAL_CSS, "--staff")


SHOWN = """async (brand) => {
  const shown = (e) => !!e && e.checkVisibility({visibilityProperty: true, opacityProperty: true});
  const logo = document.querySelector('header .brand img');
  const header = document.querySelector('header.site-header');
  const footer = document.querySelector('.site-footer');
  const inBrand = [...document.querySelectorAll('main *')].find(e => {
    const style = getComputedStyle(e);
    return shown(e) && (style.backgroundColor === brand || style.color === brand);
  });
  const fonts = await document.fonts.ready;
  return {
    logo: shown(logo) && logo.complete && logo.naturalWidth > 0 ? logo.getAttribute('src') : null,
    name: document.querySelector('header .brand .brand__name')?.textContent.trim() ?? null,
    header: header ? getComputedStyle(header).backgroundColor : null,
    inBrand: inBrand ? inBrand.tagName.toLowerCase() + (inBrand.className ? '.' + inBrand.className : '') : null,
    footer: shown(footer) ? footer.innerText : null,
    links: [...document.querySelectorAll('.site-footer a')].map(a => a.getAttribute('href')),
    font: getComputedStyle(document.body).fontFamily,
    loaded: [...fonts].filter(f => f.status === 'loaded').map(f => f.family),
  };
}"""


def theme_problems(page, name: str, language: str, kind: str = "page", label: str = "") -> list[str]:
    """What of the theme ``name`` the current page does not show (empty: all of it). ``kind`` is
    one of :data:`KINDS`; ``label`` is what a standalone page's header shows instead of the brand."""
    assert kind in KINDS, kind
    current = theme.read(name)
    brand = rgb(brand_colour(name))
    facts = page.evaluate(SHOWN, brand)
    found = []
    logo = f"/static/themes/{name}/{current.files['logo']}"
    if facts["logo"] != logo:
        found.append(f"the header's logo is {facts['logo']}, not {logo} (or is not shown)")
    if facts["name"] != (label if kind == "standalone" else current.name):
        found.append(f"the header names {facts['name']!r}")
    if kind == "staff":
        if facts["header"] != rgb(staff_colour(name)):
            found.append(f"the staff header's background is {facts['header']}")
        if not facts["inBrand"]:
            found.append(f"nothing on the page is in the brand colour {brand}")
    elif facts["header"] != brand:
        found.append(f"the header's background is {facts['header']}, not the brand colour {brand}")
    if kind != "standalone":
        if current.text("footer", language) not in (facts["footer"] or ""):
            found.append(f"the footer does not show the theme's text: {facts['footer']!r}")
        legal = [current.legal_link(key, language) for key in theme.LEGAL]
        if [link for link in legal if link not in facts["links"]]:
            found.append(f"the footer's legal links are {facts['links']}, not the theme's {legal}")
    if FONTS[name]:
        if FONTS[name] not in facts["font"]:
            found.append(f"the font is {facts['font']}")
        if not any(FONTS[name] in family for family in facts["loaded"]):
            found.append(f"the theme's font is not loaded (from its folder): {facts['loaded']}")
    return found
