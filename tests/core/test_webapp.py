"""The installable web app: the manifest in the page's language, the service worker at the root
with the hashed static files, the card for the till (its session key, nothing else personal) and
the offline card cleared with the session."""

import json
import re
from http import HTTPStatus

import pytest
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from portal.core import webapp
from tests.conftest import portal_login


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.mark.parametrize("language, description", [
    ("en", "Your loyalty card, points, vouchers and rewards."),
    ("cs", "Vaše věrnostní karta, body, poukázky a odměny."),
])
def test_the_manifest_in_the_active_language(client, language, description):
    response = client.get(url("webapp:manifest", language))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert (manifest["lang"], manifest["description"]) == (language, description)
    assert manifest["start_url"] == f"/{language}/overview/" and manifest["scope"] == "/"
    assert manifest["display"] == "standalone" and manifest["theme_color"] == "#0b5f5a"  # the theme's
    sizes = {(icon["sizes"], icon["type"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "image/png", "any"), ("512x512", "image/png", "any"), ("any", "image/svg+xml", "any"),
            ("512x512", "image/png", "maskable")} == sizes
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]
    assert manifest["shortcuts"][0]["url"] == f"/{language}/cards/till/"


def test_every_page_links_the_manifest_and_the_script(client, db):
    body = client.get(url("accounts:login")).content.decode()
    assert '<link rel="manifest" href="/en/manifest.webmanifest">' in body
    script = re.search(r'<script src="/static/js/portal.js" defer ([^>]*)></script>', body)
    assert script and 'data-service-worker="/sw.js"' in script.group(1)
    assert 'data-offline-key=""' in script.group(1)  # logged out: no card may stay on the device
    assert "<script>" not in body and " style=" not in body  # no inline script or style (a strict CSP)


def test_the_service_worker_is_served_from_the_root(client):
    response = client.get("/sw.js")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    script = response.content.decode()
    for path in webapp.precached_static():
        assert json.dumps(f"/static/{path}") in script
    assert '"/static/themes/zrnko/theme.css"' in script and '"/static/themes/zrnko/logo.svg"' in script
    assert '"en": "/en/offline/"' in script and '"cs": "/cs/cards/till/"' in script
    assert reverse("core:service-worker") == "/sw.js"


def test_the_service_worker_names_the_hashed_files_in_production(client, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    call_command("collectstatic", interactive=False, verbosity=0)
    script = client.get("/sw.js").content.decode()
    hashed = re.search(r'"/static/css/portal\.([0-9a-f]{12})\.css"', script)
    assert hashed, "the CSS by its hashed name"
    assert (tmp_path / f"css/portal.{hashed.group(1)}.css").exists()
    version = re.search(r"const VERSION = '([0-9a-f]{16})'", script).group(1)
    (tmp_path / "marker").write_text("")  # unrelated files do not change it...
    assert re.search(r"const VERSION = '([0-9a-f]{16})'", client.get("/sw.js").content.decode()).group(1) == version


def test_the_cache_version_follows_the_files(monkeypatch, tmp_path):
    first = tmp_path / "a.css"
    first.write_text("a")
    monkeypatch.setattr(finders, "find", lambda path: str(first))
    before = webapp._version(["css/a.css"])
    first.write_text("b")  # DEBUG: same name, new content
    assert webapp._version(["css/a.css"]) != before


def test_the_card_for_the_till_shows_the_codes_and_nothing_else_personal(customer_client, ids):
    response = customer_client.get(url("cards:till-card"))
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert ids.DEMO_CARD_NUMBER in body and 'class="barcode-svg"' in body and 'class="qrcode-svg"' in body
    for personal in ("Tereza", "Dvořáková", ids.DEMO_EMAIL, "1,630", "Log out", "csrfmiddlewaretoken", "<form"):
        assert personal not in body, personal
    assert "7001004411" not in body  # the blocked card is not one to show at the till
    key = response[webapp.KEY_HEADER]
    assert re.fullmatch(r"[A-Za-z0-9_-]{24}", key)
    assert f'data-offline-key="{key}"' in body
    assert int(response[webapp.EXPIRES_HEADER]) > 0
    assert "no-store" in response["Cache-Control"]
    again = customer_client.get(url("cards:till-card"))
    assert again[webapp.KEY_HEADER] == key  # one key per session
    assert f'data-offline-key="{key}"' in customer_client.get(url("overview:dashboard")).content.decode()


def test_a_new_login_has_another_key(carecloud, db):
    keys = []
    for _ in range(2):
        client = Client()
        portal_login(client)
        keys.append(client.get(url("cards:till-card"))[webapp.KEY_HEADER])
        client.post(url("accounts:logout"))
    assert keys[0] != keys[1]


def test_logging_out_clears_the_offline_card(customer_client):
    customer_client.get(url("cards:till-card"))
    response = customer_client.post(url("accounts:logout"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    login = customer_client.get(url("accounts:login")).content.decode()
    assert 'data-offline-key=""' in login


def test_an_expired_session_clears_the_offline_card(customer_client, sandbox, ids):
    sandbox.control("POST", f"customers/{ids.DEMO_CUSTOMER}/expire-tokens")
    response = customer_client.get(url("cards:till-card"))
    assert response.status_code == HTTPStatus.FOUND and "/account/login/" in response["Location"]
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert webapp.KEY_HEADER not in response


def test_the_offline_page_holds_nothing_of_the_session(customer_client):
    customer_client.get(url("cards:till-card"))
    customer_client.post(url("accounts:logout"))  # leaves "You have been logged out." for the next page
    response = customer_client.get(url("webapp:offline", "cs"))  # as the service worker fetches it
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "Jste offline" in body
    assert "<script" not in body and "data-offline-key" not in body and "<form" not in body
    assert "logged out" not in body and "odhlášeni" not in body
    assert "You have been logged out." in customer_client.get(url("accounts:login")).content.decode()


# --- the offline card's key, unit by unit (quick and precise, for make mutation) ---------------------


def _with_session():
    request = RequestFactory().get("/en/card/")
    request.session = SessionStore()
    return request


def test_a_session_has_no_offline_key_until_a_card_is_marked():
    request = _with_session()
    assert webapp.offline_card_key(request) == ""
    assert webapp.OFFLINE_KEY not in request.session


def test_marking_a_card_gives_the_session_its_key_and_the_sessions_end(monkeypatch):
    request = _with_session()
    request.session.set_expiry(3600)
    monkeypatch.setattr(webapp.time, "time", lambda: 1_000_000.4)
    response = webapp.mark_offline_card(request, HttpResponse())
    key = response[webapp.KEY_HEADER]
    assert re.fullmatch(r"[A-Za-z0-9_-]{24}", key)
    assert request.session[webapp.OFFLINE_KEY] == key == webapp.offline_card_key(request)
    assert response[webapp.EXPIRES_HEADER] == str(1_000_000 + 3600)
    assert request.session.modified  # the cookie is sent again with that expiry
    assert webapp.mark_offline_card(request, HttpResponse())[webapp.KEY_HEADER] == key  # one per session


def test_clearing_names_the_cache_and_the_storage():
    assert webapp.clear_site_data(HttpResponse())["Clear-Site-Data"] == '"cache", "storage"'
