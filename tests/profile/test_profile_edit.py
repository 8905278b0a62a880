"""Editing the profile (PUT /customers/{id}) against the live sandbox: what changes, what must not,
validation before CareCloud, CareCloud's own 400s on the right field, failures that keep the input,
and the portal following a new preferred language."""

import logging
import re
from http import HTTPStatus

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from portal.core.forms import REASON_MESSAGES
from tests.conftest import portal_login
from tests.support.forms import FUZZ_PARTS, as_submitted, assert_no_server_error, hostile_submissions

# The paths of the customer record the form shows (and may change).
FORM_PATHS = {
    "personal_information.first_name", "personal_information.last_name", "personal_information.pre_nominals",
    "personal_information.post_nominals", "personal_information.gender", "personal_information.birthdate",
    "personal_information.email", "personal_information.phone", "personal_information.language_id",
    "personal_information.store_id", "personal_information.address.address1",
    "personal_information.address.address2", "personal_information.address.address3",
    "personal_information.address.zip", "personal_information.address.city",
    "personal_information.address.country_code",
}


def url(name="profile:profile-edit", language="en"):
    with translation.override(language):
        return reverse(name)


def flatten(value, prefix=""):
    """``{"a": {"b": 1}, "c": [{"d": 2}]}`` → ``{"a.b": 1, "c.0.d": 2}`` (leaves by path)."""
    if isinstance(value, dict):
        items = {}
        for key, item in value.items():
            items.update(flatten(item, f"{prefix}{key}."))
        return items or {prefix.rstrip("."): {}}
    if isinstance(value, list):
        items = {}
        for index, item in enumerate(value):
            items.update(flatten(item, f"{prefix}{index}."))
        return items or {prefix.rstrip("."): []}
    return {prefix.rstrip("."): value}


def edit_form(client, language="en"):
    response = client.get(url(language=language))
    assert response.status_code == HTTPStatus.OK
    return response.context["form"]


def submit(client, changes=None, language="en", drop=()):
    data = {**as_submitted(edit_form(client, language)), **(changes or {})}
    for name in drop:
        data.pop(name, None)
    return client.post(url(language=language), data)


def consent_field(form, consent_id):
    return next(name for name, cid in form.consent_names.items() if cid == consent_id)


def errors_of(response):
    return response.context["form"].errors


# --- the form --------------------------------------------------------------------------------------


def test_the_form_shows_the_record_with_labels_and_autocomplete(customer_client, ids):
    response = customer_client.get(url())
    body = response.content.decode()
    form = response.context["form"]
    assert form["first_name"].value() == "Tereza" and form["last_name"].value() == "Dvořáková"
    assert form["email"].value() == ids.DEMO_EMAIL and form["phone"].value() == "+420 777 123 456"
    assert str(form["birthdate"].value()) == "1988-04-17" and form["gender"].value() == "2"
    assert form["store_id"].value() == ids.STORE_PRAHA and form["language_id"].value() == "cs"
    assert form["country_code"].value() == "cz" and form["city"].value() == "Praha 3"
    for token in ("given-name", "family-name", "email", "tel", "bday", "postal-code", "address-level2", "country",
                  "language", "sex"):
        assert f'autocomplete="{token}"' in body, token
    assert 'name="csrfmiddlewaretoken"' in body
    assert '<label for="id_first_name">First name' in body
    # consents: given ones ticked, the one never answered not
    assert form[consent_field(form, ids.CONSENT_GTC)].value() is True
    assert form[consent_field(form, ids.CONSENT_PROFILING)].value() is False
    # choices come from CareCloud: a store hidden from customers is not offered
    assert "Ostrava" not in body and "Zrnko Brno" in body


def test_the_form_is_in_czech(customer_client):
    body = customer_client.get(url(language="cs")).content.decode()
    assert "Upravit profil" in body and "Česká republika" in body and "Zpracování osobních údajů" in body


def test_an_unchanged_form_writes_nothing(fresh_sandbox, customer_client, calls):
    response = submit(customer_client)
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == url("profile:profile")
    assert calls("putCustomer") == []
    page = customer_client.get(response["Location"]).content.decode()
    assert "Nothing has changed." in page


# --- PUT replaces the record: everything the form does not show goes back as it came -----------------


def test_put_keeps_every_field_the_form_does_not_show(fresh_sandbox, customer_client, demo, calls, caplog):
    # Another system gave the customer more than the portal shows: a second address line.
    info = demo.customer()["personal_information"]
    info["address"]["address4"] = "Byt 12, 3. patro"
    info["consents"] = [{"consent_id": c["consent_id"], "consent_value": c["consent_value"]} for c in info["consents"]]
    demo.put_customer({"personal_information": info})
    before = flatten(demo.customer())
    calls.mark()

    with caplog.at_level(logging.INFO):
        response = submit(customer_client, {"city": "Praha 2", "zip": "12000", "phone": "+420 777 000 111"})
    assert response.status_code == HTTPStatus.FOUND, errors_of(response)
    after = flatten(demo.customer())

    assert calls("putCustomer") == [("putCustomer", HTTPStatus.NO_CONTENT)]
    assert after["personal_information.address.city"] == "Praha 2"
    assert after["personal_information.address.zip"] == "12000"
    assert after["personal_information.phone"] == "420777000111"
    untouched = {path for path in before if path not in FORM_PATHS and path != "last_change"}
    assert "personal_information.address.address4" in untouched and "personal_information.salutation" in untouched
    assert {path: after.get(path) for path in untouched} == {path: before[path] for path in untouched}
    assert set(after) - set(before) == set()  # nothing appeared that was not there
    # the shown fields that were not changed did not change either
    for path in FORM_PATHS - {"personal_information.address.city", "personal_information.address.zip",
                              "personal_information.phone"}:
        assert after.get(path) == before.get(path), path
    # the write is logged by the fields it changed, without their values
    lines = [r.getMessage() for r in caplog.records if r.name == "portal.profile.services"]
    assert lines == ["customer profile updated: phone, address"]
    assert not any("777000111" in r.getMessage() or "Praha" in r.getMessage() for r in caplog.records)


def test_changing_the_name_lets_carecloud_make_the_salutation_again(fresh_sandbox, customer_client, demo):
    assert demo.customer()["personal_information"]["salutation"] == "Vážená paní Dvořáková"
    response = submit(customer_client, {"last_name": "Svobodová"})
    assert response.status_code == HTTPStatus.FOUND
    assert demo.customer()["personal_information"]["salutation"] == "Vážená paní Svobodová"


def test_clearing_optional_fields_removes_them(fresh_sandbox, customer_client, demo):
    response = submit(customer_client, {"pre_nominals": "", "birthdate": "", "gender": "", "address3": ""})
    assert response.status_code == HTTPStatus.FOUND, errors_of(response)
    info = demo.customer()["personal_information"]
    assert "pre_nominals" not in info or info["pre_nominals"] == ""
    assert "birthdate" not in info and "gender" not in info and "address3" not in info["address"]
    assert info["address"]["address2"] == "1511"


def test_a_new_home_store_and_country(fresh_sandbox, customer_client, demo, ids):
    response = submit(customer_client, {"store_id": ids.STORE_BRNO, "country_code": "sk"})
    assert response.status_code == HTTPStatus.FOUND
    info = demo.customer()["personal_information"]
    assert info["store_id"] == ids.STORE_BRNO and info["address"]["country_code"] == "sk"


# --- consents -------------------------------------------------------------------------------------------


def test_consents_change_only_where_a_box_changed(fresh_sandbox, customer_client, demo, ids):
    from portal.sandbox.seed.reference import CONSENT_SMS_MARKETING

    before = {c["consent_id"]: c for c in demo.customer()["personal_information"]["consents"]}
    form = edit_form(customer_client)
    data = as_submitted(form)
    data.pop(consent_field(form, ids.CONSENT_MARKETING))  # untick a given consent: withdrawn
    data[consent_field(form, CONSENT_SMS_MARKETING)] = "on"  # tick a new one: given
    response = customer_client.post(url(), data)
    assert response.status_code == HTTPStatus.FOUND
    after = {c["consent_id"]: c for c in demo.customer()["personal_information"]["consents"]}
    assert after[ids.CONSENT_MARKETING]["consent_value"] == 0
    assert after[CONSENT_SMS_MARKETING]["consent_value"] == 1
    # left unticked and never answered: still not answered (not turned into a refusal)
    assert after[ids.CONSENT_PROFILING] == before[ids.CONSENT_PROFILING]
    assert after[ids.CONSENT_GTC] == before[ids.CONSENT_GTC]  # unchanged, last_change included
    assert after[ids.CONSENT_MARKETING]["last_change"] != before[ids.CONSENT_MARKETING]["last_change"]


def test_a_record_with_only_the_deprecated_agreement_keeps_that_structure(fresh_sandbox, second_customer_client,
                                                                          sandbox, second_token, ids):
    def record():
        response = sandbox.api().get(f"/customers/{ids.SECOND_CUSTOMER}", token=second_token)
        return response.json()["data"]["personal_information"]

    assert record()["consents"] == [] and record()["agreement"]["agreement_marketing_communication"] == 0
    form = edit_form(second_customer_client)
    data = as_submitted(form)
    data[consent_field(form, ids.CONSENT_MARKETING)] = "on"
    response = second_customer_client.post(url(), data)
    assert response.status_code == HTTPStatus.FOUND, errors_of(response)
    info = record()
    assert info["agreement"]["agreement_marketing_communication"] == 1
    assert info["agreement"]["agreement_profiling"] == 0 and info["agreement"]["agreement_gtc"] == 1
    assert info["consents"] == []


# --- validation before CareCloud --------------------------------------------------------------------------


@pytest.mark.parametrize("field, value, message", [
    ("email", "not-an-email", "Enter a valid email address."),
    ("email", "jana@exámple.cz", "Enter your e-mail address in plain letters"),
    ("email", "", "This field is required."),  # the customer has one: it can be changed, not removed
    ("phone", "12345", "Enter your phone number with the country code"),
    ("phone", "+420 abc 123 456", "Enter your phone number with the country code"),
    ("phone", "", "This field is required."),
    ("birthdate", "2999-01-01", "The date of birth cannot be in the future."),
    ("birthdate", "1850-01-01", "Check the year of your date of birth."),
    ("birthdate", "31.02.1990", "Enter a valid date."),
    ("gender", "9", "Select a valid choice."),
    ("language_id", "xx", "Select a valid choice."),
    ("store_id", "no-such-store", "Select a valid choice."),
    ("store_id", "", "This field is required."),  # a home store can be changed, not removed
    ("country_code", "zz", "Select a valid choice."),
    ("first_name", "Tere\x07za", "Remove the special characters"),
    ("last_name", "x" * 101, "Ensure this value has at most 100 characters"),
])
def test_invalid_input_is_refused_before_carecloud(customer_client, calls, field, value, message):
    calls.mark()
    response = submit(customer_client, {field: value})
    assert response.status_code == HTTPStatus.OK
    assert any(message in error for error in errors_of(response)[field]), errors_of(response)
    body = response.content.decode()
    assert 'class="error-summary"' in body and f'href="#id_{field}"' in body
    assert calls("putCustomer") == []


def test_validation_messages_are_czech_on_the_czech_form(customer_client):
    response = submit(customer_client, {"phone": "12345", "birthdate": "2999-01-01"}, language="cs")
    body = response.content.decode()
    assert "Zadejte své telefonní číslo s předvolbou" in body and "Datum narození nemůže být v budoucnosti." in body


def test_a_czech_date_is_understood_on_the_czech_form(fresh_sandbox, customer_client, demo):
    response = submit(customer_client, {"birthdate": "17. 5. 1988"}, language="cs")
    assert response.status_code == HTTPStatus.FOUND, errors_of(response)
    assert demo.customer()["personal_information"]["birthdate"] == "1988-05-17"


# --- CareCloud's 400s and failures ------------------------------------------------------------------------


@pytest.mark.parametrize("field, value", [("email", "jana.novakova@example.com"), ("phone", "+420608555111")])
def test_an_e_mail_or_phone_of_another_customer_is_carecloud_400_on_its_field(fresh_sandbox, customer_client, calls,
                                                                              demo, field, value):
    before = demo.customer()
    response = submit(customer_client, {field: value})
    assert response.status_code == HTTPStatus.OK
    assert calls("putCustomer") == [("putCustomer", HTTPStatus.BAD_REQUEST)]  # CareCloud's own answer
    assert errors_of(response)[field] == [str(REASON_MESSAGES["already_exists"])]
    assert response.context["form"][field].value() == value  # what was typed stays
    assert demo.customer() == before


def test_carecloud_400_is_in_czech_on_the_czech_form(fresh_sandbox, customer_client):
    response = submit(customer_client, {"email": "jana.novakova@example.com"}, language="cs")
    assert "Toto už je použito u jiného účtu." in response.content.decode()


def test_carecloud_down_when_saving_keeps_everything_typed(fresh_sandbox, customer_client, demo,
                                                           post_while_carecloud_is_down):
    data = {**as_submitted(edit_form(customer_client)), "city": "Olomouc", "first_name": "Terezie"}
    body = post_while_carecloud_is_down(customer_client, url(), data).content.decode()
    assert 'value="Olomouc"' in body and 'value="Terezie"' in body
    assert demo.customer()["personal_information"]["first_name"] == "Tereza"


def test_a_failed_put_is_not_repeated_and_keeps_everything_typed(fresh_sandbox, customer_client, demo,
                                                                 fail_next_write):
    data = {**as_submitted(edit_form(customer_client)), "city": "Olomouc"}
    writes = fail_next_write(503)
    response = customer_client.post(url(), data)
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert writes == ["PUT"]  # one attempt
    assert 'value="Olomouc"' in response.content.decode()
    assert demo.customer()["personal_information"]["address"]["city"] == "Praha 3"


def test_a_form_that_cannot_be_drawn_says_so(fresh_sandbox, customer_client):
    fresh_sandbox.set_faults(force_status=503, retry_after=0)
    response = customer_client.get(url())
    fresh_sandbox.clear_faults()
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "We can't load this right now" in response.content.decode()


# --- the preferred language --------------------------------------------------------------------------------


def test_a_new_preferred_language_switches_the_portal(fresh_sandbox, customer_client, calls, demo):
    assert demo.customer()["personal_information"]["language_id"] == "cs"
    data = {**as_submitted(edit_form(customer_client, "cs")), "language_id": "en"}
    calls.mark()
    response = customer_client.post(url(language="cs"), data)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == url("profile:profile", "en")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert [call[0] for call in calls("putCustomer", "putToken")] == ["putCustomer", "putToken"]
    assert demo.customer()["personal_information"]["language_id"] == "en"
    page = customer_client.get(response["Location"])
    assert '<html lang="en">' in page.content.decode() and "Your profile has been saved." in page.content.decode()
    assert calls("putToken") == [("putToken", HTTPStatus.NO_CONTENT)]  # the page did not need another


def test_a_language_the_portal_does_not_speak_is_saved_but_the_page_stays(fresh_sandbox, customer_client, demo):
    response = submit(customer_client, {"language_id": "sk"}, language="en")
    assert response["Location"] == url("profile:profile", "en")
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert demo.customer()["personal_information"]["language_id"] == "sk"


def test_saving_other_fields_does_not_switch_the_page_language(fresh_sandbox, customer_client):
    response = submit(customer_client, {"city": "Praha 2"}, language="en")  # the customer prefers cs
    assert response["Location"] == url("profile:profile", "en")


# --- safety ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["profile:profile-edit", "profile:interests-edit", "aboutyou:properties-edit"])
def test_anonymous_visitors_go_to_log_in_and_cause_no_carecloud_call(client, carecloud, db, calls, name):
    for response in (client.get(url(name)), client.post(url(name), {"first_name": "X", "interests": ["x"]})):
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith(url("accounts:login"))
    assert calls() == []


@pytest.mark.parametrize("name", ["profile:profile-edit", "profile:interests-edit", "aboutyou:properties-edit"])
def test_a_post_without_the_csrf_token_is_refused(carecloud, db, calls, name):
    client = Client(enforce_csrf_checks=True)
    portal_login(client)  # the login form is CSRF-protected too: log in with its token
    calls.mark()
    response = client.post(url(name), {"first_name": "X"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert calls() == []


@pytest.mark.slow
@pytest.mark.parametrize("part", range(FUZZ_PARTS))
def test_hostile_input_never_breaks_the_form(fresh_sandbox, customer_client, settings, part):
    settings.PORTAL_RATE_LIMITS = {"account-write": "10000/15m/customer,10000/15m/ip"}
    valid = as_submitted(edit_form(customer_client))
    for label, data in hostile_submissions(valid, part, FUZZ_PARTS):
        response = customer_client.post(url(), data)
        assert_no_server_error(response, label)
        assert response.status_code in (HTTPStatus.OK, HTTPStatus.FOUND), label


def test_no_personal_data_or_token_in_the_logs(fresh_sandbox, customer_client, caplog, ids):
    with caplog.at_level(logging.DEBUG):
        submit(customer_client, {"email": "tereza.nova@example.com", "first_name": "Terezie"})
        submit(customer_client, {"email": "jana.novakova@example.com"})
    text = "\n".join(record.getMessage() for record in caplog.records)
    token = customer_client.session["carecloud"]["token"]
    assert token not in text
    assert not re.search(r"tereza\.nova|Terezie|jana\.novakova", text)
    assert "customer profile updated: first_name, email" in text
