"""``next`` never leads off the portal (portal/core/redirects.py, used by accounts.views.safe_next):
every open-redirect form is refused, at the check and through the real login against the sandbox,
and the portal's own paths (with their query strings) are kept. At the check: a path of this portal
up to 2048 characters is a safe return path, a longer one is not, and the check of a path
percent-encoded once more reads the path alone (not its query or fragment)."""

from http import HTTPStatus

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from portal.core.redirects import MAX_LENGTH, is_safe_next
from tests.conftest import portal_login
from tests.support.html import parse

REFUSED = [
    "//evil.com", "//evil.com/en/overview/", "///evil.com", "////evil.com",
    "/\\evil.com", "\\\\evil.com", "\\/evil.com", "/\\/evil.com", "/en/\\evil.com",
    "%2F%2Fevil.com", "/%2F%2Fevil.com", "/%2f/evil.com", "/%5Cevil.com", "/%5cevil.com", "%5C%5Cevil.com",
    "javascript:alert(1)", "JavaScript:alert(1)", "java\tscript:alert(1)", " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
    "http://evil.com", "https://evil.com/en/overview/", "http://testserver@evil.com/", "http:evil.com",
    "http:/evil.com", "https:\\\\evil.com", "ftp://evil.com",
    " //evil.com", "\t//evil.com", "\n//evil.com", "\r\n//evil.com", "\x00//evil.com", "\x0b//evil.com",
    "\u2028//evil.com", "\u00a0//evil.com", "/\t/evil.com", "/\n/evil.com", "/en/overview/\r\nSet-Cookie: x=1",
    "http://testserver/en/overview/",  # absolute, even of this host: the portal never needs one
    "en/overview/", "evil.com", "", "/" + "a" * 3000,
]
KEPT = [
    "/en/vouchers/?state=applied&page=1",
    "/cs/overview/",
    "/en/campaigns/7ccbd60aeca711a1666119c376/autumn-coffee/?utm_source=news%20letter",
    "/en/rewards/?page=2#top",
    "/en/points/?q=%2F%2Fnot-a-host",  # encoded slashes in a query value are just text
]


def url(name, language="en"):
    with translation.override(language):
        return reverse(name)


@pytest.mark.parametrize("target", REFUSED)
def test_the_check_refuses_every_open_redirect_form(target):
    assert not is_safe_next(target, RequestFactory().get("/"))


@pytest.mark.parametrize("target", KEPT)
def test_the_check_keeps_the_portals_own_paths(target):
    assert is_safe_next(target, RequestFactory().get("/"))


@pytest.mark.parametrize("target, safe", [
    ("/en/points/", True),
    ("/" + "a" * (MAX_LENGTH - 1), True),
    ("/" + "a" * MAX_LENGTH, False),  # one character too long
    ("/en/points/#top%20list", True),  # an encoded space in the fragment is no trick on the path
    ("/en/points/?q=a%20b#top%5C", True),
    ("/%2F%2Fevil.com", False),
    ("/en/points%20/#top", False),
    ("", False),
    (None, False),
])
def test_a_return_path_is_safe_only_when_it_is_a_plain_path_of_this_portal(rf, target, safe):
    assert is_safe_next(target, rf.get("/")) is safe


@pytest.mark.parametrize("target", REFUSED)
def test_logging_in_with_a_hostile_next_lands_on_the_overview(client, carecloud, db, target):
    login = url("accounts:login")
    page = parse(client.get(login, {"next": target}).content)
    login_form = next(form for form in page.forms if form.get("action") == login)
    assert "next" not in [field.get("name") for field in login_form["fields"]]  # not carried into the form
    response = client.post(login, {"login_type": "email", "login_value": "demo@example.com",
                                               "password": "Demo-Portal-1", "next": target})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == url("overview:dashboard")


@pytest.mark.parametrize("target", ["//evil.com", "/\\evil.com", "javascript:alert(1)"])
def test_a_hostile_next_sent_in_the_query_string_is_refused_too(client, carecloud, db, target):
    assert portal_login(client).status_code == HTTPStatus.FOUND
    response = client.get(url("accounts:login"), {"next": target})  # already logged in: redirected at once
    assert response["Location"] == url("overview:dashboard")
