"""Illustrations for the seed data's rewards, products, campaigns and stores.

The real API hands out image URLs on the project's CDN; the sandbox serves its own so pages show
real pictures offline. Each is a small decorative picture drawn from its name (deterministic colours
and shapes; no text, which would be in one language only): an SVG under
``/_sandbox/images/<kind>/<name>.svg``, or the same drawing as a PNG photo would be (1200×675) under
``.../<name>.png``, as the campaigns' offers have (link previews show no SVG). Seed data stores the
path; handlers make it absolute with :func:`portal.sandbox.api.absolute_url`, so it works on
whatever port the sandbox runs.
"""

import hashlib
import io
from functools import lru_cache

from django.http import Http404, HttpResponse
from django.utils.html import escape
from django.views.decorators.cache import cache_control
from PIL import Image, ImageDraw, ImageFilter

PALETTES = [
    ("#0b5f5a", "#1f8f86", "#f6c453"),
    ("#6b3e26", "#a0673f", "#f3d9b1"),
    ("#2d3a6b", "#4f63b0", "#ffd58a"),
    ("#7a2e3a", "#b6475a", "#ffe1c6"),
    ("#2f5d2a", "#5e9a4f", "#fff0b3"),
    ("#4a3b63", "#7a62a3", "#f5d0ff"),
]


KINDS = {"rewards", "products", "campaigns", "stores"}
PNG_SIZE = (1200, 675)


def image_path(kind: str, name: str, extension: str = "svg") -> str:
    return f"/_sandbox/images/{kind}/{name}.{extension}"


@cache_control(public=True, max_age=86400)
def png(request, kind: str, name: str) -> HttpResponse:
    if kind not in KINDS or len(name) > 80:
        raise Http404
    return HttpResponse(_png(kind, name), content_type="image/png")


@lru_cache(maxsize=64)
def _png(kind: str, name: str) -> bytes:
    """The SVG's drawing as a PNG: the gradient, soft circles of the light colour, blurred a little."""
    digest = hashlib.sha256(f"{kind}/{name}".encode()).digest()
    dark, mid, light = (_rgb(c) for c in PALETTES[digest[0] % len(PALETTES)])
    width, height = PNG_SIZE
    corners = Image.new("L", (2, 2))
    corners.putdata([0, 128, 128, 255])  # dark top left to mid bottom right, as the SVG's gradient
    gradient = corners.resize(PNG_SIZE, Image.BILINEAR, reducing_gap=None, box=(0.5, 0.5, 1.5, 1.5))
    picture = Image.composite(Image.new("RGB", PNG_SIZE, mid), Image.new("RGB", PNG_SIZE, dark), gradient)
    circles = Image.new("RGBA", PNG_SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(circles)
    for i in range(4, 28, 4):
        x, y = digest[i] * width // 255, digest[i + 1] * height // 255
        radius = (20 + digest[i + 2] % 70) * width // 640
        opacity = 255 * (12 + digest[i + 3] % 20) // 100
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(*light, opacity))
    picture = Image.alpha_composite(picture.convert("RGBA"), circles.filter(ImageFilter.GaussianBlur(3)))
    out = io.BytesIO()
    picture.convert("RGB").save(out, "PNG", optimize=True)
    return out.getvalue()


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


@cache_control(public=True, max_age=86400)
def image(request, kind: str, name: str) -> HttpResponse:
    if kind not in KINDS or len(name) > 80:
        raise Http404
    digest = hashlib.sha256(f"{kind}/{name}".encode()).digest()
    dark, mid, light = PALETTES[digest[0] % len(PALETTES)]
    label = escape(name.replace("-", " "))
    circles = "".join(
        f'<circle cx="{digest[i] * 640 // 255}" cy="{digest[i + 1] * 360 // 255}" r="{20 + digest[i + 2] % 70}" '
        f'fill="{light}" opacity="0.{12 + digest[i + 3] % 20}"/>'
        for i in range(4, 28, 4)
    )
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 360" width="640" height="360" role="img" '
        f'aria-label="{label}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">'
        f'<stop offset="0" stop-color="{dark}"/><stop offset="1" stop-color="{mid}"/></linearGradient></defs>'
        f'<rect width="640" height="360" fill="url(#g)"/>{circles}</svg>'
    )
    return HttpResponse(svg, content_type="image/svg+xml")
