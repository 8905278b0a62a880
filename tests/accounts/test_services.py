"""The account services with CareCloud's resources replaced (quick and precise, for make mutation):
a refused login's token is logged out upstream (CareCloud failing that is no error of the login), a
guest token gets the language asked for, a refused guest token is replaced once, a registration
that may have gone through is checked first, a registered customer is logged in with the guest
token (and no referral code is sent when none was given), the forgotten-password channel is the one
asked for, a customer logs in by e-mail, phone (without "+") or a valid card, a password change
that ended the session logs in again, and a sign-in code checked with no request under way asks
for a code while a wrong one says how many tries are left, the last ending the request. (The
journeys through these services against the live sandbox: test_session.py, test_register.py,
test_guest_token.py, test_password_forgotten.py, test_password_change.py.)"""

import pytest
from django.test import RequestFactory

from portal.accounts import services
from portal.accounts.session import (
    GUEST_KEY,
    LOGIN_CODE_KEY,
    REGISTRATION_UNCERTAIN_KEY,
    SESSION_KEY,
    CustomerSession,
)
from portal.carecloud import AuthenticationError, CareCloudError, UnavailableError
from tests.support.session import PlainSession


def request_with(**stored):
    request = RequestFactory().post("/en/register/")
    request.session = PlainSession({"carecloud_device_id": "portal-device", **stored})
    return request


@pytest.mark.parametrize("failure", [None, UnavailableError(None), CareCloudError(409)])
def test_a_refused_logins_token_is_logged_out_and_a_failure_of_that_is_swallowed(monkeypatch, failure):
    logged_out = []

    def token_logout(*, token):
        logged_out.append(token)
        if failure:
            raise failure

    monkeypatch.setattr(services.resources, "token_logout", token_logout)
    assert services._logout_quietly("the-refused-token") is None
    assert logged_out == ["the-refused-token"]


def test_a_guest_token_of_another_language_is_given_the_language_asked_for(monkeypatch):
    changed = []
    monkeypatch.setattr(services.resources, "token_set_language",
                        lambda *, token, language: changed.append((token, language)))
    request = request_with(**{GUEST_KEY: {"token": "guest", "language": "en"}})
    assert services.session_guest_token(request=request, language="cs") == "guest"
    assert changed == [("guest", "cs")]
    assert CustomerSession(request).guest_language == "cs"


def test_a_call_refused_with_the_guest_token_is_made_once_more_with_a_new_token(monkeypatch):
    monkeypatch.setattr(services.resources, "token_create", lambda *, device_id, language: "new-guest")
    request = request_with(**{GUEST_KEY: {"token": "expired-guest", "language": "en"}})
    used = []

    def call(token):
        used.append(token())
        if len(used) == 1:
            raise AuthenticationError(401)
        return "done"

    assert services.session_guest_call(request=request, call=call) == "done"
    assert used == ["expired-guest", "new-guest"]


def test_an_uncertain_registration_whose_email_is_taken_now_may_exist_and_is_not_sent_again(monkeypatch):
    asked = []
    monkeypatch.setattr(services.resources, "customer_registration_ability",
                        lambda *, token, kind, value: asked.append((token, kind, value)) or False)
    monkeypatch.setattr(services.resources, "customer_create", lambda **kwargs: pytest.fail("sent again"))
    request = request_with(**{GUEST_KEY: {"token": "guest", "language": "en"}, REGISTRATION_UNCERTAIN_KEY: True})
    with pytest.raises(services.RegistrationMayExist):
        services.customer_register(request=request, customer={"personal_information": {"email": "new@example.com"}},
                                   password="secret-password", property_records=[], referral_code="")
    assert asked == [("guest", "email", "new@example.com")]


@pytest.mark.parametrize("referral", [{"referral_code": ""}, {}], ids=["no code typed", "no code given"])
def test_a_registered_customer_is_logged_in_with_the_guest_token_and_its_language(monkeypatch, settings, referral):
    settings.PORTAL_DIGITAL_CARD_TYPE = ""  # nothing to hand out after it (no CareCloud to wait for)
    sent = []
    monkeypatch.setattr(services.attribution, "customer_source_for", lambda request: "source-1")
    monkeypatch.setattr(services.resources, "customer_create", lambda **kwargs: sent.append(kwargs) or "c-9")
    request = request_with(**{GUEST_KEY: {"token": "guest", "language": "cs"}})
    customer = {"personal_information": {"email": "new@example.com"}}
    assert services.customer_register(request=request, customer=customer, password="secret-password",
                                      property_records=[], **referral) == "c-9"
    assert sent == [{"token": "guest", "customer": customer, "customer_source": {"customer_source_id": "source-1"},
                     "password": "secret-password", "autologin": True, "property_records": [],
                     "referral_code": None}]
    assert request.session[SESSION_KEY] == {"token": "guest", "customer_id": "c-9", "language": "cs"}


@pytest.mark.parametrize(("kind", "expected"), [("email", "11"), ("sms", "22")])
def test_the_password_setup_channel_is_the_one_of_the_kind_asked_for(monkeypatch, kind, expected):
    monkeypatch.setattr(services.reference, "communication_channels", lambda: [
        {"text_id": "push", "communication_channel_id": 33}, {"text_id": "email", "communication_channel_id": 11},
        {"text_id": "sms"}, {"text_id": "sms", "communication_channel_id": 22}])
    assert services._channel_id(kind) == expected


def cards_by_validity(*, token, customer_id, is_valid=None):
    valid, invalid = [{"card_number": None}, {"card_number": "VALID-1"}], [{"card_number": "EXPIRED-1"}]
    return {True: valid, False: invalid, None: invalid + valid}[is_valid]


@pytest.mark.parametrize(("information", "login"), [
    ({"email": "member@example.com", "phone": "+420600100200"}, ("email", "member@example.com")),
    ({"phone": "+420600100200"}, ("phone", "420600100200")),
    ({"email": "", "phone": None}, ("card", "VALID-1")),
])
def test_a_customer_logs_in_by_email_else_phone_without_plus_else_a_valid_card(monkeypatch, information, login):
    monkeypatch.setattr(services.resources, "customer_cards_every", cards_by_validity)
    session = CustomerSession(request_with(**{SESSION_KEY: {"token": "live", "customer_id": "c-1"}}))
    assert services._login_of(session, {"personal_information": information}) == login


def test_a_password_change_that_ended_the_session_logs_the_customer_in_again_with_the_new_password(monkeypatch):
    fetched, logins, tokens = [], [], iter(["verify-token", "new-live-token"])

    def customer_get(*, token, customer_id):
        fetched.append(token)
        if len(fetched) > 1:
            raise AuthenticationError(401)
        return {"personal_information": {"email": "member@example.com"}}

    def token_login(*, token, login_type, login_value, password):
        logins.append((token, login_type, login_value, password))
        return "c-1"

    monkeypatch.setattr(services.resources, "customer_get", customer_get)
    monkeypatch.setattr(services.resources, "token_create", lambda *, device_id, language: next(tokens))
    monkeypatch.setattr(services.resources, "token_login", token_login)
    monkeypatch.setattr(services.resources, "token_logout", lambda *, token: None)
    monkeypatch.setattr(services.resources, "customer_update", lambda **kwargs: None)
    request = request_with(**{SESSION_KEY: {"token": "live", "customer_id": "c-1", "language": "cs"}})
    services.customer_password_change(request=request, current_password="old-password",
                                      new_password="new-password", language="en")
    assert logins == [("verify-token", "email", "member@example.com", "old-password"),
                      ("new-live-token", "email", "member@example.com", "new-password")]
    assert request.session[SESSION_KEY] == {"token": "new-live-token", "customer_id": "c-1", "language": "cs"}


# --- every way in ends in session_bind (against the live sandbox) -------------------------------------


@pytest.mark.django_db
def test_an_authentication_token_logs_the_browser_session_in_once(enterprise, ids):
    """The enterprise interface issues an authentication token for the portal's application; it
    logs a new token of this session's device in (a new session key, the guest token forgotten),
    and it cannot be used a second time."""
    from portal.carecloud import enterprise as enterprise_api

    authentication_token, request_id = enterprise_api.customer_auth_token(customer_id=ids.DEMO_CUSTOMER)
    request = request_with(**{GUEST_KEY: {"token": "a-guest-token", "language": "en"}})
    customer_id = services.session_login_with_auth_token(
        request=request, authentication_token=authentication_token, token_request_id=request_id,
        language="en", way="test")
    session = CustomerSession(request)
    assert customer_id == ids.DEMO_CUSTOMER == session.customer_id and session.is_authenticated
    assert session.token and session.token != "a-guest-token" and GUEST_KEY not in request.session
    assert request.session.cycled

    again = request_with()
    with pytest.raises(AuthenticationError):
        services.session_login_with_auth_token(request=again, authentication_token=authentication_token,
                                               token_request_id=request_id, language="en", way="test")
    assert not CustomerSession(again).is_authenticated


# --- a social network account --------------------------------------------------------------------------


def test_a_social_account_carecloud_knows_binds_a_new_token_of_the_device(monkeypatch):
    calls = []
    monkeypatch.setattr(services.resources, "token_create", lambda *, device_id, language: "t-1")
    monkeypatch.setattr(services.resources, "token_social_login",
                        lambda **kwargs: calls.append(kwargs) or "c-7")
    request = request_with()
    assert services.session_login_with_social(request=request, social_network_id="sandbox",
                                              social_network_token="access", language="en") == "c-7"
    assert calls == [{"token": "t-1", "social_network_id": "sandbox", "social_network_token": "access"}]
    assert request.session[SESSION_KEY] == {"token": "t-1", "customer_id": "c-7", "language": "en"}


@pytest.mark.parametrize("status", [403, 404])
def test_a_social_account_carecloud_does_not_know_is_unknown_and_binds_nothing(monkeypatch, status):
    from portal.carecloud import NotFoundError, PermissionDeniedError

    error = (NotFoundError if status == 404 else PermissionDeniedError)(status)
    monkeypatch.setattr(services.resources, "token_create", lambda *, device_id, language: "t-1")
    monkeypatch.setattr(services.resources, "token_social_login", mock_raise(error))
    request = request_with()
    with pytest.raises(services.SocialAccountUnknown):
        services.session_login_with_social(request=request, social_network_id="google", social_network_token="x",
                                           language="en")
    assert SESSION_KEY not in request.session


def mock_raise(error):
    def call(**kwargs):
        raise error
    return call


def test_a_registration_after_a_social_sign_in_sends_its_credentials(monkeypatch):
    sent = []
    monkeypatch.setattr(services.attribution, "customer_source_for", lambda request: "source-1")
    monkeypatch.setattr(services.resources, "customer_create", lambda **kwargs: sent.append(kwargs) or "c-9")
    request = request_with(**{GUEST_KEY: {"token": "guest", "language": "cs"}})
    credentials = {"social_network_id": "sandbox", "social_network_token": "access"}
    services.customer_register(request=request, customer={"personal_information": {}}, password="p",
                               property_records=[], social_network_credentials=credentials)
    assert sent[0]["social_network_credentials"] == credentials


# --- sign-in with a one-time code: the code checked ------------------------------------------------------


PENDING = {"request_id": "otp-1", "customer_id": "c-1", "contact": "+420 777 123 456"}


def test_a_code_typed_with_no_code_request_under_way_asks_for_a_code_not_a_pause(padding):
    request = request_with()
    with pytest.raises(services.LoginCodeMissing) as missing:
        services.login_code_verify(request=request, code="123456", language="en", started=0.0)
    assert missing.value.too_many is False  # the page says "ask for a code", not "too many wrong codes"


def test_a_wrong_code_says_how_many_tries_are_left_and_the_last_one_ends_the_request(monkeypatch, padding):
    checked = []
    monkeypatch.setattr(services.enterprise, "otp_verify",
                        lambda *, request_id, verification_code: checked.append(verification_code) and False)
    request = request_with(**{LOGIN_CODE_KEY: {**PENDING, "wrong": 0}})
    with pytest.raises(services.WrongLoginCode) as wrong:
        services.login_code_verify(request=request, code="111111", language="en", started=0.0)
    assert wrong.value.left == services.LOGIN_CODE_MAX_WRONG - 1
    assert CustomerSession(request).login_code == {**PENDING, "wrong": 1}

    request = request_with(**{LOGIN_CODE_KEY: {**PENDING, "wrong": services.LOGIN_CODE_MAX_WRONG - 2}})
    with pytest.raises(services.WrongLoginCode) as wrong:
        services.login_code_verify(request=request, code="222222", language="en", started=0.0)
    assert wrong.value.left == 1
    with pytest.raises(services.LoginCodeMissing) as missing:
        services.login_code_verify(request=request, code="333333", language="en", started=0.0)
    assert missing.value.too_many is True
    assert CustomerSession(request).login_code is None  # a new code has to be asked for
    assert checked == ["111111", "222222", "333333"]
