"""The stamp cards page: every running stamper campaign with the customer's card in it."""

from django.utils.translation import gettext_lazy as _

from portal.accounts.mixins import CustomerPageView

from . import selectors


class StampCardsView(CustomerPageView):
    template_name = "stampcards/stamp_cards.html"
    page_title = _("Stamp cards")
    active_tab = "stampcards"

    def get_context_data(self, **kwargs):
        cards = selectors.stamp_cards_for_customer(session=self.request.customer)
        return super().get_context_data(cards=cards, **kwargs)
