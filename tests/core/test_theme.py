"""Themes (portal/core/theme.py): the shipped ones are complete, an incomplete one is refused at
start-up (portal.E030), texts and links follow the page's language with English the fallback, the
brand's name comes from the theme unless PORTAL_BRAND_NAME overrides it, and the pages, the
manifest and the e-mails' sender follow the theme in force."""

import json
import locale
import os
import shutil
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.checks import run_checks
from django.test import Client

from portal.core import theme
from tests.support.html import parse

SHIPPED = ["listek", "zrnko"]


TERMS = 'terms = { en = "https://zrnko.example.com/en/club-terms", cs = "https://zrnko.example.com/podminky-klubu" }'


@pytest.fixture
def themes_dir(tmp_path):
    """A copy of the demo theme to break, in a folder of its own."""
    shutil.copytree(theme.THEMES_DIR / "zrnko", tmp_path / "mine")
    return tmp_path


def test_the_shipped_themes_are_complete():
    assert theme.shipped() == SHIPPED
    for name in SHIPPED:
        assert theme.problems(name) == [], name


def test_the_theme_leaves_the_brand_colours_and_font_to_the_theme():
    required = theme.required_properties()
    assert {"--brand", "--on-brand", "--ink", "--page", "--surface", "--accent", "--font"} <= required
    assert "--space-1" not in required and "--danger" not in required  # portal.css's own


@pytest.mark.parametrize("breakage, problem", [
    (lambda d: (d / "logo.svg").unlink(), "the logo file 'logo.svg' is not in the theme's folder"),
    (lambda d: (d / "theme.css").unlink(), "theme.css does not exist"),
    (lambda d: _edit(d / "theme.css", "--on-brand: #ffffff;", ""), "theme.css does not define --on-brand"),
    (lambda d: _edit(d / "theme.css", "}", '} @font-face { src: url("https://fonts.example.com/a.woff2"); }'),
     "theme.css loads https://fonts.example.com/a.woff2 from another host"),
    (lambda d: _edit(d / "theme.css", "}", '} @font-face { src: url("//fonts.example.com/a.woff2"); }'),
     "theme.css loads //fonts.example.com/a.woff2 from another host"),
    (lambda d: _edit(d / "theme.css", "}", '} @font-face { src: url("fonts/missing.woff2"); }'),
     "theme.css names fonts/missing.woff2, which is not in the theme's folder"),
    (lambda d: _edit(d / "theme.toml", 'picture = "picture.png"', 'picture = "logo.svg"'),
     "the default picture must be a PNG or JPEG"),
    (lambda d: _edit(d / "theme.toml", 'theme_color = "#0b5f5a"', 'theme_color = "teal"'),
     "theme.toml's theme_color must be a colour"),
    (lambda d: _edit(d / "theme.toml", 'logo = "logo.svg"', ""),
     'theme.toml names no logo file ([files] logo = "...")'),
    (lambda d: _edit(d / "theme.toml", 'welcome = "Good to see you at Zrnko."', "welcome = 5"),
     "texts.en.welcome must be a string"),
    (lambda d: _edit(d / "theme.toml", TERMS, "terms = 5"),
     "legal.terms must be a string or a table of strings by language"),
    (lambda d: _edit(d / "theme.toml", TERMS, "terms = { en = 5 }"),
     "legal.terms must be a string or a table of strings by language"),
    (lambda d: _edit(d / "theme.toml", 'cookies = { en = "https://zrnko.example.com/en/cookies", '
                                       'cs = "https://zrnko.example.com/cookies" }', ""),
     "theme.toml has no [legal] cookies link"),
    (lambda d: _edit(d / "theme.toml", 'email = "klub@zrnko.example.com"\nphone = "+420 224 810 330"', ""),
     "theme.toml has no [support] email or phone"),
    (lambda d: _edit(d / "theme.toml", "[texts.en]\nfooter", "[texts.en]\nfoot"),
     "theme.toml has no [texts.en] footer"),
    (lambda d: _edit(d / "theme.toml", 'name = "Zrnko"', ""), "theme.toml has no name"),
    (lambda d: _edit(d / "theme.toml", "[files]", "[files"), "theme.toml cannot be read"),
])
def test_an_incomplete_theme_says_what_is_missing(themes_dir, breakage, problem):
    assert theme.problems("mine", themes_dir) == []
    breakage(themes_dir / "mine")
    found = theme.problems("mine", themes_dir)
    assert any(problem in line for line in found), found


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_theme_needs_an_email_or_a_phone_for_support_not_both(themes_dir):
    toml = themes_dir / "mine" / "theme.toml"
    _edit(toml, 'phone = "+420 224 810 330"', "")
    assert theme.problems("mine", themes_dir) == []
    _edit(toml, 'email = "klub@zrnko.example.com"', 'phone = "+420 224 810 330"')
    assert theme.problems("mine", themes_dir) == []


def test_a_theme_without_legal_links_is_told_each_one(themes_dir):
    toml = themes_dir / "mine" / "theme.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text[:text.index("[legal]")] + text[text.index("[support]"):], encoding="utf-8")
    assert theme.problems("mine", themes_dir) == [
        f"theme.toml has no [legal] {key} link (in English at least)" for key in theme.LEGAL]


def test_a_theme_without_its_colours_has_none(themes_dir):
    _edit(themes_dir / "mine" / "theme.toml", 'theme_color = "#0b5f5a"', "")
    assert theme.read("mine", themes_dir).theme_color == ""  # the pages' <meta name="theme-color"> is empty
    assert theme.problems("mine", themes_dir) == ["theme.toml's theme_color must be a colour like \"#0b5f5a\""]


def test_the_short_name_is_the_brands_name_unless_given(themes_dir):
    toml = themes_dir / "mine" / "theme.toml"
    _edit(toml, 'short_name = "Zrnko"', 'short_name = " Zrnko Club "')
    assert theme.read("mine", themes_dir).short_name == "Zrnko Club"
    _edit(toml, 'short_name = " Zrnko Club "', "")
    _edit(toml, 'name = "Zrnko"', 'name = "Zrnko Coffee "')
    assert theme.read("mine", themes_dir).short_name == "Zrnko Coffee"


def test_a_theme_name_cannot_reach_outside_the_themes_folder(themes_dir):
    (themes_dir / "themes").mkdir()
    assert theme.read("mine", themes_dir).name == "Zrnko"  # a complete theme, one folder up
    with pytest.raises(theme.ThemeError, match="is not a theme name"):
        theme.read("../mine", themes_dir / "themes")


def test_theme_toml_is_read_as_utf8_whatever_the_servers_locale():
    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")  # ASCII
    try:
        name = theme.read("listek").name
    finally:
        locale.setlocale(locale.LC_CTYPE, before)
    assert name == "Čajovna Lístek"


def test_a_regional_language_reads_its_languages_texts_and_links():
    current = theme.read("zrnko")
    assert current.text("welcome", "cs-CZ") == current.text("welcome", "cs") != current.text("welcome", "en")
    terms = current.legal_link("terms", "cs")
    assert current.legal_link("terms", "cs-cz") == terms != current.legal_link("terms", "en")
    assert current.text("welcome", "de-AT") == current.text("welcome", "en")


@pytest.mark.parametrize("name", ["", "../zrnko", "Zrnko", "no-such-theme"])
def test_the_start_up_checks_refuse_a_missing_theme(settings, name):
    settings.PORTAL_THEME = name
    problems = [m for m in run_checks() if m.id == "portal.E030"]
    assert problems and "listek, zrnko" in problems[0].hint


def test_the_start_up_checks_pass_the_shipped_themes(settings):
    for name in SHIPPED:
        settings.PORTAL_THEME = name
        assert [m for m in run_checks() if m.id == "portal.E030"] == []


def test_texts_and_links_follow_the_language_with_english_the_fallback(settings):
    settings.PORTAL_THEME = "listek"
    english, czech, german = (theme.for_templates(code) for code in ("en", "cs", "de"))
    assert english["texts"]["welcome"] == "Welcome back to the tea house."
    assert czech["texts"]["welcome"] == "Vítejte zpět v čajovně."
    assert german["texts"] == english["texts"]  # no German: English
    assert czech["legal"]["terms"] == "https://listek.example.com/podminky"
    assert english["legal"]["terms"] == "https://listek.example.com/en/terms"
    assert czech["legal"]["cookies"] == english["legal"]["cookies"] == "https://listek.example.com/cookies"
    assert english["logo"] == "/static/themes/listek/logo.svg" and english["picture"].endswith(".png")
    assert english["support"] == {"email": "hello@listek.example.com", "phone": "+420 541 212 121"}


def test_the_brand_name_is_the_themes_unless_overridden(settings):
    settings.PORTAL_BRAND_NAME = ""
    settings.PORTAL_THEME = "zrnko"
    assert theme.brand_name() == "Zrnko"
    settings.PORTAL_THEME = "listek"
    assert theme.brand_name() == "Čajovna Lístek"
    settings.PORTAL_BRAND_NAME = "Coffee Club"
    assert theme.brand_name() == "Coffee Club"


@pytest.mark.django_db
@pytest.mark.parametrize("name, brand, footer", [
    ("zrnko", "Zrnko", "Zrnko, coffee roasters and cafés"),
    ("listek", "Čajovna Lístek", "Čajovna Lístek: loose-leaf teas"),
])
def test_the_pages_follow_the_theme(settings, name, brand, footer):
    settings.PORTAL_THEME = name
    settings.PORTAL_BRAND_NAME = ""
    body = Client().get("/en/account/login/").content.decode()
    page = parse(body)
    assert page.title.endswith(f"· {brand}")
    assert f'<link rel="stylesheet" href="/static/themes/{name}/theme.css">' in body
    assert f'src="/static/themes/{name}/logo.svg"' in body and "/static/img/" not in body
    assert page.link("icon") == f"/static/themes/{name}/icon.svg"
    assert page.meta("theme-color") == theme.read(name).theme_color
    assert footer in body
    assert f'href="https://{"zrnko" if name == "zrnko" else "listek"}.example.com/' in body  # the legal links


@pytest.mark.parametrize("name", SHIPPED)
def test_the_manifest_follows_the_theme(client, settings, name):
    settings.PORTAL_THEME = name
    settings.PORTAL_BRAND_NAME = ""
    manifest = json.loads(client.get("/cs/manifest.webmanifest").content)
    current = theme.read(name)
    assert (manifest["name"], manifest["short_name"]) == (current.name, current.short_name)
    assert (manifest["theme_color"], manifest["background_color"]) == (current.theme_color, current.background_color)
    assert {icon["src"] for icon in manifest["icons"]} == {
        f"/static/themes/{name}/{current.files[key]}" for key in ("icon", "icon_192", "icon_512", "icon_maskable")}


def test_the_offline_page_follows_the_theme(client, settings):
    settings.PORTAL_THEME = "listek"
    response = client.get("/en/offline/")
    assert response.status_code == HTTPStatus.OK
    assert b"/static/themes/listek/logo.svg" in response.content


def test_the_service_worker_keeps_the_themes_font_for_offline_use(client, settings):
    settings.PORTAL_THEME = "listek"
    script = client.get("/sw.js").content.decode()
    assert '"/static/themes/listek/fonts/SourceSerif4-Regular.woff2"' in script
    assert '"/static/themes/listek/theme.css"' in script


@pytest.mark.parametrize("environment, sender", [
    ({"PORTAL_THEME": "listek"}, '"Čajovna Lístek" <portal@localhost>'),
    ({"PORTAL_THEME": "zrnko", "DEFAULT_FROM_EMAIL": "club@zrnko.example.com"}, '"Zrnko" <club@zrnko.example.com>'),
    ({"PORTAL_THEME": "zrnko", "DEFAULT_FROM_EMAIL": "Klub <club@zrnko.example.com>"}, "Klub <club@zrnko.example.com>"),
    ({"PORTAL_THEME": "listek", "PORTAL_BRAND_NAME": "Tea Club"}, '"Tea Club" <portal@localhost>'),
])
def test_the_emails_sender_is_the_brand(environment, sender):
    """Settled at start-up (settings.py), so read in a fresh interpreter."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", **environment}
    env.pop("DEFAULT_FROM_EMAIL", None) if "DEFAULT_FROM_EMAIL" not in environment else None
    code = "from portal import settings; print(settings.DEFAULT_FROM_EMAIL); print(settings.MFA_TOTP_ISSUER)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                         cwd=django_settings.BASE_DIR).stdout.splitlines()
    assert out[0] == sender
    assert out[1].endswith(" staff") and out[1] != " staff"


@pytest.mark.parametrize("name", SHIPPED)
def test_the_pages_without_a_request_context_follow_the_theme(rf, settings, name):
    """The 500 page renders with nothing of the request (layouts/standalone.html): the template tags."""
    from django.views.defaults import server_error

    settings.PORTAL_THEME = name
    body = server_error(rf.get("/")).content.decode()
    assert f'href="/static/themes/{name}/theme.css"' in body and f'src="/static/themes/{name}/logo.svg"' in body
    assert f'href="/static/themes/{name}/icon.svg"' in body
