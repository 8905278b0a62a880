"""The installable web app: the manifest, the service worker, the offline page, and the key that
ties the offline copy of the customer's card to one session.

The service worker (``/sw.js``, templates/core/service_worker.js) keeps two things: the static
files every page needs, by their hashed names (whitenoise's manifest storage in production; in
DEBUG their names carry no hash, so the cache's version is a hash of their contents), and the
"card for the till" page of the current session, under a cache named after a random per-session
key (``offline_card_key``), never the session id. A page tells the browser the current key
(``data-offline-key`` of the script tag; none when logged out) and the script deletes every other
card cache; the card page's response names its key and when the session ends (headers), so the
service worker keeps only the current session's copy and drops it when the session is over.
Logging out (or a session that CareCloud ended) answers ``Clear-Site-Data``, which empties the
caches and unregisters the worker at once.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import time

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from . import theme

OFFLINE_KEY = "offline_card_key"
KEY_HEADER = "Portal-Offline-Key"
EXPIRES_HEADER = "Portal-Offline-Expires"
# What the service worker keeps for offline use: what the card page and the offline page load
# (the portal's own files, and the theme's: its stylesheet and font, logo and icons).
PRECACHED_STATIC = ["css/portal.css", "js/portal.js"]
# The manifest's icons: the theme's files (portal/core/theme.py) by key.
ICONS = [
    ("icon", "any", "image/svg+xml", "any"),
    ("icon_192", "192x192", "image/png", "any"),
    ("icon_512", "512x512", "image/png", "any"),
    ("icon_maskable", "512x512", "image/png", "maskable"),
]


def precached_static() -> list[str]:
    current = theme.current()
    css = current.directory / "theme.css"
    fonts = re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8")) if css.is_file() else []
    return [*PRECACHED_STATIC, current.css, *(current.path(key) for key in ("logo", "icon", "icon_192")),
            *(f"themes/{current.slug}/{font}" for font in fonts)]


# --- the offline card's key --------------------------------------------------------------------------


def offline_card_key(request: HttpRequest, *, create: bool = False) -> str:
    """This session's key of the offline card cache ('' when it has none and ``create`` is off).
    Random and per session: a new login gets a new session (the old one is flushed at logout), so
    a new key, and the card another login left on the device is never the current one."""
    key = request.session.get(OFFLINE_KEY, "")
    if not key and create:
        key = request.session[OFFLINE_KEY] = secrets.token_urlsafe(18)
    return key


def mark_offline_card(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Let the service worker keep this response as the session's offline card, until the session
    would end (its cookie's expiry, refreshed now so that the two agree)."""
    key = offline_card_key(request, create=True)
    request.session.modified = True  # the cookie is set again with the expiry below
    response[KEY_HEADER] = key
    response[EXPIRES_HEADER] = str(int(time.time()) + request.session.get_expiry_age())
    return response


def clear_site_data(response: HttpResponse) -> HttpResponse:
    """The browser drops the offline card (Cache Storage) and the service worker at once."""
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


# --- views ---------------------------------------------------------------------------------------------


def _version(paths: list[str]) -> str:
    """Changes whenever a precached file changes: its hashed name in production, its content in
    DEBUG (names without a hash)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(static(path).encode())
        found = finders.find(path)
        if found:
            with open(found, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()[:16]


def _per_language(url_name: str) -> dict[str, str]:
    urls = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls[code] = reverse(url_name)
    return urls


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """``/sw.js``: served from the site root so that its scope is the whole portal."""
    precache = precached_static()
    context = {
        "version": _version(precache),
        "precache": json.dumps([static(path) for path in precache]),
        "offline_pages": json.dumps(_per_language("webapp:offline")),
        "card_pages": json.dumps(_per_language("cards:till-card")),
        "key_header": json.dumps(KEY_HEADER),
        "expires_header": json.dumps(EXPIRES_HEADER),
    }
    response = render(request, "core/service_worker.js", context, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"  # the browser checks for a new worker on every visit
    return response


@require_GET
@cache_control(public=True, max_age=3600)
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest in the page's language (``/{lang}/manifest.webmanifest``), in the theme's
    name, colours and icons."""
    language = translation.get_language()
    current = theme.current()
    brand = theme.brand_name()
    short_name = current.short_name if not settings.PORTAL_BRAND_NAME else brand
    data = {
        "id": "/",
        "lang": language,
        "dir": "ltr",
        "name": brand,
        "short_name": short_name if len(short_name) <= 15 else _("Loyalty club"),
        "description": _("Your loyalty card, points, vouchers and rewards."),
        "start_url": reverse("overview:dashboard"),
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "theme_color": current.theme_color,
        "background_color": current.background_color,
        "icons": [{"src": static(current.path(key)), "sizes": sizes, "type": kind, "purpose": purpose}
                  for key, sizes, kind, purpose in ICONS],
        "shortcuts": [{"name": _("Card for the till"), "short_name": _("Card"), "url": reverse("cards:till-card"),
                       "icons": [{"src": static(current.path("icon_192")), "sizes": "192x192",
                                  "type": "image/png"}]}],
    }
    return JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """What the service worker shows for a page that needs the network when there is none."""
    # Kept by the service worker for anyone on the device: no messages of the session consumed
    # into it (the view's context wins over the context processors').
    return render(request, "core/offline.html", {"page_title": _("You are offline"), "messages": ()})
