"""The loyalty views' own steps, called directly with a RequestFactory request (no sandbox): the
till card page's context (its cards, the time it was saved at, the session's offline key made
before the page is drawn), the printable data export's answer when it cannot start, and what
saving the profile in another portal language does (the token's language, the language cookie,
the message and the profile page in the new language)."""

from http import HTTPStatus
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from portal.accounts import services as account_services
from portal.accounts.mixins import ACCOUNT_WRITE_TOO_MANY
from portal.carecloud import exceptions as cc
from portal.core import ratelimit
from portal.core.forms import FAILURE_MESSAGES
from portal.loyalty import forms, views
from tests.support.views import view_for


@pytest.fixture
def saved_in(request_for, monkeypatch):
    """``saved_in(result, fails=False)``: ProfileEditView.saved of an English page, with the
    token's language calls recorded (``calls``; ``fails``: CareCloud refuses it)."""
    calls = []

    def save(result, fails=False):
        def set_language(*, request, language):
            calls.append((request, language))
            if fails:
                raise cc.ServerError(503)

        monkeypatch.setattr(account_services, "session_set_language", set_language)
        request = request_for("/en/profile/edit/")
        with translation.override("en"):
            response = view_for(views.ProfileEditView, request).saved(result)
            return request, response, [str(m) for m in request._messages]  # read back on an English page

    save.calls = calls
    return save


@pytest.mark.parametrize("fails", [False, True])  # a token CareCloud would not switch: the page switches all the same
def test_saving_another_portal_language_switches_the_token_the_cookie_and_the_page(saved_in, fails):
    request, response, messages = saved_in(SimpleNamespace(language_id="cs", changed={"language_id"}), fails=fails)
    with translation.override("cs"):
        assert (response.status_code, response["Location"]) == (HTTPStatus.FOUND, reverse("loyalty:profile"))
        assert messages == [str(views.ProfileEditView.saved_message)] == ["Váš profil je uložený."]
    assert saved_in.calls == [(request, "cs")]
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert (cookie.value, cookie["samesite"], cookie["path"], cookie["max-age"]) == (
        "cs", "Lax", settings.LANGUAGE_COOKIE_PATH, settings.LANGUAGE_COOKIE_AGE or "")


@pytest.mark.parametrize("result, message", [
    (SimpleNamespace(language_id="cs", changed={"last_name"}), "Your profile has been saved."),  # not a new language
    (SimpleNamespace(language_id="en", changed={"language_id"}), "Your profile has been saved."),  # the page's own
    (SimpleNamespace(language_id="de", changed={"language_id"}), "Your profile has been saved."),  # not the portal's
    (SimpleNamespace(language_id="cs", changed=set()), "Nothing has changed."),
])
def test_saving_without_a_new_portal_language_stays_in_the_pages_language(saved_in, result, message):
    _request, response, messages = saved_in(result)
    with translation.override("en"):
        assert (response.status_code, response["Location"]) == (HTTPStatus.FOUND, reverse("loyalty:profile"))
    assert messages == [message]
    assert saved_in.calls == [] and settings.LANGUAGE_COOKIE_NAME not in response.cookies




# --- the profile's forms -------------------------------------------------------------------------

def _unreadable(**kwargs):
    raise cc.ServerError(503)


def test_a_form_posted_while_its_data_cannot_be_read_comes_back_with_what_was_typed(request_for, monkeypatch):
    monkeypatch.setattr(views.InterestsEditView, "data_selector", _unreadable)
    monkeypatch.setattr(views.InterestsEditView, "options_selector", lambda *, session: {
        "interests": [{"interest_id": "i1", "name": "Sport"}, {"interest_id": "i2", "name": "Books"}]})
    request = request_for("/en/profile/interests/", {"interests": ["i2"]})
    with translation.override("en"):
        response = view_for(views.InterestsEditView, request).post(request)
    form = response.context_data["form"]
    assert (response.status_code, form["interests"].value(), form.non_field_errors()) == (
        HTTPStatus.SERVICE_UNAVAILABLE, ["i2"], [str(FAILURE_MESSAGES["unavailable"])])


def test_a_form_sent_too_often_is_not_saved_and_says_so(request_for, monkeypatch):
    monkeypatch.setattr(ratelimit, "refused", lambda request, action: "account-write:customer")
    request = request_for("/en/profile/interests/", {"interests": ["i1"]})
    view = view_for(views.InterestsEditView, request)
    view.save = lambda form: pytest.fail("saved")
    form = forms.InterestsForm({"interests": ["i1"]}, interests=[{"interest_id": "i1", "name": "Sport"}])
    assert form.is_valid()
    with translation.override("en"):
        response = view.form_valid(form)
        assert (response.status_code, form.non_field_errors()) == (
            HTTPStatus.TOO_MANY_REQUESTS, [str(ACCOUNT_WRITE_TOO_MANY)])
