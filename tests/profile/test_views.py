"""The profile's views, called directly with a RequestFactory request (no sandbox): what saving the
profile in another portal language does (the token's language, the language cookie, the message
and the profile page in the new language), and saving it in the page's own."""

from http import HTTPStatus
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from portal.accounts import services as account_services
from portal.carecloud import exceptions as cc
from portal.profile import views
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
        assert (response.status_code, response["Location"]) == (HTTPStatus.FOUND, reverse("profile:profile"))
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
        assert (response.status_code, response["Location"]) == (HTTPStatus.FOUND, reverse("profile:profile"))
    assert messages == [message]
    assert saved_in.calls == [] and settings.LANGUAGE_COOKIE_NAME not in response.cookies
