"""postAssignCard against the live sandbox: a free card of the pool to a customer, by number (a
plastic card the customer holds) or the pool's next one (a digital card); one card per card type
per customer; every refusal a spec-valid 400 on its field; only the token's own customer."""

import uuid
from http import HTTPStatus

import pytest

from portal.sandbox.seed import loyalty as seed

PATH = "/cards/actions/assign-free-card"


def invalid(response):
    assert response.status_code == HTTPStatus.BAD_REQUEST, response.text
    return {p["name"]: p["reason"] for p in response.json()["error"]["error_data"]["invalid_params"]}


@pytest.fixture
def newcomer(sandbox, ids):
    """(token, customer id) of a customer registered just now, logged in, without cards."""
    token = sandbox.new_token()
    response = sandbox.api().post("/customers", token=token, json={
        "customer": {"personal_information": {
            "first_name": "Nova", "email": f"free-{uuid.uuid4().hex[:10]}@example.com", "language_id": "en"}},
        "customer_source": {"customer_source_id": ids.SOURCE_PORTAL},
        "password": "New-Customer-3", "autologin": True,
    })
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.CREATED), response.text
    return token, response.json()["data"]["customer_id"]


def cards_of(sandbox, token, customer_id):
    return sandbox.api().get(f"/customers/{customer_id}/cards", token=token).json()["data"]["cards"]


def test_the_pools_next_digital_card_goes_to_the_customer(fresh_sandbox, newcomer, ids):
    token, customer_id = newcomer
    response = fresh_sandbox.api().post(PATH, token=token, json={"card_type_id": ids.CARD_TYPE_DIGITAL,
                                                                  "customer_id": customer_id})
    assert response.status_code == HTTPStatus.OK
    card_id = response.json()["data"]["card_id"]
    [card] = cards_of(fresh_sandbox, token, customer_id)
    assert (card["card_id"], card["card_type_id"], card["state"]) == (card_id, ids.CARD_TYPE_DIGITAL, 1)
    assert card["card_number"] == str(seed.DIGITAL_POOL_FIRST)
    assert card["valid_from"]  # valid from the moment it was assigned
    # One card per card type per customer.
    again = fresh_sandbox.api().post(PATH, token=token, json={"card_type_id": ids.CARD_TYPE_DIGITAL,
                                                               "customer_id": customer_id})
    assert invalid(again) == {"card_type_id": "relation_already_exists"}


def test_a_free_plastic_card_by_its_number_and_the_existing_cards_kept(fresh_sandbox, newcomer, ids):
    token, customer_id = newcomer
    api = fresh_sandbox.api()
    assert api.post(PATH, token=token, json={"card_type_id": ids.CARD_TYPE_DIGITAL,
                                             "customer_id": customer_id}).status_code == HTTPStatus.OK
    number = seed.FREE_CARD_NUMBERS[0]
    response = api.post(PATH, token=token, json={"card_type_id": ids.CARD_TYPE_LOYALTY, "customer_id": customer_id,
                                                 "card_number": number})
    assert response.status_code == HTTPStatus.OK
    numbers = {c["card_number"] for c in cards_of(fresh_sandbox, token, customer_id)}
    assert numbers == {number, str(seed.DIGITAL_POOL_FIRST)}
    # Now it is taken: nobody else gets it.
    other_token = fresh_sandbox.customer_token(ids.SECOND_EMAIL, ids.SECOND_PASSWORD)
    taken = api.post(PATH, token=other_token, json={"card_type_id": ids.CARD_TYPE_PARTNER,
                                                    "customer_id": ids.SECOND_CUSTOMER, "card_number": number})
    assert invalid(taken) == {"card_number": "not_allowed_value"}  # not of that type


@pytest.mark.parametrize("number, reason", [
    ("2001999999", "not_found"),                     # unknown
    (seed.FREE_BLOCKED_CARD_NUMBER, "not_allowed_value"),  # blocked
    ("2001900635", "already_exists"),                # the second customer's card
    (str(seed.DIGITAL_POOL_FIRST + 7), "not_allowed_value"),  # of another card type
])
def test_cards_that_cannot_be_assigned_are_refused_on_the_number(fresh_sandbox, newcomer, ids, number, reason):
    token, customer_id = newcomer
    response = fresh_sandbox.api().post(PATH, token=token, json={
        "card_type_id": ids.CARD_TYPE_LOYALTY, "customer_id": customer_id, "card_number": number})
    assert invalid(response) == {"card_number": reason}
    assert cards_of(fresh_sandbox, token, customer_id) == []


def test_one_card_per_type_also_for_the_demo_customer_with_a_loyalty_card(sandbox, demo_token, ids):
    response = sandbox.api().post(PATH, token=demo_token, json={
        "card_type_id": ids.CARD_TYPE_LOYALTY, "customer_id": ids.DEMO_CUSTOMER,
        "card_number": seed.FREE_CARD_NUMBERS[-1]})
    assert invalid(response) == {"card_type_id": "relation_already_exists"}


def test_a_customer_token_assigns_only_to_its_own_customer(sandbox, demo_token, ids):
    response = sandbox.api().post(PATH, token=demo_token, json={"card_type_id": ids.CARD_TYPE_DIGITAL,
                                                                "customer_id": ids.SECOND_CUSTOMER})
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_the_body_is_validated(sandbox, demo_token, ids):
    response = sandbox.api().post(PATH, token=demo_token, json={"customer_id": ids.DEMO_CUSTOMER})
    assert invalid(response) == {"card_type_id": "required"}
    response = sandbox.api().post(PATH, token=demo_token, json={"card_type_id": "nope",
                                                                "customer_id": ids.DEMO_CUSTOMER})
    assert invalid(response) == {"card_type_id": "not_found"}


def test_a_type_without_free_cards_is_said_so(fresh_sandbox, newcomer, ids, enterprise_api, staff_token):
    token, customer_id = newcomer
    partner = enterprise_api.get("/cards", token=staff_token, params={"card_type_id": ids.CARD_TYPE_PARTNER})
    assert all(card.get("customer_id") for card in partner.json()["data"]["cards"])  # no partner card is free
    response = fresh_sandbox.api().post(PATH, token=token, json={"card_type_id": ids.CARD_TYPE_PARTNER,
                                                                  "customer_id": customer_id})
    assert invalid(response) == {"card_type_id": "not_found"}


def test_the_enterprise_interface_assigns_to_any_customer(fresh_sandbox, newcomer, ids, enterprise_api, staff_token):
    _token, customer_id = newcomer
    response = enterprise_api.post(PATH, token=staff_token, json={"card_type_id": ids.CARD_TYPE_DIGITAL,
                                                                  "customer_id": customer_id})
    assert response.status_code == HTTPStatus.OK
