"""TokenLanguageMiddleware called directly (quick and precise, for make mutation): opening a page
of another language prefix gives a logged-in customer's token that language, and only then: not
for a visitor, not when the token has that language already."""

from types import SimpleNamespace

import pytest
from django.test import RequestFactory

from portal.accounts import middleware


@pytest.mark.parametrize(("authenticated", "token_language", "path", "expected"), [
    (True, "en", "/cs/points/", ["cs"]),
    (True, "cs", "/en/points/", ["en"]),
    (True, "cs", "/cs/points/", []),
    (False, None, "/cs/points/", []),
    (False, "en", "/cs/points/", []),
])
def test_the_tokens_language_follows_the_url_prefix_of_a_logged_in_customer_only(
        monkeypatch, authenticated, token_language, path, expected):
    asked = []
    monkeypatch.setattr(middleware.services, "session_set_language",
                        lambda *, request, language: asked.append(language))
    request = RequestFactory().get(path)
    request.customer = SimpleNamespace(is_authenticated=authenticated, language=token_language)
    response = middleware.TokenLanguageMiddleware(lambda request: "the page")(request)
    assert response == "the page"
    assert asked == expected
