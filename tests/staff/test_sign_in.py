"""Staff sign-in with allauth: e-mail and password, then a mandatory second factor; no sign-up;
rate limits; password reset by e-mail; a staff session of its own, shorter than a customer's."""

import re
from http import HTTPStatus
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from portal.staff.access import PERMISSION
from portal.staff.models import StaffSession

from .conftest import PASSWORD, staff_session, staff_sign_in, totp_code

pytestmark = pytest.mark.django_db


def test_sign_in_requires_the_second_factor(client, make_staff):
    user = make_staff()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("mfa_authenticate")
    # The password alone opens nothing.
    assert client.get(reverse("staff:home"))["Location"].startswith(reverse("account_login"))
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000" if totp_code() != "000000" else "111111"})
    assert wrong.status_code == HTTPStatus.OK and "_auth_user_id" not in staff_session(client).load()
    assert client.get(reverse("staff:home")).status_code == HTTPStatus.FOUND
    # The code from the authenticator app does.
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == reverse("staff:home")
    assert client.get(reverse("staff:home")).status_code == HTTPStatus.OK


def test_a_recovery_code_is_a_way_in_too(client, make_staff):
    user = make_staff()
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    code = RecoveryCodes.activate(user).get_unused_codes()[0]
    response = staff_sign_in(client, user, code=code)
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == reverse("staff:home")


def test_a_staff_member_without_a_second_factor_is_led_to_set_one_up(client, make_staff):
    user = make_staff(second_factor=False)
    assert staff_sign_in(client, user).status_code == HTTPStatus.FOUND
    for name in ("staff:home", "admin:index", "account_change_password", "mfa_index"):
        response = client.get(reverse(name))
        assert response.status_code == HTTPStatus.FOUND, name
        assert response["Location"] == reverse("mfa_activate_totp"), name
    # straight after the sign-in, no second password prompt: the QR code at once
    setup = client.get(reverse("mfa_activate_totp"))
    assert setup.status_code == HTTPStatus.OK
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', setup.content.decode()).group(1)
    done = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert done.status_code == HTTPStatus.FOUND
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists()
    # the recovery codes, and a way on to the staff home
    codes = client.get(done["Location"])
    assert codes.status_code == HTTPStatus.OK
    home = reverse("staff:home")
    assert re.search(rf'<a href="{home}" id="continue" class="button">\s*Continue', codes.content.decode())
    assert client.get(reverse("staff:home")).status_code == HTTPStatus.OK


def test_changing_the_factors_of_an_account_set_up_before_still_asks_for_the_password(client, make_staff):
    user = make_staff()
    assert staff_sign_in(client, user).status_code == HTTPStatus.FOUND
    for name in ("mfa_generate_recovery_codes", "mfa_deactivate_totp"):
        assert "reauthenticate" in client.get(reverse(name))["Location"], name


def test_a_sign_in_older_than_the_reauthentication_timeout_asks_for_the_password_again(client, make_staff,
                                                                                      monkeypatch):
    import time

    user = make_staff(second_factor=False)
    assert staff_sign_in(client, user).status_code == HTTPStatus.FOUND
    later = time.time() + 301
    monkeypatch.setattr(time, "time", lambda: later)
    assert "reauthenticate" in client.get(reverse("mfa_activate_totp"))["Location"]


def test_the_last_second_factor_cannot_be_removed(client, make_staff):
    user = make_staff()
    staff_sign_in(client, user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == HTTPStatus.OK
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def test_there_is_no_public_sign_up(client, db):
    response = client.get(reverse("account_signup"))
    assert "account/signup_closed.html" in [t.name for t in response.templates]
    client.post(reverse("account_signup"), {"email": "intruder@example.com", "password1": PASSWORD,
                                            "password2": PASSWORD})
    assert not get_user_model().objects.filter(email="intruder@example.com").exists()


def test_failed_sign_ins_are_rate_limited(client, make_staff):
    user = make_staff()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "not-the-password"})
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code != HTTPStatus.FOUND  # even the right password waits now
    assert "mfa_authenticate" not in response.get("Location", "")


def test_password_reset_mails_a_link_through_djangos_mail_backend(client, make_staff):
    user = make_staff()
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == HTTPStatus.FOUND
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [user.email]
    link = re.search(r"https?://\S+/staff/accounts/password/reset/key/\S+", mail.outbox[0].body).group(0)
    form = client.get(link, follow=True)
    assert form.status_code == HTTPStatus.OK
    new = "Another-Staff-Password-9"
    done = client.post(form.redirect_chain[-1][0], {"password1": new, "password2": new})
    assert done.status_code == HTTPStatus.FOUND
    user.refresh_from_db()
    assert user.check_password(new)


def test_the_staff_session_is_its_own_and_shorter(client, make_staff):
    staff_sign_in(client, make_staff())
    assert settings.STAFF_SESSION_COOKIE_AGE < settings.SESSION_COOKIE_AGE
    cookie = client.cookies[settings.STAFF_SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["max-age"] == ""  # ends with the browser (no "remember me")...
    session = staff_session(client)
    assert 0 < session.get_expiry_age() <= settings.STAFF_SESSION_COOKIE_AGE  # ...or sooner, server-side
    assert StaffSession.objects.filter(session_key=cookie.value).exists()
    assert settings.SESSION_COOKIE_NAME not in client.cookies  # no customer session was made


def test_admin_signs_in_through_allauth_only(client, make_staff):
    response = client.get(reverse("admin:login"))
    assert response.status_code == HTTPStatus.FOUND and response["Location"].startswith(reverse("account_login"))
    response = client.post(reverse("admin:login"), {"username": "x", "password": "y"})
    assert response["Location"].startswith(reverse("account_login"))


def test_createstaff_makes_a_permitted_staff_member(db, monkeypatch):
    monkeypatch.setattr("sys.stdin", StringIO("Brand-New-Staff-3\n"))
    out = StringIO()
    call_command("createstaff", "Desk@Example.com", "--password-stdin", stdout=out)
    user = get_user_model().objects.get(email="desk@example.com")
    assert user.is_staff and not user.is_superuser and user.check_password("Brand-New-Staff-3")
    assert user.has_perm(PERMISSION)
    assert EmailAddress.objects.get(user=user).verified
    assert not Authenticator.objects.filter(user=user).exists()  # set up by the person at the first sign-in
    call_command("createstaff", "desk@example.com", "--if-missing", stdout=out)
    with pytest.raises(CommandError):
        call_command("createstaff", "desk@example.com", "--password-stdin", stdout=out)


@pytest.mark.parametrize("args,stdin", [
    (["not-an-email", "--password-stdin"], "Brand-New-Staff-3\n"),
    (["weak@example.com", "--password-stdin"], "123\n"),
    (["empty@example.com", "--password-stdin"], "\n"),
    (["tty@example.com"], ""),  # no terminal to ask on
])
def test_createstaff_refuses_bad_input(db, monkeypatch, args, stdin):
    monkeypatch.setattr("sys.stdin", StringIO(stdin))
    with pytest.raises(CommandError):
        call_command("createstaff", *args, stdout=StringIO())
    assert not get_user_model().objects.exists()


def test_createstaff_without_the_preview_permission(db, monkeypatch):
    monkeypatch.setattr("sys.stdin", StringIO("Brand-New-Staff-3\n"))
    call_command("createstaff", "admin@example.com", "--password-stdin", "--superuser", "--no-preview",
                 stdout=StringIO())
    user = get_user_model().objects.get(email="admin@example.com")
    assert user.is_superuser and not user.user_permissions.exists()


def test_the_totp_qr_code_leaves_the_customers_barcodes_intact(client, make_staff):
    """allauth draws the QR code with the project's segno: qrcode's SVG writer would re-register the
    SVG namespace in ElementTree for the whole process, and every barcode drawn after it (customer
    pages included) would come out as <svg:svg>, which browsers do not draw in HTML."""
    from portal.core.templatetags.codes import barcode_svg
    from portal.staff.adapters import StaffMFAAdapter

    svg = StaffMFAAdapter().build_totp_svg("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP")
    assert svg.startswith("<svg") and "<path" in svg
    import qrcode
    from qrcode.image.svg import SvgPathImage  # what allauth's own adapter uses: the harm is done...

    qrcode.make("anything", image_factory=SvgPathImage)
    barcode_svg.cache_clear()
    assert barcode_svg("2001900627").startswith("<svg ")  # ...and barcodes still come out right
    assert "svg:" not in barcode_svg("2001900627")
