"""A staff member's preview of a customer's account: the customer's own pages under a banner,
bound to the staff member, timed, audited, its token logged out at the end; a customer logged in
in the same browser is untouched, and cookies of one kind never work as the other."""

from datetime import timedelta
from http import HTTPStatus
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from portal.accounts.session import SESSION_KEY
from portal.staff.access import PERMISSION
from portal.staff.models import Preview, PreviewCredential, PreviewPageView
from portal.staff.services import PREVIEW_SESSION_KEY
from tests.conftest import portal_login

from .conftest import staff_session, staff_sign_in, start_preview

pytestmark = pytest.mark.django_db


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def operations(sandbox, since):
    return [e["operation_id"] for e in sandbox.requests_log(since)]


def token_is_alive(sandbox, token, customer_id) -> bool:
    response = sandbox.api().get(f"/customers/{customer_id}", token=token)
    return response.status_code == HTTPStatus.OK


def the_preview():
    return Preview.objects.select_related("credential").get()


def test_a_preview_shows_the_customers_own_pages_under_a_banner(staff_client, enterprise, ids):
    since = enterprise.last_seq()
    response = start_preview(staff_client, reason="  Ticket   4711: missing voucher ")
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == url("overview:dashboard")
    # An authentication token from the enterprise interface logs a fresh token in: no password, no customer login.
    calls = operations(enterprise, since)
    assert calls[-3:] == ["postCustomersAuthToken", "postToken", "postTokenAuthTokenLogin"]
    assert "postTokenLogin" not in calls
    for name, expected in [("overview:dashboard", "Tereza"), ("rewards:voucher-list", "ESPRESSO"),
                           ("profile:profile", ids.DEMO_EMAIL)]:
        page = staff_client.get(url(name))
        body = page.content.decode()
        assert page.status_code == HTTPStatus.OK, name
        assert expected.lower() in body.lower() and "preview-banner" in body and "Tereza Dvořáková" in body, name
        assert f'action="{reverse("staff:preview-end")}"' in body and "End preview" in body
        assert f'action="{url("accounts:logout")}"' not in body  # the customer's log-out is not offered
        assert "no-store" in page["Cache-Control"]
    preview = the_preview()
    assert (preview.staff, preview.customer_id, preview.reason) == (staff_client.staff_user, ids.DEMO_CUSTOMER,
                                                                    "Ticket 4711: missing voucher")
    assert preview.ip == "127.0.0.1" and preview.language == "en" and preview.ended_at is None
    assert timedelta(seconds=settings.STAFF_PREVIEW_SECONDS - 5) < preview.expires_at - preview.started_at \
        <= timedelta(seconds=settings.STAFF_PREVIEW_SECONDS)
    # The token lives only server-side: never in a page, the audit row or the session.
    token = preview.credential.token
    assert token not in body and token not in str(staff_session(staff_client).load())
    assert token not in " ".join(str(getattr(preview, f.attname)) for f in Preview._meta.concrete_fields)


def test_the_audit_trail_records_every_page_of_the_preview(staff_client):
    start_preview(staff_client)
    staff_client.get(url("overview:dashboard"))
    staff_client.get(url("rewards:voucher-list") + "?state=used")
    staff_client.get(url("points:points", "cs"))
    staff_client.post(url("accounts:logout"))
    views = list(PreviewPageView.objects.values_list("method", "path", "status"))
    assert views == [
        ("GET", url("overview:dashboard"), 200),
        ("GET", url("rewards:voucher-list") + "?state=used", 200),
        ("GET", url("points:points", "cs"), 200),
        ("POST", url("accounts:logout"), 403),
    ]
    assert staff_client.get(reverse("staff:home")).status_code == 200
    assert PreviewPageView.objects.count() == 4  # the staff member's own pages are not the customer's


def test_what_the_browser_fetches_by_itself_is_not_a_page_of_the_preview(staff_client):
    """The service worker's script (and Chromium's update checks of it), the manifest and the
    probes are served during a preview but are no page of the customer's: not in its record."""
    start_preview(staff_client)
    for address in (reverse("core:service-worker"), url("webapp:manifest"), reverse("core:liveness")):
        assert staff_client.get(address).status_code == HTTPStatus.OK, address
    staff_client.get(url("cards:card-list"))
    assert list(PreviewPageView.objects.values_list("path", flat=True)) == [url("cards:card-list")]


def test_ending_the_preview_logs_its_token_out(staff_client, enterprise, ids):
    start_preview(staff_client)
    token = the_preview().credential.token
    assert token_is_alive(enterprise, token, ids.DEMO_CUSTOMER)
    since = enterprise.last_seq()
    response = staff_client.post(reverse("staff:preview-end"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("staff:home")
    assert "The preview of Tereza Dvořáková has ended." in response.content.decode()
    assert operations(enterprise, since)[0] == "postTokenLogout"
    assert not token_is_alive(enterprise, token, ids.DEMO_CUSTOMER)
    preview = Preview.objects.get()
    assert preview.ended_at and preview.end_reason == Preview.EndReason.ENDED
    assert not PreviewCredential.objects.exists()
    assert staff_client.get(url("overview:dashboard"))["Location"].startswith(url("accounts:login"))


def test_the_preview_expires_and_its_token_is_logged_out(staff_client, enterprise, ids):
    start_preview(staff_client)
    token = the_preview().credential.token
    Preview.objects.update(expires_at=timezone.now() - timedelta(seconds=1))  # its time has run out
    since = enterprise.last_seq()
    response = staff_client.get(url("overview:dashboard"), follow=True)
    assert response.redirect_chain[0][0] == reverse("staff:home")
    assert "its time ran out" in response.content.decode() and "preview-banner" not in response.content.decode()
    assert operations(enterprise, since)[0] == "postTokenLogout"
    assert not token_is_alive(enterprise, token, ids.DEMO_CUSTOMER)
    assert Preview.objects.get().end_reason == Preview.EndReason.EXPIRED
    assert PREVIEW_SESSION_KEY not in staff_session(staff_client).load()


def test_a_preview_whose_staff_member_never_comes_back_is_ended_by_the_sweep(staff_client, enterprise, ids):
    start_preview(staff_client)
    token = the_preview().credential.token
    Preview.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    out = StringIO()
    call_command("endpreviews", stdout=out)
    assert "1 preview token" in out.getvalue()
    assert not token_is_alive(enterprise, token, ids.DEMO_CUSTOMER)
    preview = Preview.objects.get()
    assert preview.end_reason == Preview.EndReason.EXPIRED and preview.ended_at == preview.expires_at


def test_a_token_carecloud_could_not_log_out_is_logged_out_by_the_next_sweep(staff_client, fresh_sandbox, ids):
    start_preview(staff_client)
    token = the_preview().credential.token
    fresh_sandbox.set_faults(force_status=503, force_count=1)
    staff_client.post(reverse("staff:preview-end"))
    assert PreviewCredential.objects.exists() and token_is_alive(fresh_sandbox, token, ids.DEMO_CUSTOMER)
    call_command("endpreviews", stdout=StringIO())
    assert not PreviewCredential.objects.exists() and not token_is_alive(fresh_sandbox, token, ids.DEMO_CUSTOMER)


def test_a_preview_ends_when_its_staff_member_may_no_longer_preview(staff_client, enterprise, ids):
    start_preview(staff_client)
    token = the_preview().credential.token
    user = staff_client.staff_user
    user.user_permissions.remove(Permission.objects.get(codename=PERMISSION.split(".")[1]))
    response = staff_client.get(url("overview:dashboard"))
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == reverse("staff:home")
    assert Preview.objects.get().end_reason == Preview.EndReason.REVOKED
    assert not token_is_alive(enterprise, token, ids.DEMO_CUSTOMER)


def test_a_preview_is_bound_to_the_staff_member_who_opened_it(staff_client, make_staff, ids):
    start_preview(staff_client)
    preview = the_preview()
    # Another staff member whose session names that preview (however it got there) does not get it.
    other = Client()
    staff_sign_in(other, make_staff())
    session = staff_session(other)
    session[PREVIEW_SESSION_KEY] = preview.pk
    session.save()
    response = other.get(url("overview:dashboard"))
    assert response.status_code == HTTPStatus.FOUND
    preview.refresh_from_db()
    assert preview.end_reason == Preview.EndReason.REVOKED


def test_a_preview_never_starts_without_a_reason(staff_client, enterprise):
    since = enterprise.last_seq()
    for reason in ("", "  ", "x"):
        response = start_preview(staff_client, reason=reason)
        assert response.status_code == HTTPStatus.OK and response.context["form"].errors["reason"]
    assert not Preview.objects.exists()
    assert "postCustomersAuthToken" not in operations(enterprise, since)


def test_starting_and_ending_a_preview_need_the_csrf_token(enterprise, make_staff, ids):
    client = Client(enforce_csrf_checks=True)
    user = make_staff()
    login_page = client.get(reverse("account_login"))
    token = login_page.cookies["csrftoken"].value
    from .conftest import PASSWORD, totp_code

    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD, "csrfmiddlewaretoken": token})
    client.post(reverse("mfa_authenticate"),
                {"code": totp_code(), "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    csrf = client.cookies["csrftoken"].value
    client.post(reverse("staff:home"), {"kind": "card", "query": ids.DEMO_CARD_NUMBER, "csrfmiddlewaretoken": csrf})
    start = reverse("staff:preview-start", kwargs={"customer_id": ids.DEMO_CUSTOMER})
    assert client.post(start, {"reason": "Ticket 1", "language": "en"}).status_code == HTTPStatus.FORBIDDEN
    assert not Preview.objects.exists()
    assert client.post(start, {"reason": "Ticket 1", "language": "en", "csrfmiddlewaretoken": csrf}).status_code == 302
    assert client.post(reverse("staff:preview-end")).status_code == HTTPStatus.FORBIDDEN
    assert Preview.objects.get().ended_at is None
    assert client.post(reverse("staff:preview-end"), {"csrfmiddlewaretoken": csrf}).status_code == 302
    assert Preview.objects.get().ended_at is not None


def test_carecloud_refusing_the_preview_is_a_message_and_leaves_nothing_open(staff_client, fresh_sandbox, ids):
    from .conftest import search

    search(staff_client)
    fresh_sandbox.set_faults(force_status=503, force_count=1)
    response = staff_client.post(reverse("staff:preview-start", kwargs={"customer_id": ids.DEMO_CUSTOMER}),
                                 {"reason": "Ticket 9", "language": "en"})
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "CareCloud is not responding" in response.content.decode()
    assert response.context["form"]["reason"].value() == "Ticket 9"
    assert not Preview.objects.exists() and not PreviewCredential.objects.exists()


def test_a_preview_runs_in_the_chosen_language(staff_client, enterprise):
    since = enterprise.last_seq()
    response = start_preview(staff_client, language="cs")
    assert response["Location"] == url("overview:dashboard", "cs")
    page = staff_client.get(response["Location"])
    assert "Náhled pro zaměstnance" in page.content.decode()
    assert enterprise.requests_log(since)[-1]["accept_language"] == "cs"


def test_a_customer_session_in_the_same_browser_is_unaffected(carecloud, enterprise, make_staff, client, ids):
    # The second customer is logged in in this browser...
    assert portal_login(client, ids.SECOND_EMAIL, ids.SECOND_PASSWORD).status_code == HTTPStatus.FOUND
    customer_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    before = Session.objects.get(session_key=customer_key)
    customer_token = before.get_decoded()[SESSION_KEY]["token"]
    # ...when a staff member signs in there and previews the demo customer.
    staff_sign_in(client, make_staff())
    start_preview(client)
    assert "Hello, Tereza" in client.get(url("overview:dashboard")).content.decode()
    client.post(reverse("set-language"), {"language": "cs", "next": url("overview:dashboard")})
    assert "Tereza" in client.get(url("overview:dashboard", "cs")).content.decode()
    assert client.post(url("accounts:logout")).status_code == HTTPStatus.FORBIDDEN
    client.post(reverse("staff:preview-end"))
    # The customer is themselves again, with a session nothing of the preview touched.
    assert client.cookies[settings.SESSION_COOKIE_NAME].value == customer_key
    after = Session.objects.get(session_key=customer_key)
    assert (after.session_data, after.expire_date) == (before.session_data, before.expire_date)
    assert "Jana" in client.get(url("overview:dashboard")).content.decode()
    assert token_is_alive(carecloud, customer_token, ids.SECOND_CUSTOMER)


def test_the_customers_log_out_is_refused_during_a_preview(staff_client, enterprise, ids):
    start_preview(staff_client)
    token = the_preview().credential.token
    since = enterprise.last_seq()
    response = staff_client.post(url("accounts:logout"))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "Nothing can be changed in a preview" in response.content.decode()
    assert "preview-banner" in response.content.decode()  # with the way out: ending the preview
    assert enterprise.requests_log(since) == []  # no postTokenLogout, nothing at all
    assert token_is_alive(enterprise, token, ids.DEMO_CUSTOMER) and the_preview().ended_at is None
    assert "Tereza" in staff_client.get(url("overview:dashboard")).content.decode()


def test_the_language_switch_during_a_preview_changes_only_the_previews_token(staff_client, enterprise):
    start_preview(staff_client)
    since = enterprise.last_seq()
    response = staff_client.post(reverse("set-language"), {"language": "cs", "next": url("points:points")})
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == url("points:points", "cs")
    assert [(e["operation_id"], e["status"]) for e in enterprise.requests_log(since)] == [("putToken", 204)]
    assert the_preview().credential.language == "cs"
    assert the_preview().ended_at is None


def test_swapping_cookies_between_staff_and_customer_sessions_escalates_nothing(staff_client, second_customer_client,
                                                                               enterprise, ids):
    customer_client = second_customer_client
    start_preview(staff_client)
    staff_key = staff_client.cookies[settings.STAFF_SESSION_COOKIE_NAME].value
    customer_key = customer_client.cookies[settings.SESSION_COOKIE_NAME].value
    # The staff session's key as a customer session: no customer, no preview, no staff.
    thief = Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = staff_key
    assert thief.get(url("overview:dashboard"))["Location"].startswith(url("accounts:login"))
    assert thief.get(reverse("staff:home"))["Location"].startswith(reverse("account_login"))
    # The customer session's key as a staff session: no staff member, and no customer either.
    thief = Client()
    thief.cookies[settings.STAFF_SESSION_COOKIE_NAME] = customer_key
    assert thief.get(reverse("staff:home"))["Location"].startswith(reverse("account_login"))
    assert thief.get(url("overview:dashboard"))["Location"].startswith(url("accounts:login"))
    # A signed-in staff member without a preview is no customer.
    plain = Client()
    staff_sign_in(plain, staff_client.staff_user)
    assert plain.get(url("overview:dashboard"))["Location"].startswith(url("accounts:login"))
    # And both owners still have what they had.
    assert "Tereza" in staff_client.get(url("overview:dashboard")).content.decode()
    assert customer_client.get(url("overview:dashboard")).status_code == HTTPStatus.OK
    assert customer_client.get(reverse("staff:home"))["Location"].startswith(reverse("account_login"))


def test_carecloud_ending_the_previews_token_ends_the_preview(staff_client, enterprise, ids):
    start_preview(staff_client)
    enterprise.control("POST", f"tokens/{the_preview().credential.token}/expire")
    response = staff_client.get(url("rewards:voucher-list"))
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == reverse("staff:home")
    assert Preview.objects.get().end_reason == Preview.EndReason.UPSTREAM
    assert "CareCloud ended its session" in staff_client.get(reverse("staff:home")).content.decode()
