"""The interests form against the live sandbox: it creates and deletes interest records as needed,
and nothing else."""

from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from portal.carecloud import reference
from portal.core.forms import REASON_MESSAGES
from portal.sandbox.seed import preferences as seed
from tests.support.forms import as_submitted, assert_no_server_error, hostile_submissions

DEMO_INTERESTS = {seed.INTEREST_COFFEE, seed.INTEREST_BAKING, seed.INTEREST_ORGANIC}
WRITES = ("postSubCustomerInterest", "deleteSubCustomerInterest")


def url(name="profile:interests-edit", language="en"):
    with translation.override(language):
        return reverse(name)


def interest_ids(demo, ids):
    return {r["interest_id"] for r in demo.get(f"/customers/{ids.DEMO_CUSTOMER}/interest-records")["interest_records"]}


def test_every_interest_is_offered_and_the_customers_are_ticked(customer_client):
    response = customer_client.get(url(language="cs"))
    assert response.status_code == HTTPStatus.OK
    field = response.context["form"]["interests"]
    assert {label for _value, label in field.field.choices} == {name["cs"] for name in seed.INTERESTS.values()}
    assert set(field.value()) == DEMO_INTERESTS
    body = response.content.decode()
    assert "<legend>Co vás zajímá</legend>" in body and 'name="csrfmiddlewaretoken"' in body


def test_saving_creates_and_deletes_only_what_changed(fresh_sandbox, customer_client, demo, ids, calls, caplog):
    chosen = [seed.INTEREST_COFFEE, seed.INTEREST_ORGANIC, seed.INTEREST_SPORT, seed.INTEREST_PETS]  # -baking
    calls.mark()
    response = customer_client.post(url(), {"interests": chosen})
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == url("profile:profile")
    assert sorted(calls(*WRITES)) == [("deleteSubCustomerInterest", HTTPStatus.NO_CONTENT),
                                      ("postSubCustomerInterest", HTTPStatus.CREATED),
                                      ("postSubCustomerInterest", HTTPStatus.CREATED)]
    assert interest_ids(demo, ids) == set(chosen)
    assert "Your interests have been saved." in customer_client.get(response["Location"]).content.decode()
    assert "customer interests updated: 2 added, 1 removed" in caplog.text


def test_unchanged_interests_cause_no_write(fresh_sandbox, customer_client, calls):
    data = as_submitted(customer_client.get(url()).context["form"])
    calls.mark()
    response = customer_client.post(url(), data)
    assert response.status_code == HTTPStatus.FOUND
    assert calls(*WRITES) == []
    assert [operation for operation, _status in calls()] == ["getSubCustomerInterests"]  # interests are cached


def test_untick_everything(fresh_sandbox, customer_client, demo, ids):
    response = customer_client.post(url(), {})
    assert response.status_code == HTTPStatus.FOUND
    assert interest_ids(demo, ids) == set()
    page = customer_client.get(url("profile:profile")).content.decode()
    assert "You have not chosen any interests yet." in page


def cache_interests(interests):
    """The portal's cached list of interests (English) is ``interests``."""
    cache.clear()
    with translation.override("en"):
        reference.cached("interests", lambda: interests)


def test_an_interest_the_form_did_not_offer_is_left_alone(fresh_sandbox, customer_client, demo, ids):
    # The cached list of interests no longer has Coffee (say it was hidden since): its record stays.
    cache_interests([i for i in demo.get("/interests")["interests"] if i["interest_id"] != seed.INTEREST_COFFEE])
    response = customer_client.post(url(), {})
    assert response.status_code == HTTPStatus.FOUND
    assert interest_ids(demo, ids) == {seed.INTEREST_COFFEE}


def test_an_unknown_choice_is_refused_before_carecloud(customer_client, calls):
    calls.mark()
    response = customer_client.post(url(), {"interests": [seed.INTEREST_SPORT, "no-such-interest"]})
    assert response.status_code == HTTPStatus.OK
    assert "Select a valid choice." in response.context["form"].errors["interests"][0]
    assert 'href="#id_interests_0"' in response.content.decode()
    assert calls(*WRITES) == []


def test_carecloud_400_lands_on_the_field(fresh_sandbox, customer_client, demo, calls):
    # An interest deleted in CareCloud while the portal's cached list still offers it.
    cache_interests([*demo.get("/interests")["interests"],
                     {"interest_id": "0deleted0interest0000000", "name": "Vinyl records"}])
    calls.mark()
    response = customer_client.post(url(), {"interests": [*DEMO_INTERESTS, "0deleted0interest0000000"]})
    assert response.status_code == HTTPStatus.OK
    assert calls(*WRITES) == [("postSubCustomerInterest", HTTPStatus.BAD_REQUEST)]
    assert response.context["form"].errors["interests"] == [str(REASON_MESSAGES["not_found"])]
    assert set(response.context["form"]["interests"].value()) == {*DEMO_INTERESTS, "0deleted0interest0000000"}


def test_carecloud_down_keeps_the_ticks(fresh_sandbox, customer_client, demo, ids, post_while_carecloud_is_down):
    customer_client.get(url())  # the list of interests is cached
    response = post_while_carecloud_is_down(customer_client, url(), {"interests": [seed.INTEREST_TRAVEL]})
    assert response.context["form"]["interests"].value() == [seed.INTEREST_TRAVEL]
    assert interest_ids(demo, ids) == DEMO_INTERESTS


def test_a_failed_write_stops_and_saving_again_finishes(fresh_sandbox, customer_client, demo, ids, fail_next_write):
    chosen = [seed.INTEREST_TRAVEL, seed.INTEREST_PETS]
    writes = fail_next_write(503)
    response = customer_client.post(url(), {"interests": chosen})
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE and writes == ["POST"]
    assert set(response.context["form"]["interests"].value()) == set(chosen)
    response = customer_client.post(url(), {"interests": chosen})
    assert response.status_code == HTTPStatus.FOUND
    assert interest_ids(demo, ids) == set(chosen)


@pytest.mark.parametrize("language", ["en", "cs"])
def test_the_profile_shows_the_interests_with_a_link_to_the_form(customer_client, language):
    body = customer_client.get(url("profile:profile", language)).content.decode()
    for interest_id in DEMO_INTERESTS:
        assert seed.INTERESTS[interest_id][language] in body
    assert f'href="{url(language=language)}"' in body


def test_hostile_input_never_breaks_the_form(fresh_sandbox, customer_client, settings):
    settings.PORTAL_RATE_LIMITS = {"account-write": "10000/15m/customer,10000/15m/ip"}
    valid = {"interests": [seed.INTEREST_SPORT, seed.INTEREST_COFFEE]}
    for label, data in hostile_submissions(valid):
        response = customer_client.post(url(), data)
        assert_no_server_error(response, label)
