"""The account forms on their own (no CareCloud involved): what the login form sends as the login
value; the sign-in with a code's forms (where the code goes, the code typed); the field helpers,
called directly (the date inputs draw the attributes they are given, a new password field has its
label in the customer's language and refuses a weak password with every rule it breaks, a text
field is required unless told otherwise and names its autocomplete); customer properties (a
property item's name, a property's field and the value sent); and the registration form, its
fields from the choices and what it sends.

The registration and password-change forms build the fields when their module is imported, which
mutmut's per-mutant runs do before switching a mutant on: only a direct call of a helper tells."""

import datetime

import pytest
from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.accounts.forms import (
    PASSWORD_MAX_LENGTH,
    PASSWORD_MIN_LENGTH,
    DateInput,
    DateTimeInput,
    LoginCodeForm,
    LoginCodeRequestForm,
    LoginForm,
    RegistrationForm,
    compact_card_number,
    item_name,
    new_password_field,
    normalize_phone,
    property_field,
    property_value,
    store_items,
    text_field,
)
from portal.accounts.selectors import RegistrationChoices

CARD_PREFIXES = ("2001", "2002", "7001", "AB")


def cleaned(value, password="pw", prefixes=CARD_PREFIXES):
    form = LoginForm(data={"login_value": value, "password": password}, card_prefixes=lambda: prefixes)
    with translation.override("en"):
        valid = form.is_valid()
        return valid, form.cleaned_data.get("logins"), {k: [str(m) for m in v] for k, v in form.errors.items()}


@pytest.mark.parametrize("value, expected", [
    ("  Jana@Example.COM ", [("email", "jana@example.com")]),
    ("+420 777 123 456", [("phone", "420777123456")]),
    ("+420-777-123-456", [("phone", "420777123456")]),
    ("00420 777 123 456", [("phone", "420777123456")]),
    ("420777123456", [("phone", "420777123456")]),
    ("777 123 456", [("phone", "420777123456")]),  # a number of the project's country without its code
    ("(777) 123-456", [("phone", "420777123456")]),
    ("+44 20 7946 0958", [("phone", "442079460958")]),
    (" 2001 9006 27 ", [("card", "2001900627")]),  # fits the prefix 2001; 10 digits are no Czech number
    ("2001-9006-27", [("card", "2001900627")]),
    ("AB12cd", [("card", "AB12cd")]),  # as printed: letters keep their case
    ("200 123 456", [("phone", "420200123456"), ("card", "200123456")]),  # both: a Prague number, prefix 2001
    ("+420 200 123 456", [("phone", "420200123456")]),  # a leading + is a phone only
])
def test_the_login_type_follows_from_the_value(value, expected):
    assert cleaned(value) == (True, expected, {})


def test_without_the_card_types_any_number_may_be_a_card():
    assert cleaned("9990001", prefixes=None) == (True, [("card", "9990001")], {})
    assert cleaned("9990001")[0] is False  # no card type starts with 999, and no phone number is that short


@pytest.mark.parametrize("value, expected", [
    ("2001/9006", False),  # not letters and digits: no card, whatever the card types
    ("0012345", False),  # a leading 00 is a phone only, and this is none
    ("00420 777 123 456", [("phone", "420777123456")]),  # never a card as well
])
def test_without_the_card_types_a_card_is_still_letters_and_digits_and_no_phone_written_with_00(value, expected):
    valid, logins, _ = cleaned(value, prefixes=None)
    assert (logins if valid else valid) == expected


@pytest.mark.parametrize("value, expected", [
    (" 2001 9006-27 ", "2001900627"),
    ("AB12cd", "AB12cd"),
    ("A" * 64, "A" * 64),
    ("A" * 65, None),  # longer than any card number
    ("2001/9006", None),
    ("2001.9006", None),
    ("2001900č", None),  # a letter, but no ASCII one
    (" - ", None),  # nothing left
])
def test_a_card_number_is_its_ascii_letters_and_digits_without_spaces_and_dashes(value, expected):
    assert compact_card_number(value) == expected


def test_the_login_form_takes_its_data_as_any_django_form_does():
    form = LoginForm({"login_value": "Jana@Example.com", "password": "pw"})
    assert form.is_bound and form.is_valid(), form.errors
    assert form.cleaned_data["logins"] == [("email", "jana@example.com")]


LOGIN_VALUE_EXAMPLE = ("Enter your e-mail address, your phone number (e.g. +420 777 123 456) or the number printed "
                       "on your card.")


@pytest.mark.parametrize("value, message", [
    ("12ab", LOGIN_VALUE_EXAMPLE),
    ("77712345", LOGIN_VALUE_EXAMPLE),  # 8 digits: no Czech number, no card type's prefix
    ("+", LOGIN_VALUE_EXAMPLE),
    ("+420 12", LOGIN_VALUE_EXAMPLE),
    ("20/01", LOGIN_VALUE_EXAMPLE),
    ("1-800-FLOWERS", LOGIN_VALUE_EXAMPLE),  # letters are never read as digits
])
def test_a_login_value_that_is_none_of_them_is_a_field_error(value, message):
    valid, _, errors = cleaned(value)
    assert not valid and errors == {"login_value": [message]}


def test_an_empty_login_value_is_only_required():
    valid, _, errors = cleaned("   ", password="")
    assert not valid and errors == {"login_value": ["This field is required."], "password": ["This field is required."]}


def test_the_card_types_are_read_only_for_a_value_that_may_be_a_card():
    asked = []
    for value in ("jana@example.com", "+420 777 123 456", "777 123 456"):
        LoginForm(data={"login_value": value, "password": "pw"}, card_prefixes=lambda: asked.append(1)).is_valid()
    assert len(asked) == 1  # the national number only


def test_the_password_is_kept_as_typed():
    form = LoginForm(data={"login_value": "a@b.cz", "password": "  spaced  "})
    assert form.is_valid() and form.cleaned_data["password"] == "  spaced  "


@pytest.mark.parametrize("value, expected", [
    ("+420 777 123 456", "420777123456"), ("777123456", "420777123456"), ("0777123456", None),
    ("+420 777", None), ("777 12a 456", None), ("", None), ("+1 202 555 0143", "12025550143"),
])
def test_normalize_phone(value, expected):
    assert normalize_phone(value) == expected
    assert normalize_phone("608 123 456", "CZ") == "420608123456"
    assert normalize_phone("07700 900123", "GB") is None and normalize_phone("07400 123456", "GB") == "447400123456"


# --- sign-in with a one-time code: where the code goes, and the code typed -------------------------------


@pytest.mark.parametrize("contact, channel, sent_to, shown", [
    (" Jana@Example.com ", "email", "jana@example.com", "jana@example.com"),
    ("777 123 456", "sms", "420777123456", "+420 777 123 456"),  # the page says where it went, as written
    ("00420777123456", "sms", "420777123456", "+420 777 123 456"),
    ("+44 20 7946 0958", "sms", "442079460958", "+44 20 7946 0958"),
])
def test_a_code_goes_to_the_contact_typed_and_the_page_shows_it_written_in_full(contact, channel, sent_to, shown):
    form = LoginCodeRequestForm(data={"contact": contact})
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["contact"], form.cleaned_data["channel"], form.cleaned_data["shown"]) == (
        sent_to, channel, shown)


@pytest.mark.parametrize("code, expected", [("123456", "123456"), (" 123 456 ", "123456"), ("12-34", "1234"),
                                            ("1234567890", "1234567890")])
def test_a_code_is_read_as_its_digits_however_it_was_pasted(code, expected):
    form = LoginCodeForm(data={"code": code})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["code"] == expected


@pytest.mark.parametrize("code", ["123", "12345678901", "12a456", "١٢٣٤٥٦", "123.456"])
def test_a_code_that_cannot_be_one_says_what_to_type(code):
    with translation.override("en"):
        form = LoginCodeForm(data={"code": code})
        assert form.errors == {"code": ["Enter the code from the message: its digits only, e.g. 123456."]}


# --- the field helpers, unit by unit (quick and precise, for make mutation) ------------------------------


def test_date_inputs_keep_their_attributes_and_send_iso_values():
    date = DateInput(attrs={"max": "2026-11-30"})
    assert date.attrs == {"max": "2026-11-30"} and date.input_type == "date"
    assert date.format_value(datetime.date(2026, 1, 2)) == "2026-01-02"
    moment = DateTimeInput(attrs={"step": "60"})
    assert moment.attrs == {"step": "60"} and moment.input_type == "datetime-local"
    assert moment.format_value(datetime.datetime(2026, 1, 2, 3, 4, 5)) == "2026-01-02T03:04"


def test_a_new_password_field_checks_the_rules_and_never_strips():
    field = new_password_field("New password")
    assert field.label == "New password" and field.strip is False and field.max_length == PASSWORD_MAX_LENGTH
    assert field.widget.attrs["autocomplete"] == "new-password"
    assert field.widget.attrs["minlength"] == PASSWORD_MIN_LENGTH
    with pytest.raises(forms.ValidationError):
        field.clean("short")
    assert field.clean(" Long-enough-1 ") == " Long-enough-1 "


def test_a_text_field_names_its_autocomplete_only_when_given():
    field = text_field("City", required=False, max_length=40, autocomplete="address-level2")
    assert (field.label, field.required, field.max_length) == ("City", False, 40)
    assert field.widget.attrs == {"autocomplete": "address-level2", "maxlength": "40"}
    assert text_field("Name").widget.attrs == {"maxlength": "100"}
    assert text_field("Note", help_text="Optional").help_text == "Optional"


def one_field_form(name, field):
    return type("OneFieldForm", (forms.Form,), {name: field})


@pytest.mark.parametrize("widget, value, html", [
    (DateInput(attrs={"autocomplete": "bday", "max": "2026-11-30"}), datetime.date(1990, 5, 17),
     '<input type="date" name="when" value="1990-05-17" autocomplete="bday" max="2026-11-30">'),
    (DateTimeInput(attrs={"step": "60"}), datetime.datetime(2026, 1, 2, 3, 4, 5),
     '<input type="datetime-local" name="when" value="2026-01-02T03:04" step="60">'),
])
def test_a_date_input_draws_the_attributes_it_is_given_and_an_iso_value(widget, value, html):
    assert widget.render("when", value) == html


@pytest.mark.parametrize("label, english, czech", [
    (None, "Password", "Heslo"),  # the default label
    (_("New password"), "New password", "Nové heslo"),
])
def test_a_new_password_field_is_labelled_in_the_customers_language(label, english, czech):
    field = new_password_field() if label is None else new_password_field(label)
    with translation.override("en"):
        assert str(field.label) == english
    with translation.override("cs"):
        assert str(field.label) == czech


@pytest.mark.parametrize("password, problems", [
    ("password", ["Add a number (0–9).", "Add an uppercase letter (A–Z).",
                  "This password is too common. Choose one that is harder to guess."]),
    ("Abc1", ["Use at least 8 characters."]),
    ("long-enough-1", ["Add an uppercase letter (A–Z)."]),
])
def test_a_new_password_field_refuses_a_weak_password_with_every_rule_it_breaks(password, problems):
    field = new_password_field(_("New password"))
    with translation.override("en"):
        with pytest.raises(forms.ValidationError) as refused:
            field.clean(password)
        assert refused.value.messages == problems
    assert field.clean(" Long-enough-1 ") == " Long-enough-1 "


def test_a_text_field_is_required_unless_told_otherwise_and_names_its_autocomplete():
    form_class = one_field_form("first_name", text_field(_("First name"), autocomplete="given-name"))
    with translation.override("en"):
        assert str(form_class()["first_name"]) == (
            '<input type="text" name="first_name" autocomplete="given-name" maxlength="100" required'
            ' id="id_first_name">')
        form = form_class(data={"first_name": ""})
        assert form.errors == {"first_name": ["This field is required."]}
    assert text_field("City", required=False).required is False


# --- customer properties: a property item's name, a property's field and the value sent ---------------------


@pytest.mark.parametrize("name, language, expected", [
    ('{"en": "evening", "cz": "večer"}', "en", "evening"),
    ('{"en": "evening", "cz": "večer"}', "cs", "večer"),  # CareCloud's "cz" is Czech
    ('{"en": "evening", "cz": "večer"}', "de", "evening"),  # no German: English, never Czech
    ('{"sk": "večer"}', "de", "večer"),  # no English either: the first one there is
    ('{"cs": "večer", "en": "evening"}', "cs", "večer"),
    ("evening", "cs", "evening"),  # a plain name
    ("{not json", "en", "{not json"),
    ('{}', "en", "{}"),
    ('["evening"]', "en", '["evening"]'),
    (None, "en", ""),
])
def test_a_property_items_name_is_read_in_the_customers_language(name, language, expected):
    assert item_name(name, language) == expected


ITEMS = [{"id": "i1", "name": '{"en": "Lactose", "cz": "Laktóza"}'}, {"id": 2, "name": "Nuts"},
         {"id": "i3", "name": "Gone", "state": 0}, {"name": "no id"}]


@pytest.mark.parametrize("definition, kind, label, help_text, required, choices", [
    ({"property_id": "allergies", "name": "Allergies", "description": "What you cannot eat", "data_type": "multiselect",
      "is_required": True, "items": ITEMS},
     forms.MultipleChoiceField, "Allergies", "", True, [("i1", "Lactose"), ("2", "Nuts")]),
    ({"property_id": "store", "name": "Favourite store", "data_type": "enum", "items": ITEMS},
     forms.ChoiceField, "Favourite store", "", False, [("", "—"), ("i1", "Lactose"), ("2", "Nuts")]),
    ({"property_id": "pet_owner", "name": "Pet owner", "description": "Cats count", "data_type": "boolean",
      "is_required": True},
     forms.ChoiceField, "Pet owner", "", True, [("", "—"), ("true", "Yes"), ("false", "No")]),
    ({"property_id": "cups", "data_type": "integer"}, forms.IntegerField, "cups", "", False, None),
    ({"property_id": "height", "name": "Height", "data_type": "float"}, forms.FloatField, "Height", "", False, None),
    ({"property_id": "since", "name": "Customer since", "data_type": "date"}, forms.DateField, "Customer since", "",
     False, None),
    ({"property_id": "visit", "name": "Last visit", "data_type": "timestamp", "is_required": True},
     forms.DateTimeField, "Last visit", "", True, None),
    ({"property_id": "nickname", "name": "Nickname", "data_type": "galaxy"}, forms.CharField, "Nickname", "", False,
     None),
])
def test_a_property_is_asked_with_its_name_and_items_never_the_staff_description(definition, kind, label, help_text,
                                                                               required, choices):
    with translation.override("en"):
        field = property_field(definition)
        assert type(field) is kind
        assert (field.label, field.help_text, field.required) == (label, help_text, required)
        if choices is not None:
            assert [(value, str(name)) for value, name in field.choices] == choices


@pytest.mark.parametrize("data_type, accepted, refused", [
    ("integer", ["-1000000000000000", "1000000000000000", "-1000"], ["-1000000000000001", "1000000000000001"]),
    ("float", ["-1e15", "1e15", "-1000.5"], ["-1.1e15", "1.1e15"]),
    ("text", ["Terka"], ["Ter\x07ka", "x" * 256]),
    ("date", ["2015-06-20"], ["20 June"]),
])
def test_a_propertys_field_takes_what_carecloud_takes(data_type, accepted, refused):
    field = property_field({"property_id": "p", "name": "P", "data_type": data_type})
    for value in accepted:
        field.clean(value)
    for value in refused:
        with pytest.raises(forms.ValidationError):
            field.clean(value)


def test_a_date_or_timestamp_property_is_drawn_as_the_browsers_picker():
    date_field = property_field({"property_id": "since", "name": "Since", "data_type": "date"})
    moment = property_field({"property_id": "at", "name": "At", "data_type": "timestamp"})
    assert date_field.widget.render("since", datetime.date(2015, 6, 20)) == (
        '<input type="date" name="since" value="2015-06-20">')
    assert moment.widget.render("at", datetime.datetime(2015, 6, 20, 18, 30)) == (
        '<input type="datetime-local" name="at" value="2015-06-20T18:30">')


@pytest.mark.parametrize("data_type, value, sent", [
    ("enum", "i1", [{"id": "i1"}]),
    ("multiselect", ["i1", "i2"], [{"id": "i1"}, {"id": "i2"}]),
    ("boolean", "true", True),
    ("boolean", "false", False),
    ("integer", 42, 42.0),
    ("float", 649.5, 649.5),
    ("date", datetime.date(2015, 6, 20), "2015-06-20"),
    ("timestamp", datetime.datetime(2015, 6, 20, 18, 30, 5), "2015-06-20 18:30:05"),
    ("galaxy", "terka_espresso", "terka_espresso"),
])
def test_a_property_value_is_sent_as_carecloud_reads_its_data_type(data_type, value, sent):
    result = property_value({"data_type": data_type}, value)
    assert result == sent and type(result) is type(sent)


# --- the registration form, without CareCloud: its fields from the choices and what it sends ------------------


def registration_form(data, **choices):
    defaults = {"languages": [("cs", "Czech"), ("en", "English")], "default_language": "cs",
                "stores": [("s1", "Prague")], "countries": [("cz", "Czech Republic")],
                "consents": [{"id": "gtc", "name": "Terms", "text": "I accept the terms.", "required": True},
                             {"id": "news", "name": "Newsletter", "text": "Send me news.", "required": False}],
                "properties": [{"property_id": "pet", "name": "Pet owner", "data_type": "boolean"},
                               {"property_id": "cups", "name": "Cups a day", "data_type": "integer"}]}
    return RegistrationForm(data=data, choices=RegistrationChoices(**{**defaults, **choices}))


REGISTRATION = {"first_name": " Jana ", "last_name": "Nováková", "email": "Jana@Example.com",
                "password": "Long-enough-1", "language_id": "en", "consent_gtc": "on", "property_pet": "true"}


@pytest.mark.parametrize("extra, personal, properties, referral_code", [
    ({}, {}, [{"property_id": "pet", "property_value": True}], ""),
    ({"phone": "+420 777 123 456", "birthdate": "1990-05-17", "store_id": "s1", "address1": " Vinohradská 12 ",
      "city": "Praha", "zip": "120 00", "country_code": "cz", "consent_news": "on", "property_cups": "3",
      "referral_code": " ab12cd "},
     {"phone": "420777123456", "birthdate": "1990-05-17", "store_id": "s1",
      "address": {"address1": "Vinohradská 12", "city": "Praha", "zip": "120 00", "country_code": "cz"}},
     [{"property_id": "pet", "property_value": True}, {"property_id": "cups", "property_value": 3.0}], "AB12CD"),
])
def test_a_registration_sends_what_was_typed_as_carecloud_takes_it(extra, personal, properties, referral_code):
    form = registration_form({**REGISTRATION, **extra})
    assert form.is_valid(), form.errors
    news = 1 if extra.get("consent_news") else 2  # left unticked: the spec's "2 - consent not set", not 0
    assert form.registration() == {
        "customer": {"personal_information": {
            "first_name": "Jana", "last_name": "Nováková", "email": "jana@example.com", "language_id": "en",
            **personal,
            "consents": [{"consent_id": "gtc", "consent_value": 1}, {"consent_id": "news", "consent_value": news}]}},
        "password": "Long-enough-1", "property_records": properties, "referral_code": referral_code}


@pytest.mark.parametrize("field, value, message", [
    ("phone", "777", "Enter your phone number with the country code, e.g. +420 777 123 456."),
    ("birthdate", "2999-01-01", "Enter your real date of birth."),
    ("birthdate", "1899-12-31", "Enter your real date of birth."),
])
def test_a_registration_refuses_a_contact_or_date_that_cannot_be_real(field, value, message):
    with translation.override("en"):
        form = registration_form({**REGISTRATION, field: value})
        assert form.errors == {field: [message]}


def test_the_registration_form_offers_the_choices_it_is_given_and_no_empty_store_list():
    form = registration_form(None)
    assert form.fields["store_id"].choices == [("", "—"), ("s1", "Prague")]
    assert form.fields["language_id"].initial == "cs"
    consent = form.fields["consent_news"]
    assert (consent.label, consent.help_text, consent.required) == ("Newsletter", "Send me news.", False)
    assert form.fields["consent_gtc"].required is True
    assert list(form.fields)[-4:] == ["property_pet", "property_cups", "consent_gtc", "consent_news"]
    assert "store_id" not in registration_form(None, stores=[]).fields


STORE_PROPERTY = {"property_id": "fav", "name": "Favourite store", "data_type": "enum", "is_required": True,
                  "description": "The store the customer visits most often.",
                  "items": [{"id": "i1", "name": "Prague", "resource_record_id": "s1", "state": 1},
                            {"id": "i2", "name": "Brno", "resource_record_id": "s2", "state": 1}]}


def test_a_required_store_question_is_asked_once_as_the_home_store():
    """A required property whose items are the project's stores is what the home store asks: not
    asked twice; the home store becomes required and the property is answered from it."""
    stores = [("s1", "Prague"), ("s2", "Brno"), ("s3", "Ostrava")]
    form = registration_form(None, stores=stores, properties=[STORE_PROPERTY])
    assert "property_fav" not in form.fields
    assert form.fields["store_id"].required
    assert form.fields["store_id"].choices == [("", "—"), ("s1", "Prague"), ("s2", "Brno")]  # those it can answer
    assert not registration_form({**REGISTRATION}, stores=stores, properties=[STORE_PROPERTY]).is_valid()
    form = registration_form({**REGISTRATION, "store_id": "s2"}, stores=stores, properties=[STORE_PROPERTY])
    assert form.is_valid(), form.errors
    registration = form.registration()
    assert registration["property_records"] == [{"property_id": "fav", "property_value": [{"id": "i2"}]}]
    assert registration["customer"]["personal_information"]["store_id"] == "s2"


def test_a_store_question_whose_items_are_not_stores_is_asked_as_it_is():
    plain = {**STORE_PROPERTY, "items": [{**item, "resource_record_id": None} for item in STORE_PROPERTY["items"]]}
    form = registration_form(None, properties=[plain])
    assert "property_fav" in form.fields and not form.fields["store_id"].required


@pytest.mark.parametrize("definition, expected", [
    (STORE_PROPERTY, {"s1": "i1", "s2": "i2"}),
    # a retired item counts for nothing, with or without a store
    ({**STORE_PROPERTY, "items": [*STORE_PROPERTY["items"], {"id": "i8", "name": "Gone", "state": 0}]},
     {"s1": "i1", "s2": "i2"}),
    ({**STORE_PROPERTY, "items": [*STORE_PROPERTY["items"], {"id": "i9", "resource_record_id": "s9", "state": 0}]},
     {"s1": "i1", "s2": "i2"}),
    ({**STORE_PROPERTY, "data_type": "multiselect"}, {}),  # several stores: not the one home store
    ({**STORE_PROPERTY, "data_type": None}, {}),
    ({**STORE_PROPERTY, "items": []}, {}),
    ({**STORE_PROPERTY, "items": [*STORE_PROPERTY["items"], {"id": "i3", "name": "Online"}]}, {}),
])
def test_a_store_property_is_an_enum_whose_every_active_item_is_a_store(definition, expected):
    assert store_items(definition) == expected
