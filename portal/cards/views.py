"""The cards pages: every card with its codes, the card for the till (kept offline), and a card's
files as downloads; "Add a card I have" and "Get your digital card" (free cards, postAssignCard)."""

import logging
from http import HTTPStatus

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_protect
from django.views.generic import FormView, View

from portal.accounts.mixins import CustomerPageView, CustomerRequiredMixin
from portal.carecloud.exceptions import AuthenticationError, CareCloudError, NotFoundError, ValidationError
from portal.core import ratelimit
from portal.core.forms import CareCloudFormMixin
from portal.core.redirects import is_safe_next
from portal.core.webapp import mark_offline_card, offline_card_key

from . import selectors, services
from .forms import CardAddForm

log = logging.getLogger(__name__)

# What a customer reads when a card file cannot be made, by kind (never CareCloud's own text).
CARD_FILE_ERRORS = {
    "not_usable": _("This card cannot be used, so there is no file of it."),
    "refused": _("This file is not available for your card."),
    "unavailable": _("We could not prepare the file of your card. Please try again in a few minutes."),
}


# What a member reads about adding a card. One and the same answer for an unknown number, someone
# else's card and a blocked card, so that card numbers cannot be probed.
CARD_ADD_MESSAGES = {
    "cannot": _("This card cannot be added here. Please ask in one of our shops."),
    "taken_type": _("You already have a card of this kind (%(type)s): only one of each kind can be in your account."),
    "own": _("This card is already in your account."),
    "too_many": _("You have tried to add a card many times in a short while. Please wait an hour and try again, "
                  "or ask in one of our shops."),
}
DIGITAL_CARD_MESSAGES = {
    "done": _("Your digital card is ready: show it at the till."),
    "has_one": _("You already have a digital card. If you cannot see it here, please ask in one of our shops."),
    "none": _("We cannot give you a digital card right now. Please try again later or ask in one of our shops."),
    "unavailable": _("We could not get your digital card right now: the loyalty programme is not responding. "
                     "Please try again in a few minutes."),
    "too_many": _("You have asked for a digital card many times in a short while. Please wait an hour and try "
                  "again."),
}
PREVIEW_REFUSED = _("Adding a card or getting a digital card changes the customer's account: a preview "
                    "changes nothing.")


def cards_context(request, **extra) -> dict:
    """The cards page's context (every card, whether to offer a digital card, the card files), with
    ``extra`` (the add form, a notice)."""
    page = selectors.cards_page_for_customer(session=request.customer)
    return {"page_title": CardListView.page_title, "active_tab": CardListView.active_tab, "cards": page.cards,
            "offer_digital_card": page.offer_digital_card, "card_file_types": services.enabled_file_types(),
            **extra}


class CardListView(CustomerPageView):
    template_name = "cards/cards.html"
    page_title = _("Cards")
    active_tab = "cards"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {**context, **cards_context(self.request, form=CardAddForm()), **kwargs}


@method_decorator(csrf_protect, name="dispatch")
class CardAddView(CustomerRequiredMixin, CareCloudFormMixin, FormView):
    """"Add a card I have": a free plastic card by its number (postAssignCard). The form comes back
    on the cards page with the one answer next to the number, everything typed kept."""

    http_method_names = ["post"]
    template_name = "cards/cards.html"
    form_class = CardAddForm
    preview_refused = PREVIEW_REFUSED

    def get_context_data(self, **kwargs):
        try:
            extra = cards_context(self.request)
        except AuthenticationError:
            raise
        except CareCloudError:  # the form with what was typed, even without the cards
            extra = {"page_title": CardListView.page_title, "active_tab": CardListView.active_tab, "cards": [],
                     "cards_unavailable": True}
        return {**super().get_context_data(**kwargs), **extra}

    def form_valid(self, form):
        # Per member (the session's) and per client IP: every number tried counts.
        if ratelimit.refused(self.request, "card-add"):
            return self.fail(form, CARD_ADD_MESSAGES["too_many"], HTTPStatus.TOO_MANY_REQUESTS, field="card_number")
        try:
            services.card_add(session=self.request.customer, card_number=form.cleaned_data["card_number"])
        except services.CardCannotBeAdded:
            return self.fail(form, CARD_ADD_MESSAGES["cannot"], field="card_number")
        except services.CardTypeTaken as taken:
            message = CARD_ADD_MESSAGES["own"] if taken.own else CARD_ADD_MESSAGES["taken_type"] % {
                "type": taken.type_name or _("Loyalty card")}
            return self.fail(form, message, field="card_number")
        except CareCloudError as error:
            return self.carecloud_failed(form, error)
        messages.success(self.request, _("Your card %(number)s has been added.") % {
            "number": form.cleaned_data["card_number"]})
        return redirect("cards:card-list")


@method_decorator(csrf_protect, name="dispatch")
class DigitalCardView(CustomerRequiredMixin, View):
    """"Get your digital card": the next card of the project's pool (postAssignCard). POST (with
    CSRF); done, it goes on to ``next`` (the overview) or the cards page; refused, the cards page
    says why."""

    http_method_names = ["post"]
    preview_refused = PREVIEW_REFUSED

    def post(self, request):
        if ratelimit.refused(request, "digital-card"):
            return self._notice("too_many", HTTPStatus.TOO_MANY_REQUESTS)
        try:
            services.digital_card_assign(session=request.customer)
        except services.CardTypeTaken:
            return self._notice("has_one")
        except services.NoDigitalCard:
            return self._notice("none")
        except AuthenticationError:
            raise
        except CareCloudError as error:
            log.warning("digital card failed: %s", error)
            return self._notice("unavailable", HTTPStatus.SERVICE_UNAVAILABLE)
        messages.success(request, DIGITAL_CARD_MESSAGES["done"])
        target = request.POST.get("next") or ""
        return redirect(target if is_safe_next(target, request) else reverse("cards:card-list"))

    def _notice(self, kind: str, status: int = HTTPStatus.OK):
        try:
            context = cards_context(self.request, form=CardAddForm())
        except AuthenticationError:
            raise
        except CareCloudError:
            context = {"page_title": CardListView.page_title, "active_tab": CardListView.active_tab, "cards": [],
                       "cards_unavailable": True, "form": CardAddForm()}
        context["notice"] = DIGITAL_CARD_MESSAGES[kind]
        return TemplateResponse(self.request, "cards/cards.html", context, status=status)


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
