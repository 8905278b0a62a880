"""The login form's own cleaning (no CareCloud involved): what it sends as the login value."""

import pytest
from django.utils import translation

from portal.accounts.forms import LoginForm


def cleaned(login_type, value, password="pw"):
    form = LoginForm(data={"login_type": login_type, "login_value": value, "password": password})
    with translation.override("en"):
        valid = form.is_valid()
        return valid, form.cleaned_data.get("login_value"), {k: [str(m) for m in v] for k, v in form.errors.items()}


@pytest.mark.parametrize("login_type, value, expected", [
    ("email", "  Jana@Example.COM ", "jana@example.com"),
    ("phone", "+420 777 123 456", "420777123456"),
    ("phone", "+420-777-123-456", "420777123456"),
    ("phone", "00420 777 123 456", "420777123456"),
    ("phone", "420777123456", "420777123456"),
    ("phone", "777 123 456", "420777123456"),  # a Czech number without its prefix
    ("phone", "+44 20 7946 0958", "442079460958"),
    ("card", " 2001 9006 27 ", "2001900627"),
    ("card", "AB12cd", "AB12cd"),  # as printed: letters keep their case
])
def test_a_login_value_is_sent_as_carecloud_stores_it(login_type, value, expected):
    assert cleaned(login_type, value) == (True, expected, {})


@pytest.mark.parametrize("login_type, value, message", [
    ("email", "jana.example.com", "Enter your e-mail address, e.g. jana@example.com."),
    ("phone", "12ab", "Enter your phone number with the country code, e.g. +420 777 123 456."),
    ("phone", "77712345", "Enter your phone number with the country code, e.g. +420 777 123 456."),  # 8 digits
    ("phone", "+", "Enter your phone number with the country code, e.g. +420 777 123 456."),
    ("card", "20-01", "Enter the number printed on your card."),
])
def test_a_malformed_login_value_is_a_field_error(login_type, value, message):
    valid, _, errors = cleaned(login_type, value)
    assert not valid and errors == {"login_value": [message]}


def test_an_empty_login_value_is_only_required():
    valid, _, errors = cleaned("email", "   ", password="")
    assert not valid and errors == {"login_value": ["This field is required."], "password": ["This field is required."]}


def test_an_unknown_login_type_is_refused():
    valid, _, errors = cleaned("username", "jana")
    assert not valid and list(errors) == ["login_type"]


def test_the_password_is_kept_as_typed():
    form = LoginForm(data={"login_type": "email", "login_value": "a@b.cz", "password": "  spaced  "})
    assert form.is_valid() and form.cleaned_data["password"] == "  spaced  "
