"""Registration against the live sandbox: the choices CareCloud offers, a new customer landing
logged in, every validation error, CareCloud's 400s on their fields, failures with the input kept,
and a registration that timed out never sent again blindly."""

import re
import time
import uuid
from http import HTTPStatus

import pytest
import responses
from django.test import Client
from django.urls import reverse
from django.utils import translation

from portal.accounts.session import GUEST_KEY, REGISTRATION_UNCERTAIN_KEY, SESSION_KEY
from portal.sandbox.seed.customers import DEMO_REFERRAL_CODE
from portal.sandbox.seed.preferences import ITEM_MONTHLY, ITEM_STORE_BRNO
from tests.support.forms import FUZZ_PARTS, assert_no_server_error, hostile_submissions

pytestmark = pytest.mark.django_db

PASSWORD = "Kavarna-Nova-7"


def url(name="accounts:register", language="en", **query):
    with translation.override(language):
        path = reverse(name)
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def unique_email() -> str:
    return f"join-{uuid.uuid4().hex[:12]}@example.com"


def valid(ids, **changes) -> dict:
    data = {
        "first_name": "Marta", "last_name": "Dvořáková", "email": unique_email(), "phone": "",
        "password": PASSWORD, "birthdate": "1990-04-12", "language_id": "en", "store_id": ids.STORE_BRNO,
        "address1": "Údolní 53", "zip": "60200", "city": "Brno", "country_code": "cz",
        "property_newsletter_frequency": ITEM_MONTHLY,
        f"consent_{ids.CONSENT_GTC}": "on", f"consent_{ids.CONSENT_MARKETING}": "on", "referral_code": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def operations(carecloud, since):
    """The CareCloud operations called since ``since``; a forced fault is named by method and path
    (the sandbox answers it before it knows the operation)."""
    return [entry["operation_id"] or f"{entry['method']} {entry['path']}" for entry in carecloud.requests_log(since)]


def enterprise_customer(sandbox, email):
    api = sandbox.api("enterprise")
    found = api.get("/customers", token=sandbox.enterprise_token(), params={"email": email}).json()["data"]
    return found["customers"][0] if found["customers"] else None


# --- the form -------------------------------------------------------------------------------------


def test_the_form_offers_carecloud_choices_in_the_page_language(carecloud, client, ids):
    english = client.get(url())
    assert english.status_code == HTTPStatus.OK
    form = english.context["form"]
    assert dict(form.fields["language_id"].choices) == {"cs": "Czech", "en": "English", "sk": "Slovak"}
    assert form.fields["language_id"].initial == "en"
    stores = dict(form.fields["store_id"].choices)
    assert stores[ids.STORE_PRAHA] == "Zrnko Prague – Vinohrady" and ids.STORE_ESHOP in stores
    assert "5d1e0c8a9b7f4e2d3c6a1b0f98" not in stores  # the closed store customers do not see
    assert dict(form.fields["country_code"].choices)["cz"] == "Czech Republic"
    # every consent, the custom ones too; the one the project requires is required
    consents = {name: field for name, field in form.fields.items() if name.startswith("consent_")}
    assert len(consents) == 5 and consents[f"consent_{ids.CONSENT_GTC}"].required
    assert not consents[f"consent_{ids.CONSENT_MARKETING}"].required
    # the required customer properties only, each with its items in the page language; the favourite
    # store (its items are the stores) is the home store, asked once
    properties = {name: field for name, field in form.fields.items() if name.startswith("property_")}
    assert set(properties) == {"property_newsletter_frequency"} and form.fields["store_id"].required
    assert dict(properties["property_newsletter_frequency"].choices)[ITEM_MONTHLY] == "Monthly"

    czech = client.get(url(language="cs")).context["form"]
    assert dict(czech.fields["language_id"].choices)["cs"] == "česky"
    assert dict(czech.fields["property_newsletter_frequency"].choices)[ITEM_MONTHLY] == "Jednou měsíčně"
    assert dict(czech.fields["country_code"].choices)["cz"] == "Česká republika"


def test_the_page_explains_the_password_policy_and_has_autocomplete(carecloud, client):
    html = client.get(url()).content.decode()
    assert "At least 8 characters, with a number and an uppercase letter." in html
    for field, token in (("first_name", "given-name"), ("last_name", "family-name"), ("email", "email"),
                         ("phone", "tel"), ("birthdate", "bday"), ("password", "new-password"),
                         ("zip", "postal-code"), ("address1", "address-line1"), ("country_code", "country")):
        assert re.search(rf'<(input|select)[^>]*autocomplete="{token}"[^>]*id="id_{field}"', html) or \
            re.search(rf'<(input|select)[^>]*id="id_{field}"[^>]*autocomplete="{token}"', html), field
    assert 'name="csrfmiddlewaretoken"' in html
    czech = client.get(url(language="cs")).content.decode()
    assert "Alespoň 8 znaků" in czech


def test_reference_data_is_read_once_and_a_visitor_gets_no_token_until_one_is_needed(carecloud, client):
    client.get(url())
    since = carecloud.last_seq()
    visitor = Client()
    assert visitor.get(url()).status_code == HTTPStatus.OK
    assert operations(carecloud, since) == []  # cached lists: no CareCloud call, no token made
    assert GUEST_KEY not in visitor.session


def test_the_login_page_links_to_registration_with_next(carecloud, client):
    html = client.get(url("accounts:login", next="/en/points/")).content.decode()
    assert f'href="{url()}?next=/en/points/"' in html.replace("%2F", "/")


# --- success ----------------------------------------------------------------------------------------


def test_a_new_customer_registers_and_lands_logged_in(fresh_sandbox, carecloud, client, ids, settings):
    settings.PORTAL_DIGITAL_CARD_TYPE = ""  # no digital card: its calls are tests/cards/test_free_cards.py's
    client.get(url())
    session_key, csrf = client.session.session_key, client.cookies["csrftoken"].value
    data = valid(ids, phone="+420 601 234 567", referral_code=DEMO_REFERRAL_CODE.lower())
    since = carecloud.last_seq()

    response = client.post(url(), data)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == url("overview:dashboard")
    assert operations(carecloud, since) == ["postCustomer"]  # with the token the form's page made
    stored = client.session[SESSION_KEY]
    assert stored["customer_id"] and stored["token"]
    assert client.session.session_key != session_key  # the session was rotated, and the CSRF secret
    assert client.cookies["csrftoken"].value != csrf
    assert GUEST_KEY not in client.session
    overview = client.get(url("overview:dashboard"))
    assert overview.status_code == HTTPStatus.OK and "Marta" in overview.content.decode()
    assert "Welcome to the club!" in overview.content.decode()

    customer = enterprise_customer(fresh_sandbox, data["email"])
    info = customer["personal_information"]
    assert customer["customer_id"] == stored["customer_id"]
    assert (info["first_name"], info["last_name"], info["phone"], info["birthdate"], info["store_id"]) == \
        ("Marta", "Dvořáková", "420601234567", "1990-04-12", ids.STORE_BRNO)
    assert info["address"] == {"address1": "Údolní 53", "zip": "60200", "city": "Brno", "country_code": "cz"}
    consents = {c["consent_id"]: c["consent_value"] for c in info["consents"]}
    assert consents[ids.CONSENT_GTC] == 1 and consents[ids.CONSENT_MARKETING] == 1
    assert consents[ids.CONSENT_PROFILING] == 2 and len(consents) == 5  # left unticked: "consent not set"
    token = stored["token"]
    records = fresh_sandbox.api().get(f"/customers/{customer['customer_id']}/property-records", token=token).json()
    values = {r["property_id"]: [i["id"] for i in r["property_value"]] for r in records["data"]["property_records"]}
    assert values == {"favourite_store": [ITEM_STORE_BRNO], "newsletter_frequency": [ITEM_MONTHLY]}  # the home store
    # and the customer can log in with the password chosen
    assert Client().post(url("accounts:login"), {"login_type": "email", "login_value": data["email"],
                                                 "password": PASSWORD}).status_code == HTTPStatus.FOUND


def test_the_customer_source_comes_from_the_one_place_that_decides_it(fresh_sandbox, carecloud, client, ids,
                                                                     settings):
    settings.PORTAL_CUSTOMER_SOURCE_ID = ids.SOURCE_ESHOP
    data = valid(ids)
    assert client.post(url(), data).status_code == HTTPStatus.FOUND
    customer_id = client.session[SESSION_KEY]["customer_id"]
    staff = fresh_sandbox.enterprise_token()
    found = fresh_sandbox.api("enterprise").get("/customers", token=staff,
                                                 params={"customer_source_id": ids.SOURCE_ESHOP}).json()
    assert customer_id in [c["customer_id"] for c in found["data"]["customers"]]


@pytest.mark.parametrize("target,expected", [
    ("/en/points/", "/en/points/"),
    ("https://evil.example.com/", "/en/overview/"),
    ("//evil.example.com/", "/en/overview/"),
])
def test_next_is_followed_only_on_this_site(fresh_sandbox, carecloud, client, ids, target, expected):
    response = client.post(url(), {**valid(ids), "next": target})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == expected


def test_a_logged_in_customer_is_sent_on(customer_client):
    assert customer_client.get(url())["Location"] == url("overview:dashboard")
    assert customer_client.get(url(next="/en/points/"))["Location"] == "/en/points/"


# --- validation before CareCloud -------------------------------------------------------------------------


@pytest.mark.parametrize("field,value,message", [
    ("first_name", "", "This field is required."),
    ("last_name", "  ", "This field is required."),
    ("email", "jana@", "Enter your e-mail address, e.g. jana@example.com."),
    ("email", "jana@example", "Enter your e-mail address, e.g. jana@example.com."),
    ("phone", "12345", "Enter your phone number with the country code"),
    ("password", "kavarna-nova-7", "Add an uppercase letter (A–Z)."),
    ("password", "Kavarna-Nova", "Add a number (0–9)."),
    ("password", "Kava-7", "Use at least 8 characters."),
    ("password", "Password1", "This password is too common."),
    ("birthdate", "2999-01-01", "Enter your real date of birth."),
    ("birthdate", "12. 4. 1990", "Enter a valid date."),
    ("language_id", "de", "Select a valid choice."),
    ("store_id", "5d1e0c8a9b7f4e2d3c6a1b0f98", "Select a valid choice."),
    ("country_code", "xx", "Select a valid choice."),
    ("property_newsletter_frequency", "0b2d4f6a8c1e3b5d7f9a0c2e46", "Select a valid choice."),  # no longer offered
    ("store_id", "", "This field is required."),
    ("consent_47be9a112e4ed21baba6ac4289", None, "You need to agree to this to join."),
    ("first_name", "Marta\x00", "Remove the special characters from this field."),
])
def test_each_validation_error_is_next_to_its_field_and_nothing_is_sent(carecloud, client, ids, field, value,
                                                                      message):
    data = valid(ids, **{field: value})  # (None leaves the field out)
    client.get(url())
    since = carecloud.last_seq()

    response = client.post(url(), data)

    assert response.status_code == HTTPStatus.OK
    errors = response.context["form"].errors
    assert list(errors) == [field], errors
    assert any(message in error for error in errors[field])
    html = response.content.decode()
    assert 'class="error-summary"' in html and f'href="#id_{field}' in html
    assert PASSWORD not in html  # the password never comes back
    assert operations(carecloud, since) == []


def test_validation_messages_are_czech_on_the_czech_page(carecloud, client, ids):
    response = client.post(url(language="cs"), valid(ids, email="x", password="kratke"))
    html = response.content.decode()
    assert "Zadejte svou e-mailovou adresu" in html and "Použijte alespoň 8 znaků." in html


# --- CareCloud's 400s on the fields ------------------------------------------------------------------------


@pytest.mark.parametrize("language,message", [("en", "This is already registered to another account."),
                                              ("cs", "Toto už je použito u jiného účtu.")])
def test_a_taken_email_is_said_next_to_the_email_field(carecloud, client, ids, language, message):
    response = client.post(url(language=language), valid(ids, email=ids.DEMO_EMAIL.upper()))

    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors == {"email": [message]}
    html = response.content.decode()
    assert f'value="{ids.DEMO_EMAIL.upper()}"' in html and 'value="Marta"' in html  # as typed
    assert SESSION_KEY not in client.session


def test_a_taken_phone_is_said_next_to_the_phone_field(carecloud, client, ids):
    response = client.post(url(), valid(ids, phone="+" + ids.DEMO_PHONE))
    assert response.context["form"].errors == {"phone": ["This is already registered to another account."]}


def test_an_unknown_referral_code_is_said_next_to_its_field(carecloud, client, ids):
    response = client.post(url(), valid(ids, referral_code="NOSUCHCODE"))
    assert response.context["form"].errors == {"referral_code": ["We could not find this. Check it and try again."]}


def test_a_refusal_without_a_form_field_is_said_on_the_form_and_logged(carecloud, client, ids, settings, caplog):
    settings.PORTAL_CUSTOMER_SOURCE_ID = "no-such-source"
    response = client.post(url(), valid(ids))
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].non_field_errors() == [
        "Some details were not accepted. Check the form and try again."]
    assert "PORTAL_CUSTOMER_SOURCE_ID" in caplog.text


# --- CareCloud failing -----------------------------------------------------------------------------------------


def test_a_failure_keeps_what_was_typed_but_not_the_password_then_checks_before_sending_again(
        fresh_sandbox, carecloud, client, ids, settings):
    settings.PORTAL_DIGITAL_CARD_TYPE = ""  # no digital card: its calls are tests/cards/test_free_cards.py's
    data = valid(ids)
    client.get(url())
    client.post(url(), {})  # the session's guest token exists now (no CareCloud call for an invalid form)
    fresh_sandbox.set_faults(force_status=500, force_count=1)
    since = carecloud.last_seq()

    failed = client.post(url(), data)

    assert failed.status_code == HTTPStatus.OK  # (a 5xx answer would not save the session)
    html = failed.content.decode()
    assert "we cannot tell yet whether your account was created" in html
    assert f'value="{data["email"]}"' in html and 'value="Dvořáková"' in html and 'value="Údolní 53"' in html
    assert PASSWORD not in html
    assert client.session[REGISTRATION_UNCERTAIN_KEY] is True
    # the 500 was an answer without an account: asked first, the e-mail is free, so it is sent again
    again = client.post(url(), data)
    assert again.status_code == HTTPStatus.FOUND
    assert operations(carecloud, since) == ["POST /customers", "postCustomersCheckRegistrationAbility", "postCustomer"]
    assert REGISTRATION_UNCERTAIN_KEY not in client.session


def test_a_registration_that_timed_out_is_not_sent_again_blindly(fresh_sandbox, carecloud, client, ids, settings):
    data = valid(ids)
    client.get(url())
    client.post(url(), {})
    settings.CARECLOUD_READ_TIMEOUT = 0.5
    fresh_sandbox.set_faults(latency_ms=1500)
    since = carecloud.last_seq()

    timed_out = client.post(url(), data)

    assert timed_out.status_code == HTTPStatus.OK
    assert "we cannot tell yet whether your account was created" in timed_out.content.decode()
    assert SESSION_KEY not in client.session
    time.sleep(1.5)  # the sandbox finishes the request the portal gave up on: the account exists
    fresh_sandbox.clear_faults()

    again = client.post(url(), data)

    assert again.status_code == HTTPStatus.OK
    html = again.content.decode()
    assert "exists already: most likely your previous attempt went through after all" in html
    assert f'href="{url("accounts:login")}"' in html and f'href="{url("accounts:password-forgotten")}"' in html
    ops = operations(carecloud, since)
    assert ops.count("postCustomer") == 1 and ops[-1] == "postCustomersCheckRegistrationAbility"
    # the account the first attempt made is there, with the password chosen
    assert enterprise_customer(fresh_sandbox, data["email"]) is not None


@responses.activate
def test_without_the_check_the_duplicate_answer_tells_the_truth(fresh_sandbox, carecloud, client, ids):
    """A project that does not allow check-registration-ability on the customer interface (403):
    the second attempt goes to POST /customers, whose duplicate answer means the first one worked."""
    responses.add_passthru(carecloud.url)
    data = valid(ids)
    # the first attempt created the account, but its answer was lost
    assert client.post(url(), data).status_code == HTTPStatus.FOUND
    visitor = Client()
    session = visitor.session
    session[REGISTRATION_UNCERTAIN_KEY] = True
    session.save()
    visitor.cookies["sessionid"] = session.session_key
    responses.add(responses.POST, f"{carecloud.customer_url}/customers/actions/check-registration-ability",
                  status=403, json={"error": {"type": "Forbidden", "title": "Forbidden", "exception": "",
                                              "detail": "The action is not allowed.", "error_data": {}}})

    response = visitor.post(url(), data)

    assert response.status_code == HTTPStatus.OK
    assert "most likely your previous attempt went through after all" in response.content.decode()


def test_an_expired_visitor_token_is_replaced_and_the_registration_goes_through(fresh_sandbox, carecloud, client,
                                                                               ids, settings):
    settings.PORTAL_DIGITAL_CARD_TYPE = ""  # no digital card: its calls are tests/cards/test_free_cards.py's
    client.post(url(), {})
    guest = client.session[GUEST_KEY]["token"]
    fresh_sandbox.control("POST", f"tokens/{guest}/expire")
    since = carecloud.last_seq()
    assert client.post(url(), valid(ids)).status_code == HTTPStatus.FOUND
    assert operations(carecloud, since) == ["postCustomer", "postToken", "postCustomer"]


def test_registrations_from_one_address_are_limited(carecloud, client, ids, settings):
    settings.PORTAL_RATE_LIMITS = {"registration": "2/h/ip,5/h/contact"}
    for _ in range(2):
        client.post(url(), valid(ids, email=ids.DEMO_EMAIL))  # refused by CareCloud, counted all the same
    since = carecloud.last_seq()
    blocked = client.post(url(), valid(ids))
    assert blocked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Too many registrations from your network" in blocked.content.decode()
    assert operations(carecloud, since) == []


# --- hostile input ----------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("part", range(FUZZ_PARTS))
def test_no_input_makes_a_server_error(carecloud, client, ids, settings, part):
    settings.PORTAL_RATE_LIMITS = {"registration": "10000/h/ip,5/h/contact"}
    base = valid(ids, email=ids.DEMO_EMAIL)  # CareCloud refuses it: nobody is registered by the fuzzing
    client.get(url())
    for label, data in hostile_submissions(base, part, FUZZ_PARTS):
        response = client.post(url(), data)
        assert_no_server_error(response, label)
        assert SESSION_KEY not in client.session, label


def test_forms_need_csrf(carecloud, ids):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url(), valid(ids)).status_code == HTTPStatus.FORBIDDEN


def test_a_registration_is_logged_without_personal_data_or_tokens(fresh_sandbox, carecloud, client, ids, caplog):
    caplog.set_level("INFO")
    data = valid(ids, phone="+420 601 234 568")
    assert client.post(url(), data).status_code == HTTPStatus.FOUND
    assert "customer registered" in caplog.text
    for secret in (data["email"], "601234568", PASSWORD, client.session[SESSION_KEY]["token"], "Dvořáková"):
        assert secret not in caplog.text
