"""Lighthouse-style basics of every public page, in both languages: a title, a meta description,
one h1, a canonical address and hreflang alternates (cs, en, x-default) that lead to the same page
in the other language; and the sharing tags of a campaign page."""

from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from portal.sandbox.seed import campaigns as seeded
from tests.support.html import parse

pytestmark = pytest.mark.django_db
AUTUMN = seeded.CAMPAIGN_AUTUMN_COFFEE
SLUGS = {"en": "autumn-coffee", "cs": "podzimni-kava"}


def public_pages():
    """(id, {language: path}) of every public page."""
    def paths(name, **kwargs):
        def build():
            result = {}
            for language in ("en", "cs"):
                with translation.override(language):
                    extra = {k: (v[language] if isinstance(v, dict) else v) for k, v in kwargs.items()}
                    result[language] = reverse(name, kwargs=extra or None)
            return result
        return build
    pages = [
        pytest.param(paths("accounts:login"), id="login"),
        pytest.param(paths("campaigns:list"), id="campaigns"),
        pytest.param(paths("campaigns:detail", campaign_id=AUTUMN, slug=SLUGS), id="campaign"),
        pytest.param(paths("campaigns:detail", campaign_id=seeded.CAMPAIGN_CHRISTMAS,
                           slug={"en": "christmas-2026", "cs": "vanoce-2026"}), id="upcoming-campaign"),
    ]
    for name in ("accounts:register", "accounts:password-forgotten"):
        pages.append(pytest.param(paths(name), id=name.split(":")[1]))
    return pages


@pytest.mark.parametrize("language", ["en", "cs"])
@pytest.mark.parametrize("paths", public_pages())
def test_every_public_page_has_the_basics(carecloud, paths, language):
    paths = paths()
    path = paths[language]
    response = Client().get(path, {"utm_source": "ignored-by-canonical"})
    assert response.status_code == HTTPStatus.OK
    page = parse(response.content)
    assert page.title and page.title.endswith("· Zrnko") and len(page.title) > len("· Zrnko")
    description = page.meta("description")
    assert description and 20 <= len(description) <= 320, description
    assert len(page.h1) == 1 and page.h1[0]
    canonical = page.link("canonical")
    assert canonical == f"http://testserver{path}"  # absolute, without the query string
    alternates = page.hreflangs()
    assert set(alternates) == {"en", "cs", "x-default"}
    for code, other in paths.items():
        assert alternates[code] == f"http://testserver{other}"
    # x-default is the address without a language: it leads to the page in the visitor's language
    for accept, code in (("cs", "cs"), ("en", "en")):
        landed = Client().get(urlsplit(alternates["x-default"]).path, HTTP_ACCEPT_LANGUAGE=accept, follow=True)
        assert landed.status_code == HTTPStatus.OK and landed.request["PATH_INFO"] == paths[code]


@pytest.mark.parametrize("language, other", [("en", "cs"), ("cs", "en")])
def test_a_campaign_page_can_be_shared(carecloud, sandbox, language, other):
    with translation.override(language):
        path = reverse("campaigns:detail", kwargs={"campaign_id": AUTUMN, "slug": SLUGS[language]})
    page = parse(Client().get(path).content)
    answer = sandbox.api().get(f"/campaigns/{AUTUMN}", token=sandbox.new_token(), language=language)
    name = answer.json()["data"]["name"]
    assert page.meta("og:title") == name == page.meta("twitter:title")
    assert page.meta("og:description") == page.meta("description") == page.meta("twitter:description")
    assert name in page.meta("description")
    assert page.meta("og:url") == page.link("canonical") == f"http://testserver{path}"
    assert page.meta("og:type") == "website" and page.meta("og:site_name") == "Zrnko"
    image = page.meta("og:image")
    # a JPEG the portal draws from the campaign's picture (tests/campaigns/test_sharing.py)
    assert image.startswith(f"http://testserver/{language}/campaigns/{AUTUMN}/sharing/") and image.endswith(".jpg")
    assert page.meta("twitter:image") == image
    assert page.meta("twitter:card") == "summary_large_image"
    locales = {"en": "en_GB", "cs": "cs_CZ"}
    assert page.meta("og:locale") == locales[language]
    assert page.meta_all("og:locale:alternate") == [locales[other]]


def test_the_public_address_setting_makes_the_absolute_urls(carecloud, settings):
    settings.PORTAL_PUBLIC_URL = "https://club.example.com"
    page = parse(Client().get("/en/campaigns/").content)
    assert page.link("canonical") == "https://club.example.com/en/campaigns/"
    assert page.hreflangs()["x-default"] == "https://club.example.com/campaigns/"


def test_pages_behind_the_login_get_the_default_description(customer_client):
    page = parse(customer_client.get("/en/overview/").content)
    assert page.meta("description").startswith("Zrnko: your loyalty card")
    assert len(page.h1) == 1


@pytest.mark.parametrize("path", ["/en/no-such-page/", f"/en/campaigns/{'0' * 26}/x/"])
def test_error_pages_name_no_canonical_address(carecloud, path):
    response = Client().get(path)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert parse(response.content).link("canonical") is None
