"""The profile forms' fields as the browser gets them, without CareCloud: what may be left empty,
the autofill hints, the customer's current details filled in, the choices of language and country,
a consent's own words, a phone number as people type it, and each form bound to what was posted ("About you":
tests/aboutyou/test_forms.py)."""

from datetime import date

import pytest
from django.utils import translation

from portal.profile.forms import InterestsForm, ProfileForm, _text


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def profile_form(data=None):
    return ProfileForm(data, languages=[{"language_id": "en"}], countries=[], stores=[], consents=[])


def test_a_profile_with_only_its_language_is_valid():
    form = profile_form({"language_id": "en"})
    assert form.errors == {}
    assert {name: field.required for name, field in form.fields.items() if field.required} == {"language_id": True}
    assert form.changes()["first_name"] == "" and form.changes()["address"]["address1"] == ""


@pytest.mark.parametrize(("field", "autocomplete"), [
    ("first_name", "given-name"), ("last_name", "family-name"), ("pre_nominals", "honorific-prefix"),
    ("address1", "address-line1"), ("address2", "off"), ("zip", "postal-code"), ("city", "address-level2"),
])
def test_the_profiles_text_fields_tell_the_browser_what_to_fill_in(field, autocomplete):
    html = str(profile_form()[field])
    assert f'autocomplete="{autocomplete}"' in html and 'type="text"' in html


def test_a_profile_text_field_may_be_left_empty_and_tells_the_browser_what_to_fill_in():
    # (the form's fields are made once, at import: this makes one in the test, for make mutation)
    field = _text("Street", max_length=5, autocomplete="address-line1")
    assert (field.required, field.clean(""), field.max_length) == (False, "", 5)
    assert field.widget.attrs == {"autocomplete": "address-line1", "maxlength": "5"}


CUSTOMER = {"customer_id": "c1", "personal_information": {
    "first_name": "Tereza", "gender": 2, "birthdate": "1990-04-12", "email": "t@example.com",
    "phone": "420777123456", "language_id": "cs", "consents": [{"consent_id": "a1", "consent_value": 1}],
    "address": {"city": "Brno", "country_code": "CZ"}}}
LANGUAGES = [{"language_id": "en"}, {"language_id": "cs"}, {"language_id": "de", "state": 0}]
COUNTRIES = [{"country_id": "CZ"}, {"country_id": "sk", "name": "Slovensko"}]
CONSENTS = [{"agreement_id": "a1", "name": "Newsletter", "text": "<b>News</b> by e-mail",
             "withdrawal_text": "Untick it to stop them."}]


def customer_form(customer=CUSTOMER, data=None):
    return ProfileForm(data, languages=LANGUAGES, countries=COUNTRIES, stores=[], consents=CONSENTS,
                       customer=customer)


def test_the_profile_form_shows_the_customers_details_as_they_are():
    form = customer_form()
    assert form.initial == {
        "first_name": "Tereza", "last_name": "", "pre_nominals": "", "post_nominals": "", "email": "t@example.com",
        "language_id": "cs", "store_id": "", "gender": "2", "birthdate": date(1990, 4, 12), "phone": "+420 777 123 456",
        "address1": "", "address2": "", "address3": "", "zip": "", "city": "Brno", "country_code": "cz",
        "consent_a1": True}
    assert form.fields["language_id"].choices == [("cs", "Czech"), ("en", "English")]
    assert form.fields["country_code"].choices == [("", "Not given"), ("cz", "CZ"), ("sk", "Slovensko")]
    assert form.fields["consent_a1"].help_text == "News by e-mail Untick it to stop them."
    assert (form.fields["email"].required, form.fields["phone"].required) == (True, True)


def test_a_customer_without_a_phone_number_is_shown_none_and_need_not_give_one():
    form = customer_form({"personal_information": {"first_name": "Jan", "language_id": "en"}})
    assert (form.initial["phone"], form.initial["email"], form.initial["last_name"]) == ("", "", "")
    assert (form.fields["email"].required, form.fields["phone"].required) == (False, False)
    assert form.fields["consent_a1"].help_text == "News by e-mail"


def test_the_phone_number_a_customer_logs_in_with_cannot_be_removed():
    form = customer_form(data={"language_id": "cs", "email": "t@example.com", "phone": ""})
    assert form.is_bound is True
    assert form.errors == {"phone": ["This field is required."]}


@pytest.mark.parametrize("typed", ["+420 777 123 456", "00420 777 123 456", "777 123 456", "777-123-456",
                                   "420777123456", "(420) 777.123.456"])
def test_a_phone_number_is_kept_with_its_country_prefix_however_it_is_typed(typed):
    form = profile_form({"language_id": "en", "phone": typed})
    assert form.errors == {}
    assert form.cleaned_data["phone"] == "420777123456"


def test_a_phone_number_of_another_country_keeps_its_own_prefix():
    form = profile_form({"language_id": "en", "phone": "+44 20 7946 0958"})
    assert (form.errors, form.cleaned_data["phone"]) == ({}, "442079460958")


def test_the_interests_form_reads_what_was_ticked():
    form = InterestsForm({"interests": ["i1"]}, interests=[{"interest_id": "i1", "name": "Coffee"},
                                                          {"interest_id": "i2", "name": "Tea"}])
    assert form.is_bound is True and form.errors == {}
    assert (form.chosen(), form.offered) == ({"i1"}, {"i1", "i2"})


def with_info(**info):
    return {"customer_id": "c1", "personal_information": {"language_id": "en", **info}}


def test_the_third_gender_is_offered_only_to_a_customer_who_has_it():
    offered = [code for code, _label in customer_form(with_info(gender=3)).fields["gender"].choices]
    assert "3" in offered
    assert "3" not in [code for code, _label in customer_form(with_info(gender=1)).fields["gender"].choices]


def test_a_customers_language_the_project_no_longer_offers_stays_a_choice():
    form = customer_form(with_info(language_id="de"))  # "de" is switched off in the project's list
    assert [code for code, _label in form.fields["language_id"].choices] == ["cs", "en", "de"]
    assert form.initial["language_id"] == "de"


def test_a_customer_without_a_country_is_offered_only_the_projects_countries_and_no_gender():
    form = customer_form(with_info(address={"city": "Brno"}))
    assert form.fields["country_code"].choices == [("", "Not given"), ("cz", "CZ"), ("sk", "Slovensko")]
    assert (form.initial["country_code"], form.initial["gender"]) == ("", "")


def test_a_store_that_does_not_say_whether_customers_see_it_is_offered():
    stores = [{"store_id": "s1", "name": "Brno"}, {"store_id": "s2", "name": "Hidden", "visibility_for_customer": 0}]
    form = ProfileForm(languages=LANGUAGES, countries=COUNTRIES, stores=stores, consents=[], customer=with_info())
    assert form.fields["store_id"].choices == [("", "No home store"), ("s1", "Brno")]
