"""What search engines and link previews read on a page: its canonical address and the same page
in the other languages (``hreflang``, with ``x-default``: the address without a language, which
picks the visitor's language), as absolute URLs.

Absolute URLs are built on ``PORTAL_PUBLIC_URL`` when it is set (behind a CDN or proxy the Host
header may be another name), else on the request's host, which ALLOWED_HOSTS has checked.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import translate_url
from django.utils import translation

# og:locale wants a territory; the portal's languages are those of a Czech retailer.
OG_LOCALES = {"cs": "cs_CZ", "en": "en_GB", "sk": "sk_SK", "de": "de_DE"}


def absolute_url(request, path: str) -> str:
    base = (settings.PORTAL_PUBLIC_URL or "").rstrip("/")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


def og_locale(language: str) -> str:
    return OG_LOCALES.get(language) or translation.to_locale(language)


def without_language(path: str) -> str:
    """``/en/campaigns/`` → ``/campaigns/`` (the address LocaleMiddleware sends on by language)."""
    language = translation.get_language_from_path(path)
    return path[len(language) + 1:] if language else path


def page_addresses(request, paths: dict[str, str] | None = None, x_default: str | None = None) -> dict:
    """The canonical URL of this page and its alternates, from ``paths`` ({language: path}) or,
    without them, from the request's path translated into each language; ``x_default`` defaults
    to the current path without its language. Empty for a page outside the language prefixes."""
    current = translation.get_language()
    if paths is None:
        if not translation.get_language_from_path(request.path_info):
            return {}
        paths = {code: translate_url(request.path, code) for code, _name in settings.LANGUAGES}
    languages = [{
        "code": code,
        "name": name,
        "path": paths[code],
        "url": absolute_url(request, paths[code]),
        "og_locale": og_locale(code),
        "is_current": code == current,
    } for code, name in settings.LANGUAGES if code in paths]
    canonical = next((entry["url"] for entry in languages if entry["is_current"]), "")
    return {
        "canonical": canonical or absolute_url(request, request.path),
        "languages": languages,
        "x_default": absolute_url(request, x_default or without_language(paths.get(current) or request.path)),
        "og_locale": og_locale(current),
    }
