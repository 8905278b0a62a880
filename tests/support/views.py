"""Member views called directly with a RequestFactory request (no sandbox): ``request_for`` (a
fixture, offered to every test by tests/conftest.py) makes a logged-in customer's request with a
session and message storage, ``view_for`` sets a view up for it."""

from types import SimpleNamespace

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore

CUSTOMER = SimpleNamespace(is_authenticated=True, token="token-1", customer_id="c1")


@pytest.fixture
def request_for(rf):
    """``request_for(path, data)``: a logged-in customer's GET (a POST with ``data``) with a
    session and message storage."""

    def make(path="/en/", data=None):
        request = rf.get(path) if data is None else rf.post(path, data)
        request.session = SessionStore()
        request.customer = CUSTOMER
        request._messages = CookieStorage(request)
        return request

    return make


def view_for(view_class, request, **kwargs):
    view = view_class()
    view.setup(request, **kwargs)
    return view
