"""Loyalty pages: each view reads the request, calls one selector and renders."""

import json
import logging
from http import HTTPStatus
from itertools import chain

from django.contrib import messages
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from portal.accounts.mixins import CustomerRequiredMixin
from portal.carecloud.exceptions import AuthenticationError, CareCloudError, NotFoundError, ValidationError
from portal.core.webapp import mark_offline_card, offline_card_key

from . import card_files, export, export_readable, purchases, ratelimit, selectors

log = logging.getLogger(__name__)

# What a customer reads when a card file cannot be made, by kind (never CareCloud's own text).
CARD_FILE_ERRORS = {
    "not_usable": _("This card cannot be used, so there is no file of it."),
    "refused": _("This file is not available for your card."),
    "unavailable": _("We could not prepare the file of your card. Please try again in a few minutes."),
}
EXPORT_ERRORS = {
    "too_many": _("You have exported your data several times in a short while. Please try again in an hour."),
    "failed": _("We could not read all of your data just now, so nothing was downloaded. "
                "Please try again in a few minutes."),
}
# Where the printable export's sections go into its page (templates/loyalty/my_data_print.html).
EXPORT_SECTIONS_MARKER = "<!-- portal:export-sections -->"


class CustomerPageView(CustomerRequiredMixin, TemplateView):
    page_title = ""
    active_tab = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=self.page_title, active_tab=self.active_tab, **kwargs)

    @property
    def page(self) -> int:
        return selectors.page_number(self.request.GET.get("page"))


class DashboardView(CustomerPageView):
    template_name = "loyalty/dashboard.html"
    page_title = _("Overview")
    active_tab = "dashboard"

    def get_context_data(self, **kwargs):
        dashboard = selectors.dashboard_for_customer(session=self.request.customer)
        return super().get_context_data(dashboard=dashboard, **kwargs)


class ProfileView(CustomerPageView):
    template_name = "loyalty/profile.html"
    page_title = _("Profile")
    active_tab = "profile"

    def get_context_data(self, **kwargs):
        profile = selectors.profile_for_customer(session=self.request.customer)
        return super().get_context_data(profile=profile, **kwargs)


class CardListView(CustomerPageView):
    template_name = "loyalty/cards.html"
    page_title = _("Cards")
    active_tab = "cards"

    def get_context_data(self, **kwargs):
        cards = selectors.cards_for_customer(session=self.request.customer)
        return super().get_context_data(cards=cards, card_file_types=card_files.enabled_file_types(), **kwargs)


class VoucherListView(CustomerPageView):
    template_name = "loyalty/vouchers.html"
    page_title = _("Vouchers")
    active_tab = "vouchers"

    def get_context_data(self, **kwargs):
        state = selectors.VoucherState.clean(self.request.GET.get("state"))
        result = selectors.vouchers_for_customer(session=self.request.customer, state=state, page=self.page)
        return super().get_context_data(result=result, states=selectors.VoucherState.CHOICES, **kwargs)


class PointsView(CustomerPageView):
    template_name = "loyalty/points.html"
    page_title = _("Points")
    active_tab = "points"

    def get_context_data(self, **kwargs):
        points = selectors.points_for_customer(session=self.request.customer, page=self.page)
        return super().get_context_data(points=points, **kwargs)


class RewardListView(CustomerPageView):
    template_name = "loyalty/rewards.html"
    page_title = _("Rewards")
    active_tab = "rewards"

    def get_context_data(self, **kwargs):
        result = selectors.rewards_for_customer(session=self.request.customer, page=self.page)
        return super().get_context_data(result=result, **kwargs)


class RewardDetailView(CustomerPageView):
    template_name = "loyalty/reward_detail.html"
    page_title = _("Reward")
    active_tab = "rewards"

    def get_context_data(self, **kwargs):
        try:
            reward = selectors.reward_detail(session=self.request.customer, reward_id=self.kwargs["reward_id"])
        except NotFoundError:
            raise Http404("No such reward") from None
        return super().get_context_data(reward=reward, **kwargs)


class TillCardView(CustomerPageView):
    """The card for the till: the usable cards' barcodes and QR codes and nothing else personal,
    kept by the service worker for a shop without signal (portal/core/webapp.py)."""

    template_name = "loyalty/till_card.html"
    page_title = _("Card for the till")
    active_tab = "cards"

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

    def post(self, request, card_id: str, file_type: str):
        try:
            card_file = card_files.card_file_generate(session=request.customer, card_id=card_id, file_type=file_type)
        except NotFoundError:
            raise Http404("No such card file") from None
        except card_files.CardNotUsable:
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
        return redirect("loyalty:card-list")


class PurchaseListView(CustomerPageView):
    template_name = "loyalty/purchases.html"
    page_title = _("Purchases")
    active_tab = "purchases"

    def get_context_data(self, **kwargs):
        result = purchases.purchases_for_customer(session=self.request.customer, page=self.page)
        return super().get_context_data(result=result, **kwargs)


class PurchaseDetailView(CustomerPageView):
    template_name = "loyalty/purchase_detail.html"
    page_title = _("Purchase")
    active_tab = "purchases"

    def get_context_data(self, **kwargs):
        try:
            purchase = purchases.purchase_detail(session=self.request.customer,
                                                 purchase_id=self.kwargs["purchase_id"])
        except NotFoundError:
            raise Http404("No such purchase") from None
        return super().get_context_data(purchase=purchase, **kwargs)


class MyDataView(CustomerPageView):
    """What "Download my data" contains, and the two ways to get it."""

    template_name = "loyalty/my_data.html"
    page_title = _("Your data")
    active_tab = "profile"

    def get_context_data(self, **kwargs):
        return super().get_context_data(sections=export.SECTIONS, **kwargs)

    def failed(self, message, status):
        response = self.render_to_response(self.get_context_data(export_message=message))
        response.status_code = status
        return response


class MyDataDownloadView(MyDataView):
    """The JSON file, assembled whole before its first byte (export.py): a failure is this page with
    a message, never a partial file."""

    http_method_names = ["post"]

    def post(self, request):
        if not ratelimit.export_allowed(request):
            return self.failed(EXPORT_ERRORS["too_many"], HTTPStatus.TOO_MANY_REQUESTS)
        try:
            document = export.data_export_document(session=request.customer)
        except export.ExportIncomplete as error:
            log.warning("Data export failed at %s: %s", error.section, error.cause or "cut at a ceiling")
            return self.failed(EXPORT_ERRORS["failed"], HTTPStatus.SERVICE_UNAVAILABLE)
        chunks = json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(document)
        response = StreamingHttpResponse((chunk.encode() for chunk in chunks),
                                         content_type="application/json; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y-%m-%d")
        response["Content-Disposition"] = content_disposition_header(True, f"my-data-{stamp}.json")
        return response


class MyDataPrintView(MyDataView):
    """The readable page, streamed section by section as the reads come in (its progress); if a
    read fails, the page says where it stopped instead of its closing "complete" line."""

    template_name = "loyalty/my_data_print.html"
    page_title = _("Your data")

    def get(self, request, *args, **kwargs):
        if not ratelimit.export_allowed(request):
            self.template_name = MyDataView.template_name
            return self.failed(EXPORT_ERRORS["too_many"], HTTPStatus.TOO_MANY_REQUESTS)
        data_export = export.data_export_start(session=request.customer)
        try:
            names = data_export.reference()  # names for the sections; the first wait
        except export.ExportIncomplete as error:
            data_export.cancel()
            log.warning("Data export failed at %s: %s", error.section, error.cause)
            self.template_name = MyDataView.template_name
            return self.failed(EXPORT_ERRORS["failed"], HTTPStatus.SERVICE_UNAVAILABLE)
        page = self.render_to_response(self.get_context_data()).render().content.decode()
        head, tail = page.split(EXPORT_SECTIONS_MARKER, 1)
        sections = export_readable.printable_sections(data_export=data_export, names=names,
                                                      language=translation.get_language())
        return StreamingHttpResponse(chain([head], sections, [tail]), content_type="text/html; charset=utf-8")
