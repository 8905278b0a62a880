"""Scannable codes as inline SVG, rendered server-side by well-kept libraries.

``{% barcode value %}`` draws a Code 128 barcode (python-barcode's SVGWriter), ``{% qrcode value %}``
a QR code (segno; never a Micro QR, which phone scanners often cannot read). Both are pure
functions of the value, so the SVG is cached per value.

Safety: the value reaches the markup only through the libraries' drawing (bars and modules; the
human-readable text is switched off) and through an escaped ``aria-label``; nothing else of the
value is interpolated, so marking the result safe is sound.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from functools import lru_cache

import barcode as python_barcode
import segno
from barcode.errors import BarcodeError
from barcode.writer import SVGWriter
from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()
log = logging.getLogger(__name__)

SVG_NS = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG_NS)

# Bars of 1 unit with a quiet zone of 10+ modules each side; the CSS scales the drawing to the screen
# width (viewBox), so only the proportions matter.
BARCODE_OPTIONS = {"module_width": 1.0, "module_height": 40.0, "quiet_zone": 10.0, "write_text": False,
                   "margin_top": 0.0, "margin_bottom": 0.0, "compress": False}
_MM = re.compile(r"^(-?[0-9.]+)mm$")


@lru_cache(maxsize=512)
def barcode_svg(value: str) -> str:
    """A Code 128 barcode of ``value`` as an ``<svg>`` element scaled by its viewBox ('' if the
    value cannot be encoded)."""
    try:
        raw = python_barcode.get("code128", value, writer=SVGWriter()).render(BARCODE_OPTIONS)
    except (BarcodeError, ValueError, KeyError, TypeError) as error:
        log.warning("No barcode for a value of %d characters: %s", len(value), type(error).__name__)
        return ""
    root = ET.fromstring(raw)
    width, height = (_number(root.get(name)) for name in ("width", "height"))
    for element in root.iter():
        element.attrib.pop("id", None)  # several codes on one page must not repeat an id
        for name in ("x", "y", "width", "height"):
            if element is not root and element.get(name, "").endswith("mm"):
                element.set(name, str(_number(element.get(name))))
        if element.tag == f"{{{SVG_NS}}}rect" and element.get("style"):
            # "fill:black;" -> a presentation attribute, so a strict style-src CSP does not block it
            fill = element.get("style").split(":", 1)[-1].strip(" ;")
            del element.attrib["style"]
            element.set("fill", "#fff" if fill == "white" else "#000")
    for name in ("width", "height"):
        root.attrib.pop(name, None)
    root.set("viewBox", f"0 0 {width:g} {height:g}")
    root.set("shape-rendering", "crispEdges")
    # ElementTree's prefixes are process-wide and a library may have registered "svg:" for this one
    # since (qrcode's SVG writer does): claim the default namespace again, or browsers draw nothing.
    ET.register_namespace("", SVG_NS)
    return ET.tostring(root, encoding="unicode", short_empty_elements=True)


@lru_cache(maxsize=512)
def qrcode_svg(value: str) -> str:
    """A QR code of ``value`` (error correction M or better) as an ``<svg>`` with a viewBox."""
    try:
        qr = segno.make_qr(value, error="m")
    except (segno.DataOverflowError, ValueError) as error:
        log.warning("No QR code for a value of %d characters: %s", len(value), type(error).__name__)
        return ""
    svg = qr.svg_inline(scale=1, border=4, omitsize=True, dark="#000", light="#fff", svgclass=None, lineclass=None)
    return svg.replace("<svg ", '<svg shape-rendering="crispEdges" ', 1)


def _number(text: str | None) -> float:
    match = _MM.match(text or "")
    return float(match.group(1)) if match else float(text or 0)


def _with_label(svg: str, label: str, css_class: str) -> SafeString:
    if not svg:
        return mark_safe("")
    attributes = f'role="img" aria-label="{escape(label)}" class="{css_class}" focusable="false"'
    return mark_safe(svg.replace("<svg", f"<svg {attributes}", 1))  # noqa: S308 - library SVG, escaped label


@register.simple_tag(name="barcode")
def barcode_tag(value, label: str = "") -> SafeString:
    """``{% barcode card.card_number %}`` or ``{% barcode code label=_("Voucher barcode") %}``."""
    value = "" if value is None else str(value)
    if not value:
        return mark_safe("")
    label = label or _("Barcode of %(value)s") % {"value": value}
    return _with_label(barcode_svg(value), label, "barcode-svg")


@register.simple_tag(name="qrcode")
def qrcode_tag(value, label: str = "") -> SafeString:
    """``{% qrcode card.card_number %}``: a QR code of the value."""
    value = "" if value is None else str(value)
    if not value:
        return mark_safe("")
    label = label or _("QR code of %(value)s") % {"value": value}
    return _with_label(qrcode_svg(value), label, "qrcode-svg")
