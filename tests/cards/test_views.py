"""The cards views, called directly (no sandbox): the till card page's context (its cards, the time
it was saved at, the session's offline key made before the page is drawn)."""

from django.utils import timezone

from portal.cards import selectors, views
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
