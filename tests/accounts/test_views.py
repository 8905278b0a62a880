"""The account views' own decisions (quick and precise, for make mutation): the page titles and tabs,
the page after asking for a new password (its title in the customer's language, and where the
customer was going kept in its links), the registration's rate limits and their messages, "this
account may exist already" with its links, CareCloud failing before anything was sent or maybe
after, the message after a password change that ended the session, the registration after a social
sign-in CareCloud did not know, the sign-in with a code's links and a refused token, and the
hand-over's token lengths and refusals. Most are called directly on a RequestFactory request; the
journeys through these pages are in test_session.py, test_register.py, test_password_forgotten.py,
test_password_change.py, test_login_code.py, test_handover.py and test_social.py."""

from http import HTTPStatus
from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from portal.accounts import services, views
from portal.accounts.social import PENDING_KEY
from portal.carecloud import (
    AuthenticationError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnavailableError,
    ValidationError,
)
from portal.core.forms import FAILURE_MESSAGES


class StubForm:
    cleaned_data = {"email": "new@example.com"}

    def registration(self):
        return {"customer": {}, "password": "secret-password", "property_records": [], "referral_code": ""}


def view_of(cls, method="post", path="/en/register/", customer=None):
    request = getattr(RequestFactory(), method)(path)
    request.customer = customer or SimpleNamespace(is_authenticated=False, registration_uncertain=False)
    request._messages = CookieStorage(request)
    view = cls()
    view.setup(request)
    return view


def failing_on(view):
    """The view's ``fail`` answers what it was asked: (message, status, field)."""
    view.fail = lambda form, message, status=HTTPStatus.OK, field=None: (message, status, field)
    return view


@pytest.mark.parametrize(("cls", "title", "tab"), [
    (views.LoginView, "Log in", None),
    (views.PasswordChangeView, "Change your password", "profile"),
    (views.PasswordForgottenView, "Forgotten password", ""),
])
def test_an_account_page_has_its_title_and_tab(cls, title, tab):
    with translation.override("en"):
        context = view_of(cls, method="get").get_context_data(form=StubForm())
        assert str(context["page_title"]) == title
    assert context.get("active_tab") == tab


def url(name, language):
    with translation.override(language):
        return reverse(name)


@pytest.mark.django_db
@pytest.mark.parametrize("language, title", [("en", "Check your messages"), ("cs", "Podívejte se do zpráv")])
def test_the_page_after_asking_for_a_link_has_its_title_and_keeps_next(client, language, title):
    html = client.get(url("accounts:password-forgotten-sent", language) + "?next=/en/points/").content.decode()
    assert f"<title>{title} · " in html
    login, ask_again = url("accounts:login", language), url("accounts:password-forgotten", language)
    assert f'href="{login}?next=/en/points/"' in html
    assert f'href="{ask_again}?next=/en/points/"' in html


@pytest.mark.parametrize(("refused", "message"), [("ip", "too_many"), ("contact", "too_many_contact")])
def test_a_registration_over_a_rate_limit_is_answered_429_with_its_reason_and_sends_nothing(
        monkeypatch, refused, message):
    counted = []
    monkeypatch.setattr(views.ratelimit, "refused",
                        lambda request, action, **values: counted.append((action, values)) or refused)
    monkeypatch.setattr(views.services, "customer_register", lambda **kwargs: pytest.fail("sent"))
    view = failing_on(view_of(views.RegisterView))
    assert view.form_valid(StubForm()) == (views.REGISTRATION_MESSAGES[message], HTTPStatus.TOO_MANY_REQUESTS, None)
    assert counted == [("registration", {"contact": "new@example.com"})]


def test_a_registration_that_may_exist_already_offers_to_log_in_or_set_a_password(monkeypatch):
    monkeypatch.setattr(views.ratelimit, "refused", lambda request, action, **values: None)

    def customer_register(**kwargs):
        raise services.RegistrationMayExist()

    monkeypatch.setattr(views.services, "customer_register", customer_register)
    view = failing_on(view_of(views.RegisterView))
    assert view.get_context_data(form=StubForm())["may_exist"] is False
    assert view.form_valid(StubForm()) == (views.REGISTRATION_MESSAGES["may_exist"], HTTPStatus.OK, None)
    assert view.may_exist is True
    assert view.get_context_data(form=StubForm())["may_exist"] is True


def test_carecloud_unavailable_before_anything_was_sent_is_the_unavailable_message_and_503(monkeypatch):
    monkeypatch.setattr(views.ratelimit, "refused", lambda request, action, **values: None)

    def customer_register(**kwargs):
        raise UnavailableError(None)

    monkeypatch.setattr(views.services, "customer_register", customer_register)
    view = failing_on(view_of(views.RegisterView))
    assert view.form_valid(StubForm()) == (FAILURE_MESSAGES["unavailable"], HTTPStatus.SERVICE_UNAVAILABLE, None)


def test_a_password_change_that_ended_the_session_says_so_and_sends_the_customer_to_log_in(monkeypatch):
    monkeypatch.setattr(views.ratelimit, "is_blocked", lambda request, action, **values: None)

    def customer_password_change(**kwargs):
        raise services.LoggedOutAfterPasswordChange()

    monkeypatch.setattr(views.services, "customer_password_change", customer_password_change)
    view = view_of(views.PasswordChangeView, path="/en/profile/password/",
                   customer=SimpleNamespace(is_authenticated=True))
    form = SimpleNamespace(cleaned_data={"current_password": "old-password", "new_password": "new-password"})
    with translation.override("en"):
        response = view.form_valid(form)
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == "/en/account/login/?next=%2Fen%2Fprofile%2F"
    assert [str(m) for m in get_messages(view.request)] == [
        "Your password has been changed. Please log in with your new password."]


PENDING = {"social_network_id": "sandbox", "social_network_token": "provider-access-token", "provider": "Sandbox ID",
           "first_name": "Nela", "last_name": "", "email": "nela@example.com"}


def with_pending(view):
    """The view's session holds a social sign-in CareCloud did not know (social.py)."""
    view.request.session = SessionStore()
    view.request.session[PENDING_KEY] = dict(PENDING)
    return view


def test_the_registration_after_an_unknown_social_sign_in_is_prefilled_and_names_the_provider():
    view = with_pending(view_of(views.RegisterView, method="get"))
    assert view.get_initial() == {"first_name": "Nela", "email": "nela@example.com"}
    assert view.get_context_data(form=StubForm())["social_signup"] == "Sandbox ID"
    assert view_of(views.RegisterView, method="get").get_context_data(form=StubForm())["social_signup"] == ""


def test_a_registration_carecloud_may_have_taken_is_answered_200_asking_to_send_it_again(monkeypatch):
    monkeypatch.setattr(views.ratelimit, "refused", lambda request, action, **values: None)

    def customer_register(**kwargs):
        raise UnavailableError(None)

    monkeypatch.setattr(views.services, "customer_register", customer_register)
    view = failing_on(view_of(views.RegisterView,
                              customer=SimpleNamespace(is_authenticated=False, registration_uncertain=True)))
    assert view.form_valid(StubForm()) == (views.REGISTRATION_MESSAGES["uncertain"], HTTPStatus.OK, None)


def test_social_credentials_carecloud_refuses_are_dropped_and_the_form_asks_to_send_it_again(monkeypatch):
    monkeypatch.setattr(views.ratelimit, "refused", lambda request, action, **values: None)
    sent = []

    def customer_register(**kwargs):
        sent.append(kwargs["social_network_credentials"])
        raise ValidationError(400, invalid_params=[{"name": "social_network_credentials.social_network_token"}])

    monkeypatch.setattr(views.services, "customer_register", customer_register)
    view = failing_on(with_pending(view_of(views.RegisterView)))
    with translation.override("en"):
        message, status, field = view.form_valid(StubForm())
        assert str(message).startswith("Your sign-in with Sandbox ID has expired or is already linked")
    assert (status, field) == (HTTPStatus.OK, None)
    assert sent == [{"social_network_id": "sandbox", "social_network_token": "provider-access-token"}]
    assert PENDING_KEY not in view.request.session  # sent again, the form joins without it


class RecordingForm(StubForm):
    def __init__(self):
        self.added = []

    def add_error(self, field, message):
        self.added.append((field, message))


def test_carecloud_refusing_a_registration_otherwise_shows_the_form_again_with_its_message(monkeypatch):
    monkeypatch.setattr(views.ratelimit, "refused", lambda request, action, **values: None)

    def customer_register(**kwargs):
        raise RateLimitError(429)

    monkeypatch.setattr(views.services, "customer_register", customer_register)
    view = view_of(views.RegisterView)
    view.form_invalid = lambda form: SimpleNamespace(form=form, status_code=HTTPStatus.OK)
    form = RecordingForm()
    response = view.form_valid(form)
    assert response.form is form and response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert form.added == [(None, FAILURE_MESSAGES["rate_limited"])]


@pytest.mark.parametrize(("query", "location"), [
    ("?next=/en/points/", "/en/account/login/code/?next=%2Fen%2Fpoints%2F"),
    ("", "/en/account/login/code/"),
    ("?next=https://evil.example/", "/en/account/login/code/"),
])
def test_the_sign_in_with_a_code_keeps_a_checked_next_in_its_links(query, location):
    request = RequestFactory().get("/en/account/login/code/verify/" + query)
    assert views._with_next(request, "/en/account/login/code/") == location


def test_a_code_whose_token_carecloud_then_refuses_asks_for_a_new_code_keeping_next(monkeypatch):
    def login_code_verify(**kwargs):
        raise AuthenticationError(401)

    monkeypatch.setattr(views.services, "login_code_verify", login_code_verify)
    view = view_of(views.LoginCodeVerifyView, path="/en/account/login/code/verify/?next=/en/points/")
    view.started = 0.0
    with translation.override("en"):
        response = view.form_valid(SimpleNamespace(cleaned_data={"code": "123456"}))
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == "/en/account/login/code/?next=%2Fen%2Fpoints%2F"
        assert [str(m) for m in get_messages(view.request)] == [str(views.LOGIN_ERRORS["unavailable"])]


def handover(monkeypatch, token, *, refusal=None):
    """A logged-in customer opens a hand-over link: the answer, and the tokens sent to CareCloud."""
    monkeypatch.setattr(views.ratelimit, "refused", lambda request, action, **values: None)
    sent = []

    def session_login_with_auth_token(**kwargs):
        sent.append(kwargs["authentication_token"])
        if refusal:
            raise refusal

    monkeypatch.setattr(views.services, "session_login_with_auth_token", session_login_with_auth_token)
    request = RequestFactory().get("/en/account/continue/", {"token": token, "token_request_id": "request-1"})
    request.customer = SimpleNamespace(is_authenticated=True)
    request._messages = CookieStorage(request)
    with translation.override("en"):
        response = views.HandoverContinueView.as_view()(request)
    return response, sent, [str(m) for m in get_messages(request)]


def test_a_handover_token_of_512_characters_is_sent_to_carecloud_one_longer_is_not(monkeypatch):
    response, sent, told = handover(monkeypatch, "t" * 512)
    assert response.status_code == HTTPStatus.SEE_OTHER and response["Location"] == "/en/overview/"
    assert sent == ["t" * 512] and told == []
    response, sent, told = handover(monkeypatch, "t" * 513)
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == "/en/overview/"
    assert sent == [] and told == [str(views.HANDOVER_MESSAGES["invalid"])]


@pytest.mark.parametrize("refusal", [PermissionDeniedError(403), NotFoundError(404)])
def test_a_handover_token_carecloud_does_not_know_leaves_a_logged_in_customer_on_the_overview(
        monkeypatch, refusal):
    response, sent, told = handover(monkeypatch, "a-used-token", refusal=refusal)
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == "/en/overview/"
    assert response["Referrer-Policy"] == "no-referrer"
    assert sent == ["a-used-token"] and told == [str(views.HANDOVER_MESSAGES["invalid"])]
