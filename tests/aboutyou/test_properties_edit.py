"""The "About you" form (customer properties) against the live sandbox: a widget per data type,
and only the property records whose answer changed are created, updated or deleted."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import translation

from portal.core.forms import REASON_MESSAGES
from portal.sandbox.seed import preferences as seed
from tests.support.forms import FUZZ_PARTS, as_submitted, assert_no_server_error, hostile_submissions

WRITES = ("postSubCustomerProperties", "putSubCustomerProperty", "deleteSubCustomerProperty")


def url(name="aboutyou:properties-edit", language="en"):
    with translation.override(language):
        return reverse(name)


def field(pid):
    return f"property_{pid}"


def stored(demo, ids):
    """The demo customer's property values by property id, as the sandbox's API gives them."""
    records = demo.get(f"/customers/{ids.DEMO_CUSTOMER}/property-records")["property_records"]
    return {r["property_id"]: r["property_value"] for r in records}


def form_data(client, language="en", **changes):
    response = client.get(url(language=language))
    assert response.status_code == HTTPStatus.OK
    return {**as_submitted(response.context["form"]), **{field(pid): value for pid, value in changes.items()}}


def test_a_widget_per_data_type_with_the_customers_answers(customer_client):
    response = customer_client.get(url())
    body = response.content.decode()
    form = response.context["form"]
    assert form[field("cups_per_day")].value() == 3 and 'type="number"' in body
    assert form[field("monthly_budget")].value() == 649.5 and 'inputmode="decimal"' in body
    assert form[field("pet_owner")].value() == "yes"
    assert str(form[field("anniversary")].value()) == "2015-06-20" and 'type="date"' in body
    assert 'type="datetime-local"' in body and 'value="2019-04-12T08:30"' in body
    assert form[field("favourite_store")].value() == seed.ITEM_STORE_PRAHA
    assert set(form[field("allergies")].value()) == {seed.ITEM_LACTOSE, seed.ITEM_NUTS}
    assert form[field("club_nickname")].value() == "terka_espresso"
    # required flags (no staff description as help), the spec's JSON-in-a-string item names in English
    assert form.fields[field("favourite_store")].required and not form.fields[field("note")].required
    assert "The store the customer visits most often." not in body
    assert ">In the evening</span>" in body and "&quot;cz&quot;" not in body
    # an item no longer offered (newsletter "Daily") is not offered
    assert "Daily" not in body
    # a project's own data type is shown, read-only
    assert field("taste_profile") not in form.fields
    assert "Taste profile" in body and "roast: medium, milk: oat" in body


def test_the_form_in_czech_with_czech_numbers_and_item_names(customer_client):
    body = customer_client.get(url(language="cs")).content.decode()
    assert 'value="649,5"' in body  # a decimal comma
    assert ">Večer</span>" in body and ">Laktóza</span>" in body and "Oblíbená prodejna" in body


def test_an_unchanged_form_writes_nothing(fresh_sandbox, customer_client, calls):
    data = form_data(customer_client)
    calls.mark()
    response = customer_client.post(url(), data)
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == url("profile:profile")
    assert calls(*WRITES) == []
    assert "Nothing has changed." in customer_client.get(response["Location"]).content.decode()


def test_only_the_changed_records_are_written(fresh_sandbox, customer_client, demo, ids, calls, caplog):
    before = stored(demo, ids)
    data = form_data(customer_client, cups_per_day="4", allergies=[seed.ITEM_GLUTEN], pet_owner="",
                     note="Flat white, please.", visit_time=seed.ITEM_EVENING, first_visit="2019-04-12T09:15")
    calls.mark()
    response = customer_client.post(url(), data)
    assert response.status_code == HTTPStatus.FOUND, response.context and response.context["form"].errors
    assert sorted(calls(*WRITES)) == [
        ("deleteSubCustomerProperty", HTTPStatus.NO_CONTENT),  # pet_owner
        ("postSubCustomerProperties", HTTPStatus.CREATED),  # note
        ("postSubCustomerProperties", HTTPStatus.CREATED),  # visit_time
        ("putSubCustomerProperty", HTTPStatus.NO_CONTENT),  # cups_per_day
        ("putSubCustomerProperty", HTTPStatus.NO_CONTENT),  # allergies
        ("putSubCustomerProperty", HTTPStatus.NO_CONTENT),  # first_visit
    ]
    after = stored(demo, ids)
    assert after["cups_per_day"] == 4
    assert [i["id"] for i in after["allergies"]] == [seed.ITEM_GLUTEN]
    assert "pet_owner" not in after
    assert after["note"] == "Flat white, please."
    assert [i["id"] for i in after["visit_time"]] == [seed.ITEM_EVENING]
    assert after["first_visit"] == "2019-04-12 09:15:00"
    for untouched in ("favourite_store", "newsletter_frequency", "anniversary", "monthly_budget", "club_nickname",
                      "taste_profile"):
        assert after[untouched] == before[untouched], untouched
    assert ("customer properties updated: created note, visit_time; updated allergies, cups_per_day, "
            "first_visit; deleted pet_owner") in caplog.text
    assert "Flat white" not in caplog.text


def test_a_czech_decimal_comma_is_a_number(fresh_sandbox, customer_client, demo, ids):
    response = customer_client.post(url(language="cs"), form_data(customer_client, "cs", monthly_budget="1 250,75"))
    assert response.status_code == HTTPStatus.FOUND
    assert stored(demo, ids)["monthly_budget"] == 1250.75


@pytest.mark.parametrize("pid, value, message", [
    ("favourite_store", "", "This field is required."),
    ("favourite_store", "no-such-item", "Select a valid choice."),
    ("cups_per_day", "three", "Enter a whole number."),
    ("cups_per_day", "99999999999", "Ensure this value is less than or equal to"),
    ("monthly_budget", "1e309", "Enter a number."),
    ("monthly_budget", "lots", "Enter a number."),
    ("anniversary", "2015-02-30", "Enter a valid date."),
    ("anniversary", "0999-01-01", "Check the year."),
    ("first_visit", "yesterday", "Enter a valid date/time."),
    ("pet_owner", "perhaps", "Select a valid choice."),
    ("allergies", ["no-such-item"], "Select a valid choice."),
    ("newsletter_frequency", seed.ITEM_DAILY, "Select a valid choice."),  # no longer offered
    ("club_nickname", "x" * 1001, "Ensure this value has at most 1000 characters"),
    ("note", "line\nbreak", "Remove the special characters"),
])
def test_invalid_answers_are_refused_before_carecloud(customer_client, calls, pid, value, message):
    data = form_data(customer_client, **{pid: value})
    calls.mark()
    response = customer_client.post(url(), data)
    assert response.status_code == HTTPStatus.OK
    assert any(message in error for error in response.context["form"].errors[field(pid)])
    assert 'class="error-summary"' in response.content.decode()
    assert calls(*WRITES) == []


def test_carecloud_400_for_one_answer_lands_on_its_field_and_the_others_are_saved(fresh_sandbox, customer_client,
                                                                                   demo, ids, calls):
    # The nickname is unique in the project, and the second customer has this one.
    data = form_data(customer_client, club_nickname="jana_latte", cups_per_day="5")
    calls.mark()
    response = customer_client.post(url(), data)
    assert response.status_code == HTTPStatus.OK
    assert ("putSubCustomerProperty", HTTPStatus.BAD_REQUEST) in calls(*WRITES)
    form = response.context["form"]
    assert form.errors[field("club_nickname")] == [str(REASON_MESSAGES["already_exists"])]
    assert form[field("club_nickname")].value() == "jana_latte"
    assert stored(demo, ids)["cups_per_day"] == 5 and stored(demo, ids)["club_nickname"] == "terka_espresso"


def test_carecloud_down_keeps_every_answer_typed(fresh_sandbox, customer_client, demo, ids,
                                                post_while_carecloud_is_down):
    data = form_data(customer_client, note="Oat milk", cups_per_day="7")
    body = post_while_carecloud_is_down(customer_client, url(), data).content.decode()
    assert 'value="Oat milk"' in body and 'value="7"' in body
    assert stored(demo, ids)["cups_per_day"] == 3


def test_a_failed_write_is_not_repeated(fresh_sandbox, customer_client, demo, ids, fail_next_write):
    data = form_data(customer_client, cups_per_day="6", note="Decaf")
    writes = fail_next_write(503)
    response = customer_client.post(url(), data)
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert writes == ["PUT"]  # cups_per_day failed; nothing after it was tried, nothing repeated
    assert 'value="Decaf"' in response.content.decode()
    response = customer_client.post(url(), data)  # saving again writes what is still different
    assert response.status_code == HTTPStatus.FOUND
    assert stored(demo, ids)["cups_per_day"] == 6 and stored(demo, ids)["note"] == "Decaf"


def test_a_record_deleted_elsewhere_meanwhile_is_created_again(fresh_sandbox, customer_client, demo, ids,
                                                               demo_token, monkeypatch):
    from portal.carecloud import resources

    real = resources.property_record_update

    def deleted_first(**kwargs):  # another channel deletes the record just before the portal's PUT
        response = fresh_sandbox.api().delete(
            f"/customers/{ids.DEMO_CUSTOMER}/property-records/{kwargs['property_record_id']}", token=demo_token)
        assert response.status_code == HTTPStatus.NO_CONTENT
        return real(**kwargs)

    data = form_data(customer_client, cups_per_day="8")
    monkeypatch.setattr(resources, "property_record_update", deleted_first)
    response = customer_client.post(url(), data)
    assert response.status_code == HTTPStatus.FOUND
    assert stored(demo, ids)["cups_per_day"] == 8


@pytest.mark.parametrize("language", ["en", "cs"])
def test_the_profile_shows_the_answers_with_a_link_to_the_form(customer_client, language):
    body = customer_client.get(url("profile:profile", language)).content.decode()
    expected = {"en": ["Favourite store", "Prague – Vinohrady", "Lactose, Nuts", "20 Jun 2015", "649.5",
                       "Yes", "terka_espresso"],
                "cs": ["Oblíbená prodejna", "Praha – Vinohrady", "Laktóza, Ořechy", "20. června 2015", "649,5",
                       "Ano"]}
    for text in expected[language]:
        assert text in body, text
    assert f'href="{url(language=language)}"' in body


def test_the_profile_still_shows_when_the_answers_cannot_be_read(customer_client, monkeypatch):
    from portal.carecloud import exceptions, resources

    def fail(**kwargs):
        raise exceptions.ServerError(500)

    monkeypatch.setattr(resources, "customer_property_records", fail)
    body = customer_client.get(url("profile:profile")).content.decode()
    assert "Your answers cannot be shown right now." in body and "Tereza" in body


@pytest.mark.slow
@pytest.mark.parametrize("part", range(FUZZ_PARTS))
def test_hostile_input_never_breaks_the_form(fresh_sandbox, customer_client, settings, part):
    settings.PORTAL_RATE_LIMITS = {"account-write": "10000/15m/customer,10000/15m/ip"}
    valid = form_data(customer_client)
    for label, data in hostile_submissions(valid, part, FUZZ_PARTS):
        response = customer_client.post(url(), data)
        assert_no_server_error(response, label)
        assert response.status_code in (HTTPStatus.OK, HTTPStatus.FOUND), label
