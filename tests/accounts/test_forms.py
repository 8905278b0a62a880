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


# --- the field helpers, unit by unit (quick and precise, for make mutation) ------------------------------


def test_date_inputs_keep_their_attributes_and_send_iso_values():
    import datetime

    from portal.accounts.forms import DateInput, DateTimeInput

    date = DateInput(attrs={"max": "2026-11-30"})
    assert date.attrs == {"max": "2026-11-30"} and date.input_type == "date"
    assert date.format_value(datetime.date(2026, 1, 2)) == "2026-01-02"
    moment = DateTimeInput(attrs={"step": "60"})
    assert moment.attrs == {"step": "60"} and moment.input_type == "datetime-local"
    assert moment.format_value(datetime.datetime(2026, 1, 2, 3, 4, 5)) == "2026-01-02T03:04"


def test_a_new_password_field_checks_the_rules_and_never_strips():
    from django import forms

    from portal.accounts.forms import PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, new_password_field

    field = new_password_field("New password")
    assert field.label == "New password" and field.strip is False and field.max_length == PASSWORD_MAX_LENGTH
    assert field.widget.attrs["autocomplete"] == "new-password"
    assert field.widget.attrs["minlength"] == PASSWORD_MIN_LENGTH
    with pytest.raises(forms.ValidationError):
        field.clean("short")
    assert field.clean(" Long-enough-1 ") == " Long-enough-1 "


def test_a_text_field_names_its_autocomplete_only_when_given():
    from portal.accounts.forms import text_field

    field = text_field("City", required=False, max_length=40, autocomplete="address-level2")
    assert (field.label, field.required, field.max_length) == ("City", False, 40)
    assert field.widget.attrs == {"autocomplete": "address-level2", "maxlength": "40"}
    assert text_field("Name").widget.attrs == {"maxlength": "100"}
    assert text_field("Note", help_text="Optional").help_text == "Optional"
