"""The picture a link preview shows for a campaign page (``og:image``): always a JPEG of 1200×630,
made from the campaign's picture or, where it has none that can be used, the theme's default
picture, with the theme's icon in a corner.

Social networks show no SVG in link previews, and CareCloud's pictures may be SVGs, of any size and
proportion: so the portal never passes CareCloud's URL on. The page names
``/{lang}/campaigns/{id}/sharing/{version}.jpg``, where ``version`` is a digest of the source
picture's URL and the theme's files; the image is drawn once per version and its bytes kept in the
cache (``sharing:{version}``), and it is answered with ``Cache-Control: public, max-age=<a year>,
immutable``: the address changes whenever what it is made of changes, so browsers, CDNs and the
networks' crawlers may keep it for good. A picture that could not be fetched this time (CareCloud
down) gives the theme's picture for a few minutes only, neither cached for long here nor there.

A picture is fetched only from CareCloud's own hosts, ``CARECLOUD_FILE_HOSTS`` and
``PORTAL_CSP_IMG_HOSTS`` (https), never larger than ``MAX_BYTES`` nor ``MAX_PIXELS``, and opened
only as PNG, JPEG, GIF or WebP: anything else (an SVG, a decompression bomb, garbage) is not drawn
and the theme's picture stands in.
"""

from __future__ import annotations

import hashlib
import io
import logging
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from PIL import Image, ImageOps

from portal.carecloud import exceptions as cc
from portal.carecloud import resources
from portal.core import theme

log = logging.getLogger(__name__)

SIZE = (1200, 630)
RENDERING = "1"  # bump when the drawing changes: every version (address) changes with it
MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
CACHE_SECONDS = 30 * 24 * 3600
LONG_CACHE = "public, max-age=31536000, immutable"
SHORT_CACHE = "public, max-age=300"
ICON_SIZE = 96
MARGIN = 40


@dataclass(frozen=True)
class SharingImage:
    content: bytes
    cache_control: str
    content_type: str = "image/jpeg"


def version(source_url: str) -> str:
    """The address's version: changes with the source picture's URL, the theme and its files."""
    current = theme.current()
    stamps = [f"{key}:{current.file(key).stat().st_mtime_ns}:{current.file(key).stat().st_size}"
              for key in ("picture", "icon_192") if current.file(key).is_file()]
    seed = "|".join([RENDERING, current.slug, source_url or "", *stamps])
    return hashlib.sha256(seed.encode()).hexdigest()[:20]


def sharing_image(source_url: str) -> SharingImage:
    """The campaign's sharing image for ``source_url`` (its picture, or "" for none): drawn once
    per version and kept in the cache."""
    key = f"sharing:{version(source_url)}"
    cached = cache.get(key)
    if cached is not None:
        return SharingImage(cached, LONG_CACHE)
    picture, complete = _source_picture(source_url)
    content = render(picture)
    if complete:
        cache.set(key, content, CACHE_SECONDS)
        return SharingImage(content, LONG_CACHE)
    return SharingImage(content, SHORT_CACHE)


def _source_picture(url: str) -> tuple[Image.Image | None, bool]:
    """The campaign's picture opened, or None (the theme's stands in); and whether that answer is
    final (False: the picture could not be fetched this time)."""
    if not url:
        return None, True
    try:
        content, _kind = resources.picture_download(url=url, max_bytes=MAX_BYTES,
                                                    hosts=_picture_hosts())
    except cc.CareCloudError as error:
        log.warning("campaign picture could not be fetched for sharing: %s", error)
        # a host the portal may not fetch from will not become one: final; anything else may pass
        return None, getattr(error, "title", "") == "Unexpected file URL"
    return open_raster(content), True


def _picture_hosts() -> tuple[str, ...]:
    from urllib.parse import urlsplit

    hosts = []
    for origin in getattr(settings, "PORTAL_CSP_IMG_HOSTS", ()):
        parts = urlsplit(origin if "://" in origin else f"https://{origin}")
        if parts.hostname:
            hosts.append(parts.hostname)
    return tuple(hosts)


def open_raster(content: bytes) -> Image.Image | None:
    """``content`` opened as a raster picture (PNG, JPEG, GIF, WebP) of sane size, or None."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            picture = Image.open(io.BytesIO(content), formats=sorted(FORMATS))
            width, height = picture.size
            if not width or not height or width * height > MAX_PIXELS:
                return None
            picture.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        return None
    return picture


def render(picture: Image.Image | None) -> bytes:
    """The 1200×630 JPEG: ``picture`` (or the theme's) cropped to fill it, the theme's icon in the
    bottom left corner."""
    current = theme.current()
    if picture is None:
        with Image.open(current.file("picture")) as default:
            picture = default.copy()
    picture = ImageOps.exif_transpose(picture)
    canvas = ImageOps.fit(_on_white(picture), SIZE, method=Image.LANCZOS)
    try:
        with Image.open(current.file("icon_192")) as icon:
            icon = icon.convert("RGBA").resize((ICON_SIZE, ICON_SIZE), Image.LANCZOS)
            canvas.paste(icon, (MARGIN, SIZE[1] - MARGIN - ICON_SIZE), icon)
    except OSError as error:  # the theme check requires the icon; a broken file only loses the corner
        log.warning("the theme's icon could not be drawn on a sharing image: %s", error)
    out = io.BytesIO()
    canvas.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    return out.getvalue()


def _on_white(picture: Image.Image) -> Image.Image:
    """RGB, transparent parts on white (a JPEG has no transparency)."""
    if picture.mode in ("RGBA", "LA") or (picture.mode == "P" and "transparency" in picture.info):
        rgba = picture.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return picture.convert("RGB")
