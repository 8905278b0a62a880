"""Repeated failed logins are slowed down, per client IP and per login value."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import translation

from portal.accounts.session import SESSION_KEY

pytestmark = pytest.mark.django_db


def login(client, value, password, language="en", ip="198.51.100.7", login_type="email"):
    with translation.override(language):
        page = reverse("accounts:login")
    return client.post(page, {"login_type": login_type, "login_value": value, "password": password},
                       REMOTE_ADDR=ip)


def test_ten_wrong_passwords_for_one_login_then_429(carecloud, client, ids):
    for attempt in range(10):
        assert login(client, ids.DEMO_EMAIL, f"wrong-{attempt}").status_code == HTTPStatus.OK

    since = carecloud.last_seq()
    blocked = login(client, ids.DEMO_EMAIL, ids.DEMO_PASSWORD)  # even the right one, for now

    assert blocked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    html = blocked.content.decode()
    assert "Too many unsuccessful attempts." in html
    assert '<form method="post"' in html and f'value="{ids.DEMO_EMAIL}"' in html  # the form, not an error page
    assert carecloud.requests_log(since) == []  # CareCloud is not asked while blocked
    assert SESSION_KEY not in client.session


def test_the_login_limit_follows_the_login_from_any_address(carecloud, client, ids):
    for attempt in range(10):
        login(client, ids.DEMO_EMAIL, f"wrong-{attempt}", ip=f"203.0.113.{attempt + 1}")
    # The same login written differently is the same login.
    assert login(client, " DEMO@example.com", ids.DEMO_PASSWORD, ip="203.0.113.99").status_code == 429
    # Another customer is not affected.
    response = login(client, ids.SECOND_EMAIL, ids.SECOND_PASSWORD, ip="203.0.113.99")
    assert response.status_code == HTTPStatus.FOUND


def test_one_address_trying_many_logins_is_limited(carecloud, client, ids, settings):
    settings.PORTAL_LOGIN_RATE_PER_IP = "5/5m"
    for attempt in range(5):
        assert login(client, f"nobody{attempt}@example.com", "x").status_code == HTTPStatus.OK
    assert login(client, ids.DEMO_EMAIL, ids.DEMO_PASSWORD).status_code == HTTPStatus.TOO_MANY_REQUESTS
    # Another address can still log in.
    assert login(client, ids.DEMO_EMAIL, ids.DEMO_PASSWORD, ip="192.0.2.44").status_code == HTTPStatus.FOUND


def test_successful_logins_do_not_count(carecloud, ids, settings):
    from django.test import Client

    settings.PORTAL_LOGIN_RATE_PER_IP = "3/5m"
    settings.PORTAL_LOGIN_RATE_PER_LOGIN = "3/5m"
    for _ in range(5):  # a shop's Wi-Fi: many customers, one address
        assert login(Client(), ids.DEMO_EMAIL, ids.DEMO_PASSWORD).status_code == HTTPStatus.FOUND


def test_the_limit_message_is_on_the_czech_page_too(carecloud, client, ids, settings):
    settings.PORTAL_LOGIN_RATE_PER_LOGIN = "2/5m"
    login(client, ids.DEMO_EMAIL, "wrong-1", "cs")
    login(client, ids.DEMO_EMAIL, "wrong-2", "cs")
    blocked = login(client, ids.DEMO_EMAIL, "wrong-3", "cs")
    assert blocked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    html = blocked.content.decode()
    assert '<html lang="cs">' in html and 'class="error-summary"' in html
    assert "wrong-3" not in html


def test_empty_submissions_are_not_counted(carecloud, client, ids, settings):
    settings.PORTAL_LOGIN_RATE_PER_IP = "2/5m"
    for _ in range(5):
        assert login(client, "", "").status_code == HTTPStatus.OK
    assert login(client, ids.DEMO_EMAIL, ids.DEMO_PASSWORD).status_code == HTTPStatus.FOUND
