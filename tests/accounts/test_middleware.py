"""The accounts middleware: CareCloud failures that escape a view become the right page
(CustomerSessionMiddleware), and, called directly, TokenLanguageMiddleware: opening a page of another
language prefix gives a logged-in customer's token that language, and only then: not for a visitor,
not when the token has that language already."""

from http import HTTPStatus
from types import SimpleNamespace

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.utils import translation

from portal.accounts import middleware
from portal.accounts.middleware import CustomerSessionMiddleware
from portal.accounts.session import SESSION_KEY, CustomerSession
from portal.carecloud import exceptions as cc
from portal.core import theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_for(rf):
    def make(path="/en/overview/", method="get", **extra):
        request = getattr(rf, method)(path, **extra)
        request.session = SessionStore()
        request.session[SESSION_KEY] = {"token": "t", "customer_id": "c"}
        request._messages = FallbackStorage(request)
        request.customer = CustomerSession(request)
        return request
    return make


def handle(request, error):
    with translation.override("en"):
        return CustomerSessionMiddleware(lambda r: None).process_exception(request, error)


def test_authentication_error_ends_the_session_and_redirects_with_next(request_for):
    request = request_for("/en/points/?page=2")
    response = handle(request, cc.AuthenticationError(401))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/en/account/login/?next=%2Fen%2Fpoints%2F%3Fpage%3D2"
    assert SESSION_KEY not in request.session


def test_authentication_error_on_a_post_comes_back_to_the_referring_page(request_for):
    request = request_for("/en/rewards/x/redeem/", "post", HTTP_REFERER="http://testserver/en/rewards/x/")
    response = handle(request, cc.AuthenticationError(401))
    assert response["Location"] == "/en/account/login/?next=%2Fen%2Frewards%2Fx%2F"


def test_authentication_error_on_a_post_ignores_a_foreign_referer(request_for):
    request = request_for("/en/rewards/x/redeem/", "post", HTTP_REFERER="https://evil.example/en/")
    assert handle(request, cc.AuthenticationError(401))["Location"] == "/en/account/login/"


@pytest.mark.parametrize("error,status,text", [
    (cc.NotFoundError(404), HTTPStatus.NOT_FOUND, "Page not found"),
    (cc.PermissionDeniedError(403), HTTPStatus.FORBIDDEN, "Access denied"),
    (cc.UnavailableError(None), HTTPStatus.SERVICE_UNAVAILABLE, "We can't load this right now"),
    (cc.UnavailableError(503), HTTPStatus.SERVICE_UNAVAILABLE, "Try again"),
    (cc.ServerError(500), HTTPStatus.SERVICE_UNAVAILABLE, "Try again"),
    (cc.RateLimitError(429), HTTPStatus.SERVICE_UNAVAILABLE, "Try again"),
    (cc.ValidationError(400, title="Raw API text"), HTTPStatus.BAD_GATEWAY, "Try again"),
])
def test_other_errors_become_friendly_pages(request_for, error, status, text):
    request = request_for()
    response = handle(request, error)
    assert response.status_code == status
    html = response.content.decode()
    assert text in html
    assert "Raw API text" not in html
    # the whole layout, with the request's context (the brand's name and the theme from the context processor)
    assert f"· {theme.brand_name()}</title>" in html and 'class="site-footer__text"' in html
    assert SESSION_KEY in request.session  # only a 401 ends the session


def test_other_exceptions_are_left_alone(request_for):
    assert handle(request_for(), ValueError("x")) is None


@pytest.mark.parametrize("error,retry_after", [
    (cc.UnavailableError(503, retry_after=7), "7"),
    (cc.RateLimitError(429, retry_after=2.5), "3"),
    (cc.UnavailableError(None), "60"),
    (cc.ServerError(500), "60"),
])
def test_the_503_page_says_when_to_retry(request_for, error, retry_after):
    response = handle(request_for(), error)
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"] == retry_after


def test_the_503_page_passes_on_careclouds_retry_after(customer_client, carecloud):
    from django.urls import reverse

    carecloud.set_faults(force_status=503, retry_after=120)  # longer than a page waits: not retried
    try:
        with translation.override("en"):
            response = customer_client.get(reverse("profile:profile"))
    finally:
        carecloud.clear_faults()
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"] == "120"
    assert "Try again" in response.content.decode()


# --- TokenLanguageMiddleware, called directly (quick and precise, for make mutation) -----------------------


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
