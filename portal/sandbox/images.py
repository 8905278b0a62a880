"""Illustrations for the seed data's rewards, products, campaigns and stores.

The real API hands out image URLs on the project's CDN; the sandbox serves its own so pages show
real pictures offline. Each is a small decorative SVG drawn from its name (deterministic colours and
shapes; no text, which would be in one language only), under ``/_sandbox/images/<kind>/<name>.svg``.
Seed data stores the path; handlers make it absolute with :func:`portal.sandbox.api.absolute_url`, so
it works on whatever port the sandbox runs.
"""

import hashlib

from django.http import Http404, HttpResponse
from django.utils.html import escape
from django.views.decorators.cache import cache_control

PALETTES = [
    ("#0b5f5a", "#1f8f86", "#f6c453"),
    ("#6b3e26", "#a0673f", "#f3d9b1"),
    ("#2d3a6b", "#4f63b0", "#ffd58a"),
    ("#7a2e3a", "#b6475a", "#ffe1c6"),
    ("#2f5d2a", "#5e9a4f", "#fff0b3"),
    ("#4a3b63", "#7a62a3", "#f5d0ff"),
]


def image_path(kind: str, name: str) -> str:
    return f"/_sandbox/images/{kind}/{name}.svg"


@cache_control(public=True, max_age=86400)
def image(request, kind: str, name: str) -> HttpResponse:
    if kind not in {"rewards", "products", "campaigns", "stores"} or len(name) > 80:
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
