"""The cards services with CareCloud's answers stubbed (no sandbox): a plastic card added and the digital card
given (postAssignCard), what each refusal of CareCloud's becomes, and the digital card at registration."""

from types import SimpleNamespace

import pytest
from django.contrib import messages
from django.utils import translation

from portal.accounts.session import SESSION_KEY
from portal.cards import services
from portal.carecloud import exceptions as cc
from portal.carecloud import reference, resources

SESSION = SimpleNamespace(token="token-1", customer_id="c1")
TYPES = [{"card_type_id": 7, "text_id": "club", "name": "Club card", "prefix": "2001"},
         {"card_type_id": 9, "text_id": "digital_card", "name": "Digital card", "prefix": "2002"}]


@pytest.fixture
def carecloud(monkeypatch, settings):
    """CareCloud's card types, the member's cards (``cards``), and postAssignCard: what it assigned
    (``assigned``), or the error it answers (``refusal``)."""
    settings.PORTAL_DIGITAL_CARD_TYPE = "digital_card"
    state = SimpleNamespace(cards=[], assigned=[], refusal=None)
    monkeypatch.setattr(reference, "card_types", lambda *, token: TYPES if token == "token-1" else [])
    monkeypatch.setattr(resources, "customer_cards_every",
                        lambda *, token, customer_id: state.cards if (token, customer_id) == ("token-1", "c1") else [])

    def card_assign_free(*, token, customer_id, card_type_id, card_number=None):
        if state.refusal:
            raise state.refusal
        state.assigned.append((token, customer_id, card_type_id, card_number))
        return "new-card"

    monkeypatch.setattr(resources, "card_assign_free", card_assign_free)
    return state


def refused(name, reason):
    return cc.ValidationError(400, invalid_params=[{"name": name, "reason": reason}])


def test_a_plastic_card_is_added_with_the_type_its_number_names(carecloud):
    assert services.card_add(session=SESSION, card_number="2001 1234-56") == "new-card"
    assert carecloud.assigned == [("token-1", "c1", "7", "2001123456")]


def test_a_second_card_of_a_type_is_refused_without_asking_carecloud(carecloud):
    carecloud.cards = [{"card_number": "2001999999", "card_type_id": 7}]
    with pytest.raises(services.CardTypeTaken) as taken:
        services.card_add(session=SESSION, card_number="2001123456")
    assert (taken.value.type_name, taken.value.own) == ("Club card", False)
    assert carecloud.assigned == []


@pytest.mark.parametrize("name", ["card_type_id", "card.card_type_id"])  # a parameter's name may be a path
def test_carecloud_refusing_a_second_card_of_the_type_says_so(carecloud, name):
    carecloud.refusal = refused(name, "relation_already_exists")
    with pytest.raises(services.CardTypeTaken) as taken:
        services.card_add(session=SESSION, card_number="2001123456")
    assert taken.value.type_name == "Club card"
    with pytest.raises(services.CardTypeTaken) as taken:
        services.digital_card_assign(session=SESSION)
    assert taken.value.type_name == "Digital card"


@pytest.mark.parametrize("name, reason", [
    ("card_number", "relation_already_exists"),  # someone else's card
    ("card_type_id", "invalid_value"),
])
def test_carecloud_refusing_the_card_itself_gets_the_one_answer(carecloud, name, reason):
    carecloud.refusal = refused(name, reason)
    with pytest.raises(services.CardCannotBeAdded):
        services.card_add(session=SESSION, card_number="2001123456")


def test_the_digital_card_comes_from_the_configured_types_pool(carecloud):
    assert services.digital_card_assign(session=SESSION) == "new-card"
    assert carecloud.assigned == [("token-1", "c1", "9", None)]


def test_an_empty_pool_is_no_digital_card(carecloud):
    carecloud.refusal = refused("card_number", "no_free_card")
    with pytest.raises(services.NoDigitalCard):
        services.digital_card_assign(session=SESSION)


def registration(request_for, customer_id="c1"):
    request = request_for("/en/account/register/", {})
    request.session[SESSION_KEY] = {"token": "token-1", "customer_id": customer_id}
    return request


def test_a_new_member_gets_the_digital_card_and_is_told_so(carecloud, request_for):
    request = registration(request_for)
    services.digital_card_at_registration(request=request, customer_id="c1")
    assert carecloud.assigned == [("token-1", "c1", "9", None)]
    with translation.override("en"):
        assert [str(m) for m in messages.get_messages(request)] == [
            "Your digital card is ready: show it at the till from the Cards page."]


@pytest.mark.parametrize("configured, session_customer", [
    ("", "c1"),  # the project gives no digital cards
    ("digital_card", "c2"),  # the session is someone else's
])
def test_no_digital_card_at_registration_unless_configured_and_for_this_member(carecloud, request_for, settings,
                                                                                configured, session_customer):
    settings.PORTAL_DIGITAL_CARD_TYPE = configured
    request = registration(request_for, session_customer)
    services.digital_card_at_registration(request=request, customer_id="c1")
    assert carecloud.assigned == []
    assert list(messages.get_messages(request)) == []
