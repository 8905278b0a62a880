"""Staff fixtures: staff members with and without a second factor or the permission, signed in
through allauth's real forms (``enterprise``, in tests/conftest.py, points the portal at the live
sandbox's enterprise interface)."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from portal.sandbox.seed import ids as seed_ids
from tests.support.staff import PASSWORD, SECRET, create_staff, totp_code  # noqa: F401  (used by the tests)


@pytest.fixture
def make_staff(db):
    return create_staff


def staff_sign_in(client: Client, user, *, code: str | None = None):
    """allauth's sign-in: e-mail and password, then (when the user has one) the TOTP code. The
    staff pages have no language prefix: this browser asks for English unless told otherwise."""
    if settings.LANGUAGE_COOKIE_NAME not in client.cookies:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    if response.status_code == 302 and response["Location"] == reverse("mfa_authenticate"):
        response = client.post(reverse("mfa_authenticate"), {"code": code or totp_code()})
    return response


@pytest.fixture
def staff_client(enterprise, make_staff, client):
    """A Django test client signed in as a permitted staff member with TOTP."""
    user = make_staff()
    response = staff_sign_in(client, user)
    assert response.status_code == 302 and response["Location"] == reverse("staff:home"), response
    client.staff_user = user
    return client


def search(client, kind="card", query=seed_ids.DEMO_CARD_NUMBER):
    return client.post(reverse("staff:home"), {"kind": kind, "query": query})


def start_preview(client, customer_id=seed_ids.DEMO_CUSTOMER, *, kind="card", query=seed_ids.DEMO_CARD_NUMBER,
                  reason="Ticket 4711", language="en"):
    """Search (a preview starts only from a search's results), then start the preview."""
    assert search(client, kind, query).status_code == 200
    return client.post(reverse("staff:preview-start", kwargs={"customer_id": customer_id}),
                       {"reason": reason, "language": language})


def staff_session(client):
    """The staff session of a test client (its own cookie and store)."""
    from django.conf import settings

    from portal.staff.session_store import StaffSessionStore

    return StaffSessionStore(client.cookies[settings.STAFF_SESSION_COOKIE_NAME].value)
