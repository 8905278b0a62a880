"""The addresses search engines and link previews get, called directly (quick and precise, for
make mutation): an absolute URL on the public address when one is set (else the request's host),
and the Open Graph locale of a language."""

import pytest

from portal.core.seo import absolute_url, og_locale


@pytest.mark.parametrize("public_url, expected", [
    ("https://klub.example.com/", "https://klub.example.com/en/campaigns/"),
    ("https://klub.example.com", "https://klub.example.com/en/campaigns/"),
    ("", "http://testserver/en/campaigns/"),
    (None, "http://testserver/en/campaigns/"),
])
def test_an_absolute_url_is_on_the_public_address_when_one_is_set(rf, settings, public_url, expected):
    settings.PORTAL_PUBLIC_URL = public_url
    assert absolute_url(rf.get("/"), "/en/campaigns/") == expected


@pytest.mark.parametrize("language, locale", [("cs", "cs_CZ"), ("en", "en_GB"), ("sk", "sk_SK"), ("pt-br", "pt_BR"),
                                              ("fr", "fr")])
def test_a_language_has_its_open_graph_locale(language, locale):
    assert og_locale(language) == locale
