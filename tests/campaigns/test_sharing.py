"""A campaign page's link-preview picture (og:image, portal/campaigns/sharing.py): always a JPEG of
1200×630 from the portal, made from the campaign's raster picture, or the theme's default picture
for a campaign whose picture is an SVG or that has none; drawn once per version and cached."""

import io
from http import HTTPStatus
from unittest import mock
from urllib.parse import urlsplit

import pytest
from PIL import Image

from portal.campaigns import sharing
from portal.carecloud import resources
from portal.carecloud.exceptions import UnavailableError
from portal.sandbox.seed import campaigns as seeded
from tests.support.html import parse

from .conftest import AUTUMN, UNKNOWN, canonical

pytestmark = pytest.mark.django_db


def offers_without_own_pictures(real):
    """The sandbox's real offers (over HTTP) without their own pictures: the product's picture stands
    in (the sandbox draws products as SVGs)."""
    def offers(**kwargs):
        return [{**o, "presentation_data": {**o["presentation_data"], "image_url": None}} for o in real(**kwargs)]
    return offers


def products_without_pictures(real):
    def product(**kwargs):
        return {**real(**kwargs), "image_urls": []}
    return product


def sharing_image_of(client, language="en"):
    """The og:image of the Autumn campaign's page and the picture at it, opened."""
    page = parse(client.get(canonical(AUTUMN, language)).content)
    address = page.meta("og:image")
    assert address == page.meta("twitter:image")
    assert page.meta("twitter:card") == "summary_large_image"
    assert (page.meta("og:image:width"), page.meta("og:image:height")) == ("1200", "630")
    assert page.meta("og:image:type") == "image/jpeg"
    parts = urlsplit(address)
    assert (parts.scheme, parts.netloc) == ("http", "testserver") and parts.path.endswith(".jpg"), address
    response = client.get(parts.path)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "image/jpeg"
    picture = Image.open(io.BytesIO(response.content))
    assert (picture.format, picture.size) == ("JPEG", (1200, 630))
    return address, response, picture


def test_a_campaign_with_a_raster_picture_is_shared_with_it(anonymous, public, settings):
    offer = next(o for o in public("/campaign-products", campaign_id=AUTUMN)["campaign_products"]
                 if o["campaign_product_id"] == seeded.OFFER_PUMPKIN_LATTE)
    assert offer["presentation_data"]["image_url"].endswith(".png")  # the sandbox's demo campaigns: PNGs
    address, response, picture = sharing_image_of(anonymous)
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.content != sharing.render(None)  # the campaign's own picture, not the theme's
    # the source's colours (the sandbox's drawing), not a copy of the theme's default picture
    assert picture.getpixel((1100, 100)) != Image.open(io.BytesIO(sharing.render(None))).getpixel((1100, 100))


def test_a_campaign_with_an_svg_picture_is_shared_with_the_themes(anonymous, public):
    product = public(f"/products/{seeded.PRODUCT_PUMPKIN_LATTE}")["image_urls"][0]
    assert product.endswith(".svg")
    with mock.patch.object(resources, "campaign_products_every",
                           offers_without_own_pictures(resources.campaign_products_every)):
        html = anonymous.get(canonical(AUTUMN)).content.decode()
        assert product in html  # the page itself shows the SVG...
        address, response, picture = sharing_image_of(anonymous)
    assert ".svg" not in address and "_sandbox" not in address  # ...the preview never
    assert response.content == sharing.render(None)  # the theme's default picture


def test_a_campaign_without_a_picture_is_shared_with_the_themes(anonymous, settings):
    settings.PORTAL_THEME = "listek"
    with mock.patch.object(resources, "campaign_products_every",
                           offers_without_own_pictures(resources.campaign_products_every)), \
            mock.patch.object(resources, "product_get", products_without_pictures(resources.product_get)):
        html = anonymous.get(canonical(AUTUMN)).content.decode()
        assert 'src="/static/themes/listek/picture.png"' in html
        address, response, picture = sharing_image_of(anonymous)
    assert response.content == sharing.render(None)
    # the theme's icon in the bottom left corner: Lístek's plum
    red, green, blue = picture.getpixel((40 + 48, 630 - 40 - 48 - 40))
    assert red > green and blue > green


def test_the_image_is_drawn_once_per_version(anonymous):
    calls = []
    real = resources.picture_download

    def download(**kwargs):
        calls.append(kwargs["url"])
        return real(**kwargs)

    with mock.patch.object(resources, "picture_download", download):
        first = sharing_image_of(anonymous)
        second = sharing_image_of(anonymous)
    assert first[0] == second[0] and first[1].content == second[1].content
    assert len(calls) == 1 and calls[0].endswith(".png")


def test_an_old_version_leads_to_the_current_one_and_an_unknown_campaign_has_none(anonymous):
    address = sharing_image_of(anonymous)[0]
    old = urlsplit(address).path.replace(urlsplit(address).path.rsplit("/", 1)[1], "0" * 20 + ".jpg")
    response = anonymous.get(old)
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == urlsplit(address).path
    assert response["Cache-Control"] == "no-cache"
    path = urlsplit(address).path.replace(AUTUMN, UNKNOWN)
    assert anonymous.get(path).status_code == HTTPStatus.NOT_FOUND


def test_a_picture_that_cannot_be_fetched_now_is_not_kept(anonymous):
    page = parse(anonymous.get(canonical(AUTUMN)).content)  # the page's reads are cached now
    with mock.patch.object(resources, "picture_download",
                           side_effect=UnavailableError(title="down")):
        response = anonymous.get(urlsplit(page.meta("og:image")).path)
    assert response.status_code == HTTPStatus.OK and response.content == sharing.render(None)
    assert response["Cache-Control"] == "public, max-age=300"  # a few minutes, then drawn again
    response = anonymous.get(urlsplit(page.meta("og:image")).path)
    assert response.content != sharing.render(None)


@pytest.mark.parametrize("content", [
    b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    b"not a picture",
    b"",
])
def test_only_raster_pictures_are_opened(content):
    assert sharing.open_raster(content) is None


def test_a_picture_too_large_is_not_opened(monkeypatch):
    out = io.BytesIO()
    Image.new("RGB", (300, 200), "red").save(out, "PNG")
    assert sharing.open_raster(out.getvalue()).size == (300, 200)
    monkeypatch.setattr(sharing, "MAX_PIXELS", 300 * 200 - 1)
    assert sharing.open_raster(out.getvalue()) is None


def test_a_transparent_picture_is_drawn_on_white():
    picture = Image.new("RGBA", (2400, 1260), (0, 0, 0, 0))
    drawn = Image.open(io.BytesIO(sharing.render(picture)))
    assert drawn.size == (1200, 630) and drawn.getpixel((1100, 100)) >= (250, 250, 250)
