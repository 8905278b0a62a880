"""The barcode and QR code template tags: valid inline SVG that encodes exactly the value."""

import xml.etree.ElementTree as ET

import barcode as python_barcode
import pytest
import segno
from django.template import Context, Template
from django.utils import translation

from portal.core.templatetags import codes

SVG = "{http://www.w3.org/2000/svg}"


def render(source: str, **context) -> str:
    with translation.override("en"):
        return Template("{% load codes %}" + source).render(Context(context))


def parse(markup: str) -> ET.Element:
    if "xmlns=" not in markup.split(">", 1)[0]:  # HTML allows inline SVG without its namespace
        markup = markup.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    root = ET.fromstring(markup)
    assert root.tag == f"{SVG}svg"
    return root


def barcode_modules(root: ET.Element) -> str:
    """Read the bars back into the module string ('1' bar, '0' space) of the drawn symbol."""
    width = float(root.get("viewBox").split()[2])
    bars = [(float(r.get("x")), float(r.get("width"))) for r in root.iter(f"{SVG}rect")
            if r.get("fill") == "#000"]
    assert bars
    modules = ["0"] * int(width)
    for x, w in bars:
        for i in range(int(x), int(x + w)):
            modules[i] = "1"
    return "".join(modules).strip("0")


@pytest.mark.parametrize("value", ["2001900627", "ESP7Q4M2KX", "ISIC-S420118877"])
def test_barcode_is_a_code128_svg_of_the_value(value):
    markup = render("{% barcode value %}", value=value)
    root = parse(markup)
    assert root.get("role") == "img"
    assert root.get("aria-label") == f"Barcode of {value}"
    assert root.get("viewBox") and not root.get("width")  # scales with the screen
    expected = python_barcode.get("code128", value).build()[0]
    assert barcode_modules(root) == expected.strip("0")
    assert value not in markup.replace(f'aria-label="Barcode of {value}"', "")  # no text node with the value


@pytest.mark.parametrize("value", ["2001900627", "ESP7Q4M2KX"])
def test_qrcode_is_a_regular_qr_svg_of_the_value(value):
    markup = render("{% qrcode value %}", value=value)
    root = parse(markup)
    assert root.get("role") == "img" and root.get("aria-label") == f"QR code of {value}"
    paths = list(root.iter(f"{SVG}path"))
    assert paths
    qr = segno.make_qr(value, error="m")
    assert not qr.is_micro  # phones cannot all read Micro QR
    size = qr.symbol_size(scale=1, border=4)[0]
    assert root.get("viewBox") == f"0 0 {size} {size}"
    # re-encoding the value draws the very same modules
    expected = parse(qr.svg_inline(scale=1, border=4, omitsize=True, svgclass=None, lineclass=None, dark="#000",
                                   light="#fff"))
    assert [p.get("d") for p in paths] == [p.get("d") for p in expected.iter(f"{SVG}path")]
    assert segno.make_qr(value, error="m").designator == qr.designator


def test_label_is_escaped_and_value_cannot_inject_markup():
    value = '"><script>alert(1)</script>'
    markup = render("{% barcode value %}{% qrcode value %}", value=value)
    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup
    for part in markup.split("</svg>")[:-1]:
        parse(part + "</svg>")


def test_custom_label_and_empty_or_unencodable_values():
    assert 'aria-label="Card &amp; co"' in render('{% qrcode "123" label="Card & co" %}')
    assert render("{% barcode value %}{% qrcode value %}", value="") == ""
    assert render("{% barcode value %}", value=None) == ""
    assert render("{% barcode value %}", value="čaj") == ""  # Code 128 has no such characters
    assert "<svg" in render("{% qrcode value %}", value="čaj")  # QR does


def test_rendered_svg_is_cached_per_value():
    codes.barcode_svg.cache_clear()
    codes.qrcode_svg.cache_clear()
    render("{% barcode v %}{% barcode v %}{% qrcode v %}{% qrcode v %}", v="2001900627")
    assert codes.barcode_svg.cache_info().hits == 1 and codes.barcode_svg.cache_info().misses == 1
    assert codes.qrcode_svg.cache_info().hits == 1


def test_several_codes_on_a_page_have_no_duplicate_ids():
    markup = render("{% barcode a %}{% barcode b %}{% qrcode a %}", a="2001900627", b="2002900621")
    assert " id=" not in markup


def test_a_value_too_long_for_a_qr_code_renders_nothing():
    assert render("{% qrcode value %}", value="9" * 8000) == ""  # more than a version 40 QR code holds
    assert "<svg" in render("{% qrcode value %}", value="9" * 100)


@pytest.mark.parametrize("text, number", [("3.5mm", 3.5), ("-2mm", -2.0), ("12", 12.0), ("0.25", 0.25), (None, 0.0),
                                          ("", 0.0)])
def test_svg_lengths_are_read_as_numbers_with_or_without_mm(text, number):
    assert codes._number(text) == number
