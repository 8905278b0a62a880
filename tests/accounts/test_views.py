"""The account views' own decisions (quick and precise, for make mutation): the page titles and tabs,
the page after asking for a new password (its title in the customer's language, and where the
customer was going kept in its links), the registration's rate limits and their messages, "this
account may exist already" with its links, CareCloud failing before anything was sent, and the
message after a password change that ended the session. Most are called directly on a
RequestFactory request; the journeys through these pages are in test_session.py, test_register.py,
test_password_forgotten.py and test_password_change.py."""

from http import HTTPStatus
from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from portal.accounts import services, views
from portal.carecloud import UnavailableError
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
