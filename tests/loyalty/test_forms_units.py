"""The profile forms' fields as the browser gets them, without CareCloud: what may be left empty,
the autofill hints, the customer's current details filled in, the choices of language and country,
a consent's own words, the questions' labels and answers (a yes/no question read and saved as a
yes or a no), and each form bound to what was posted."""

import re
from datetime import date

import pytest
from django.utils import translation

from portal.loyalty import properties
from portal.loyalty.forms import InterestsForm, ProfileForm, PropertiesForm


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def definition(data_type, items=(), required=False, property_id="p1", name="Question", description=""):
    raw = {"property_id": property_id, "name": name, "description": description, "data_type": data_type,
           "is_required": required, "state": 1, "items": list(items)}
    return properties.definitions([raw])[0]


def records(**values):
    return [{"property_record_id": f"{pid}:c", "property_id": pid, "property_value": value}
            for pid, value in values.items()]


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
        "language_id": "cs", "store_id": "", "gender": "2", "birthdate": date(1990, 4, 12), "phone": "+420777123456",
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


def test_the_interests_form_reads_what_was_ticked():
    form = InterestsForm({"interests": ["i1"]}, interests=[{"interest_id": "i1", "name": "Coffee"},
                                                          {"interest_id": "i2", "name": "Tea"}])
    assert form.is_bound is True and form.errors == {}
    assert (form.chosen(), form.offered) == ({"i1"}, {"i1", "i2"})


def test_a_form_bound_to_what_was_posted_reads_the_answers():
    form = PropertiesForm({"property_p1": "yes", "property_p2": "no", "property_p3": "42"},
                          definitions=[definition("boolean"), definition("boolean", property_id="p2"),
                                       definition("integer", property_id="p3")], records=[])
    assert form.is_bound is True
    assert form.errors == {}
    assert form.values() == {"p1": True, "p2": False, "p3": 42}


@pytest.mark.parametrize(("posted", "value"), [("yes", True), ("no", False), ("", None)])
def test_a_yes_no_question_saves_the_answer_given(posted, value):
    form = PropertiesForm({"property_p1": posted}, definitions=[definition("boolean")], records=[])
    assert form.errors == {}
    assert form.values() == {"p1": value}


@pytest.mark.parametrize(("stored", "initial"), [(False, "no"), (True, "yes"), (None, "")])
def test_a_yes_no_question_shows_the_stored_answer_ticked(stored, initial):
    form = PropertiesForm(definitions=[definition("boolean")], records=records(p1=stored))
    assert form.initial == {"property_p1": initial}
    assert re.findall(r'value="([^"]*)"[^>]*checked', str(form["property_p1"])) == [initial]


def test_a_number_question_keeps_its_label_help_and_required_mark():
    form = PropertiesForm(definitions=[definition("integer", required=True, name="Cups a day",
                                                  description="How many cups of coffee")], records=[])
    field = form.fields["property_p1"]
    assert (field.label, field.help_text, field.required) == ("Cups a day", "How many cups of coffee", True)
    html = str(form["property_p1"])
    assert 'type="number"' in html and 'inputmode="numeric"' in html and 'autocomplete="off"' in html
    assert PropertiesForm({}, definitions=form.definitions.values(), records=[]).errors == {
        "property_p1": ["This field is required."]}


def test_a_question_with_many_choices_is_a_drop_down_the_browser_does_not_fill_in():
    items = [{"id": str(n), "name": f"Store {n}"} for n in range(8)]
    html = str(PropertiesForm(definitions=[definition("enum", items)], records=[])["property_p1"])
    assert html.startswith("<select") and 'autocomplete="off"' in html
    assert '<option value="" selected>Choose…</option>' in html


@pytest.mark.parametrize("value", ["line\nbreak", "tab\there", "bell\x07"])
def test_a_control_character_is_refused_with_its_message(value):
    from django.core.exceptions import ValidationError

    from portal.loyalty.forms import no_control_characters

    with pytest.raises(ValidationError) as refused:
        no_control_characters(value)
    assert refused.value.code == "control"
    assert "special characters" in str(refused.value.messages[0])
    assert no_control_characters("Brno – Královo Pole") is None  # letters, spaces and dashes are fine
