"""The accounts app's small pieces on their own: where a customer comes back to after logging in,
what counts as logged in, and the keys the login rate limit counts by."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.utils import translation

from portal.accounts.middleware import _return_path, login_url
from portal.accounts.session import DEVICE_KEY, SESSION_KEY, CustomerSession
from portal.accounts.views import safe_next

pytestmark = pytest.mark.django_db


def test_the_login_url_carries_where_to_come_back():
    with translation.override("en"):
        assert login_url() == login_url(None) == login_url("") == "/en/account/login/"
        assert login_url("/en/points/?page=2&x=a b") == "/en/account/login/?next=%2Fen%2Fpoints%2F%3Fpage%3D2%26x%3Da+b"


@pytest.mark.parametrize("method, referer, secure, expected", [
    ("get", "", False, "/en/points/?page=2"),
    ("post", "http://testserver/en/rewards/x/?tab=1", False, "/en/rewards/x/?tab=1"),
    ("post", "https://testserver/en/rewards/x/", False, "/en/rewards/x/"),
    ("post", "http://testserver/en/rewards/x/", True, None),  # a secure page comes back only to a secure one
    ("post", "https://evil.example/en/", False, None),
    ("post", "", False, None),
])
def test_the_return_path_after_an_expired_session(rf, method, referer, secure, expected):
    extra = {"HTTP_REFERER": referer} if referer else {}
    request = getattr(rf, method)("/en/points/?page=2", secure=secure, **extra)
    assert _return_path(request) == expected


@pytest.mark.parametrize("post, get, expected", [
    ({"next": "/en/points/"}, {"next": "/en/cards/"}, "/en/points/"),
    ({}, {"next": "/en/cards/"}, "/en/cards/"),
    ({"next": "https://evil.example/"}, {}, "/fallback/"),
    ({}, {}, "/fallback/"),
])
def test_safe_next_prefers_the_form_and_stays_on_this_site(rf, post, get, expected):
    query = "?" + "&".join(f"{k}={v}" for k, v in get.items()) if get else ""
    request = rf.post("/en/account/login/" + query, post)
    assert safe_next(request, "/fallback/") == expected


def _session(rf, data=None):
    request = rf.get("/")
    request.session = SessionStore()
    if data is not None:
        request.session[SESSION_KEY] = data
    return CustomerSession(request), request.session


@pytest.mark.parametrize("data, authenticated", [
    ({"token": "t", "customer_id": "c"}, True), ({"token": "t"}, False), ({"customer_id": "c"}, False),
    ({"token": "", "customer_id": "c"}, False), (None, False), ({}, False),
])
def test_logged_in_means_a_token_and_a_customer_id(rf, data, authenticated):
    session, _ = _session(rf, data)
    assert session.is_authenticated is authenticated


def test_the_tokens_language_is_remembered_only_while_logged_in(rf):
    session, store = _session(rf)
    session.remember_language("cs")
    assert SESSION_KEY not in store and session.language is None
    session, store = _session(rf, {"token": "t", "customer_id": "c", "language": "en"})
    session.remember_language("cs")
    assert store[SESSION_KEY] == {"token": "t", "customer_id": "c", "language": "cs"}


def test_a_device_id_is_made_once_per_browser_session(rf):
    session, store = _session(rf)
    device = session.device_id
    assert device.startswith("portal-") and len(device) == len("portal-") + 32
    assert session.device_id == device == store[DEVICE_KEY]


