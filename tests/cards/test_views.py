"""The cards views, called directly (no sandbox): the till card page's context (its cards, the time
it was saved at, the session's offline key made before the page is drawn); "Add a card I have" and
"Get your digital card" when CareCloud refuses or fails."""

from http import HTTPStatus

from django.utils import timezone, translation
from django.utils.html import escape

from portal.cards import selectors, services, views
from portal.carecloud.exceptions import ServerError
from portal.core.webapp import OFFLINE_KEY
from tests.support.views import CUSTOMER, view_for


def test_the_till_page_shows_the_cards_as_of_now_and_names_its_offline_key_before_it_is_drawn(
        request_for, monkeypatch):
    cards = [{"number": "111", "type_name": "Gold"}]
    monkeypatch.setattr(selectors, "till_cards_for_customer", lambda *, session: cards if session is CUSTOMER else [])
    request = request_for()
    before = timezone.now()
    context = view_for(views.TillCardView, request).get_context_data()
    assert context["cards"] == cards
    assert before <= context["saved_at"] <= timezone.now()  # the page's "As of ..." line
    # The page's script tag names the key (context processor, at drawing time): it exists already.
    assert len(request.session[OFFLINE_KEY]) == 24


def _unreadable(**kwargs):
    raise ServerError(500)


def _raise(error):
    def call(**kwargs):
        raise error
    return call


NO_CARDS = selectors.CardsPage(cards=[], offer_digital_card=False)


def test_the_add_form_comes_back_with_what_was_typed_when_the_cards_cannot_be_read(request_for, monkeypatch):
    monkeypatch.setattr(selectors, "cards_page_for_customer", _unreadable)
    monkeypatch.setattr(services, "card_add", _raise(services.CardCannotBeAdded()))
    view = view_for(views.CardAddView, request_for("/en/cards/add/", {"card_number": "2001 999999"}))
    form = view.get_form()
    assert form.is_valid()
    with translation.override("en"):
        response = view.form_valid(form).render()
    assert response.status_code == HTTPStatus.OK
    assert response.context_data["form"].errors["card_number"] == [views.CARD_ADD_MESSAGES["cannot"]]
    body = response.content.decode()
    assert "Your cards are not available right now." in body
    assert 'value="2001 999999"' in body


def test_get_your_digital_card_says_when_carecloud_is_down(request_for, monkeypatch):
    monkeypatch.setattr(selectors, "cards_page_for_customer", lambda *, session: NO_CARDS)
    monkeypatch.setattr(services, "digital_card_assign", _raise(ServerError(502)))
    request = request_for("/en/cards/digital-card/", {})
    with translation.override("en"):
        response = view_for(views.DigitalCardView, request).post(request).render()
        notice = escape(str(views.DIGITAL_CARD_MESSAGES["unavailable"]))
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    body = response.content.decode()
    assert notice in body
    assert 'name="csrfmiddlewaretoken"' in body  # the page's add form can be sent
