"""The cards pages: every card with its codes, the card for the till (kept offline), and a card's
files as downloads."""

import logging

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from portal.accounts.mixins import CustomerPageView, CustomerRequiredMixin
from portal.carecloud.exceptions import AuthenticationError, CareCloudError, NotFoundError, ValidationError
from portal.core.webapp import mark_offline_card, offline_card_key

from . import selectors, services

log = logging.getLogger(__name__)

# What a customer reads when a card file cannot be made, by kind (never CareCloud's own text).
CARD_FILE_ERRORS = {
    "not_usable": _("This card cannot be used, so there is no file of it."),
    "refused": _("This file is not available for your card."),
    "unavailable": _("We could not prepare the file of your card. Please try again in a few minutes."),
}


class CardListView(CustomerPageView):
    template_name = "cards/cards.html"
    page_title = _("Cards")
    active_tab = "cards"

    def get_context_data(self, **kwargs):
        cards = selectors.cards_for_customer(session=self.request.customer)
        return super().get_context_data(cards=cards, card_file_types=services.enabled_file_types(), **kwargs)


class TillCardView(CustomerPageView):
    """The card for the till: the usable cards' barcodes and QR codes and nothing else personal,
    kept by the service worker for a shop without signal (portal/core/webapp.py)."""

    template_name = "cards/till_card.html"
    page_title = _("Card for the till")
    active_tab = "cards"
    # Not in a staff preview (PreviewMiddleware): the service worker would keep it on the staff device.
    preview_refused = _("The card for the till is made to be scanned at a till and is kept on the device "
                        "that opens it, even offline: a preview leaves no copy of the customer's card behind.")

    def get_context_data(self, **kwargs):
        offline_card_key(self.request, create=True)  # before rendering: the page names its key
        cards = selectors.till_cards_for_customer(session=self.request.customer)
        return super().get_context_data(cards=cards, saved_at=timezone.now(), **kwargs)

    def render_to_response(self, context, **response_kwargs):
        return mark_offline_card(self.request, super().render_to_response(context, **response_kwargs))


class CardFileView(CustomerRequiredMixin, View):
    """A card's barcode or QR code image, or its wallet pass, as a download. POST (with CSRF) since
    it makes CareCloud generate a file: a link or a prefetch must not set that off."""

    http_method_names = ["post"]
    # Not in a staff preview (PreviewMiddleware), whatever the method.
    preview_refused = _("A card's barcode picture or Apple Wallet pass is a copy of the customer's card that "
                        "works at a till: a preview hands none over.")

    def post(self, request, card_id: str, file_type: str):
        try:
            card_file = services.card_file_generate(session=request.customer, card_id=card_id, file_type=file_type)
        except NotFoundError:
            raise Http404("No such card file") from None
        except services.CardNotUsable:
            messages.error(request, CARD_FILE_ERRORS["not_usable"])
        except ValidationError as error:
            log.warning("CareCloud refused a card file (%s): %s", file_type, error)
            messages.error(request, CARD_FILE_ERRORS["refused"])
        except AuthenticationError:
            raise
        except CareCloudError as error:
            log.warning("Card file (%s) failed: %s", file_type, error)
            messages.error(request, CARD_FILE_ERRORS["unavailable"])
        else:
            response = HttpResponse(card_file.content, content_type=card_file.content_type)
            response["Content-Disposition"] = content_disposition_header(True, card_file.filename)
            return response
        return redirect("cards:card-list")
