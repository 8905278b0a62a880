"""The retailer's theme: a folder of files, chosen by one setting (``PORTAL_THEME``), that makes the
portal look and read like the retailer's own, without code (README, "Your own theme";
docs/themes.md).

A theme is ``static/themes/<name>/``:

- ``theme.toml``: the brand's name, the manifest's colours, the file names below, the legal links,
  the support contact and the per-language texts (footer, welcome line, how points are earned);
  texts and links are keyed by language, English the fallback;
- ``theme.css``: the colours as CSS custom properties (``:root { --brand: ...; }``), which
  ``static/css/portal.css`` uses everywhere instead of literal colours, and an optional local web
  font (``@font-face`` with a ``url()`` inside the folder: no third-party host, the CSP's
  ``font-src 'self'`` allows it);
- the logo (SVG or PNG), the app icons (an SVG and PNGs of 192, 512 and maskable 512 pixels) and
  the default picture of rewards and campaigns (PNG or JPEG, 1200×630: tiles without a picture and
  link previews use it).

The folder lives among the static files so that the static pipeline treats it like any other
(whitenoise's hashed names, collectstatic, the service worker's precache): switching the theme is
one setting and nothing else. ``portal/core/checks.py`` refuses to start with a theme whose folder
is missing or incomplete (:func:`problems`).

This module reads files only (tomllib); ``portal/settings.py`` uses :func:`read` for the brand's
name in the e-mails' sender and the staff authenticator's issuer.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings

THEMES_DIR = Path(__file__).resolve().parent.parent.parent / "static" / "themes"
FALLBACK_LANGUAGE = "en"
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
FILES = ("logo", "icon", "icon_192", "icon_512", "icon_maskable", "picture")
RASTER = (".png", ".jpg", ".jpeg")
LEGAL = ("terms", "privacy", "cookies")
TEXTS = ("footer", "welcome", "points")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# The custom properties portal.css uses but leaves to the theme: read from portal.css itself, so a
# new colour added there is required of every theme at once (checks.py).
PORTAL_CSS = THEMES_DIR.parent / "css" / "portal.css"


class ThemeError(ValueError):
    """A theme that cannot be read: its folder or theme.toml is missing or malformed."""


@dataclass(frozen=True)
class Theme:
    slug: str
    directory: Path
    name: str
    short_name: str
    theme_color: str
    background_color: str
    files: dict[str, str]
    legal: dict[str, dict[str, str]] = field(default_factory=dict)
    support: dict[str, str] = field(default_factory=dict)
    texts: dict[str, dict[str, str]] = field(default_factory=dict)

    def path(self, key: str) -> str:
        """A file's path among the static files (``themes/<slug>/<file>``), for ``{% static %}``."""
        return f"themes/{self.slug}/{self.files[key]}"

    def file(self, key: str) -> Path:
        return self.directory / self.files[key]

    @property
    def css(self) -> str:
        return f"themes/{self.slug}/theme.css"

    def text(self, key: str, language: str) -> str:
        return _in_language(self.texts.get(key, {}), language)

    def legal_link(self, key: str, language: str) -> str:
        return _in_language(self.legal.get(key, {}), language)


def _in_language(values: dict[str, str], language: str) -> str:
    """The value in ``language`` (``cs`` for ``cs-cz`` too), else English, else ''."""
    language = (language or "").lower()
    return values.get(language) or values.get(language.split("-")[0]) or values.get(FALLBACK_LANGUAGE) or ""


def _per_language(value, where: str) -> dict[str, str]:
    """A text or link: one string for every language, or a table of them by language code."""
    if isinstance(value, str):
        return {FALLBACK_LANGUAGE: value.strip()}
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return {str(k).lower(): v.strip() for k, v in value.items()}
    raise ThemeError(f"{where} must be a string or a table of strings by language")


def read(slug: str, themes_dir: Path | None = None) -> Theme:
    """The theme ``slug`` read from its folder; :class:`ThemeError` when it cannot be."""
    if not isinstance(slug, str) or not NAME.match(slug):
        raise ThemeError(f"{slug!r} is not a theme name (lower-case letters, digits, - and _)")
    directory = (themes_dir or THEMES_DIR) / slug
    try:
        data = tomllib.loads((directory / "theme.toml").read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ThemeError(f"{directory / 'theme.toml'} does not exist") from error
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ThemeError(f"{directory / 'theme.toml'} cannot be read: {error}") from error
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ThemeError("theme.toml has no name (the brand's name)")
    files = data.get("files") if isinstance(data.get("files"), dict) else {}
    texts = data.get("texts") if isinstance(data.get("texts"), dict) else {}
    # [texts.en] footer = "..." → {"footer": {"en": "..."}}
    by_key: dict[str, dict[str, str]] = {}
    for language, entries in texts.items():
        if not isinstance(entries, dict):
            raise ThemeError(f"[texts.{language}] must be a table")
        for key, value in entries.items():
            if not isinstance(value, str):
                raise ThemeError(f"texts.{language}.{key} must be a string")
            by_key.setdefault(key, {})[str(language).lower()] = value.strip()
    legal = data.get("legal") if isinstance(data.get("legal"), dict) else {}
    support = data.get("support") if isinstance(data.get("support"), dict) else {}
    return Theme(
        slug=slug,
        directory=directory,
        name=name.strip(),
        short_name=str(data.get("short_name") or name).strip(),
        theme_color=str(data.get("theme_color") or ""),
        background_color=str(data.get("background_color") or ""),
        files={str(k): str(v) for k, v in files.items()},
        legal={key: _per_language(value, f"legal.{key}") for key, value in legal.items()},
        support={str(k): str(v).strip() for k, v in support.items() if isinstance(v, str | int)},
        texts=by_key,
    )


@lru_cache(maxsize=8)
def _cached(slug: str) -> Theme:
    return read(slug)


def current() -> Theme:
    """The theme in force (``PORTAL_THEME``), read once per process."""
    return _cached(settings.PORTAL_THEME)


def brand_name() -> str:
    """The brand's name: ``PORTAL_BRAND_NAME`` where it is set (an override), else the theme's."""
    return getattr(settings, "PORTAL_BRAND_NAME", "") or current().name


# --- what templates see -----------------------------------------------------------------------------


def for_templates(language: str) -> dict:
    """The theme as templates use it (``theme.logo``, ``theme.legal.cookies``, ``theme.texts.footer``,
    ``theme.support.email``...): URLs of its files and its texts and links in ``language``."""
    from django.templatetags.static import static

    theme = current()
    return {
        "slug": theme.slug,
        "name": brand_name(),
        "css": static(theme.css),
        "theme_color": theme.theme_color,
        **{key: static(theme.path(key)) for key in FILES},
        "legal": {key: theme.legal_link(key, language) for key in LEGAL},
        "support": dict(theme.support),
        "texts": {key: theme.text(key, language) for key in TEXTS},
    }


# --- the start-up check's findings ------------------------------------------------------------------


def required_properties(portal_css: Path = PORTAL_CSS) -> set[str]:
    """The custom properties portal.css uses (``var(--x)``) without defining them: the theme's."""
    css = portal_css.read_text(encoding="utf-8")
    used = set(re.findall(r"var\(\s*(--[\w-]+)", css))
    defined = set(re.findall(r"(--[\w-]+)\s*:", css))
    return used - defined


def problems(slug: str, themes_dir: Path | None = None, portal_css: Path = PORTAL_CSS) -> list[str]:
    """What is missing or wrong in the theme ``slug`` (empty: it is complete)."""
    try:
        theme = read(slug, themes_dir)
    except ThemeError as error:
        return [str(error)]
    found = []
    for key in FILES:
        name = theme.files.get(key)
        if not name:
            found.append(f"theme.toml names no {key} file ([files] {key} = \"...\")")
        elif not (theme.directory / name).is_file() or ".." in Path(name).parts:
            found.append(f"the {key} file {name!r} is not in the theme's folder")
    if theme.files.get("picture") and not theme.files["picture"].lower().endswith(RASTER):
        found.append("the default picture must be a PNG or JPEG (link previews show no SVG)")
    for key in ("theme_color", "background_color"):
        if not COLOUR.match(getattr(theme, key)):
            found.append(f"theme.toml's {key} must be a colour like \"#0b5f5a\"")
    for key in LEGAL:
        if not theme.legal_link(key, FALLBACK_LANGUAGE):
            found.append(f"theme.toml has no [legal] {key} link (in English at least)")
    if not (theme.support.get("email") or theme.support.get("phone")):
        found.append("theme.toml has no [support] email or phone")
    for key in TEXTS:
        if not theme.text(key, FALLBACK_LANGUAGE):
            found.append(f"theme.toml has no [texts.en] {key}")
    css_path = theme.directory / "theme.css"
    if not css_path.is_file():
        found.append("theme.css does not exist")
        return found
    css = css_path.read_text(encoding="utf-8")
    missing = sorted(required_properties(portal_css) - set(re.findall(r"(--[\w-]+)\s*:", css)))
    if missing:
        found.append(f"theme.css does not define {', '.join(missing)}")
    for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css):
        if "://" in url or url.startswith("//"):
            found.append(f"theme.css loads {url} from another host (ship the file in the theme's folder)")
        elif not (css_path.parent / url).is_file():
            found.append(f"theme.css names {url}, which is not in the theme's folder")
    return found


def shipped(themes_dir: Path | None = None) -> list[str]:
    """The names of the theme folders present."""
    directory = themes_dir or THEMES_DIR
    return sorted(p.name for p in directory.iterdir() if (p / "theme.toml").is_file()) if directory.is_dir() else []
