"""The rewards and vouchers pages: the rewards offered to the customer, one reward, the
confirmation of exchanging points for it and the exchange itself, the customer's vouchers and one
voucher; each view calls one selector (reads) or service (writes) and renders."""

from http import HTTPStatus

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_protect

from portal.accounts.mixins import CustomerPageView
from portal.carecloud.exceptions import NotFoundError
from portal.core import ratelimit

from . import selectors, services
from .forms import RedeemForm
from .services import RedeemError


class VoucherListView(CustomerPageView):
    template_name = "rewards/vouchers.html"
    page_title = _("Vouchers")
    active_tab = "vouchers"

    def get_context_data(self, **kwargs):
        state = selectors.VoucherState.clean(self.request.GET.get("state"))
        result = selectors.vouchers_for_customer(session=self.request.customer, state=state, page=self.page)
        return super().get_context_data(result=result, states=selectors.VoucherState.CHOICES, **kwargs)


class RewardListView(CustomerPageView):
    template_name = "rewards/rewards.html"
    page_title = _("Rewards")
    active_tab = "rewards"

    def get_context_data(self, **kwargs):
        result = selectors.rewards_for_customer(session=self.request.customer, page=self.page)
        return super().get_context_data(result=result, **kwargs)


class RewardDetailView(CustomerPageView):
    template_name = "rewards/reward_detail.html"
    page_title = _("Reward")
    active_tab = "rewards"

    def get_context_data(self, **kwargs):
        try:
            offer = selectors.reward_offer(session=self.request.customer, reward_id=self.kwargs["reward_id"])
        except NotFoundError:
            raise Http404("No such reward") from None
        return super().get_context_data(reward=offer["reward"], offer=offer, **kwargs)


# --- redeeming a reward for points --------------------------------------------------------------

# What the customer reads when a redemption made no voucher (or cannot tell), and the status of
# the answer. Never CareCloud's own text.
REDEEM_FAILURES = {
    RedeemError.NOT_ENOUGH_POINTS: (
        _("You do not have enough points for this reward yet."), HTTPStatus.OK),
    RedeemError.NOT_REDEEMABLE: (
        _("This reward cannot be exchanged for points."), HTTPStatus.OK),
    RedeemError.REWARD_UNAVAILABLE: (
        _("This reward cannot be redeemed right now: it may have expired or run out. No points were "
          "deducted."), HTTPStatus.OK),
    RedeemError.STALE: (
        _("This confirmation is no longer valid. Check the details below and confirm again."), HTTPStatus.OK),
    RedeemError.REFUSED: (
        _("The loyalty programme did not accept this redemption, and no points were deducted. Please try "
          "again later or contact us."), HTTPStatus.OK),
    RedeemError.UNAVAILABLE: (
        _("We could not redeem the reward right now: the loyalty programme is not responding. No points were "
          "deducted; please try again in a few minutes."), HTTPStatus.SERVICE_UNAVAILABLE),
    RedeemError.RATE_LIMITED: (
        _("Too many attempts in a short time. No points were deducted; please wait a few minutes and try "
          "again."), HTTPStatus.TOO_MANY_REQUESTS),
    RedeemError.NOT_OFFERED: (
        _("This reward is no longer offered to you. No points were deducted."), HTTPStatus.NOT_FOUND),
    # No voucher to show and no form to send again: the customer is pointed to their vouchers.
    RedeemError.UNCERTAIN: (
        _("The loyalty programme did not answer in time, so we cannot tell whether your reward was redeemed. "
          "Please do not try again yet: look at your vouchers in a minute. If the new voucher is there, the "
          "points were spent on it and it is yours to use."), HTTPStatus.SERVICE_UNAVAILABLE),
    RedeemError.IN_PROGRESS: (
        _("This reward is already being redeemed, perhaps in another window. Please look at your vouchers "
          "in a minute before you try again."), HTTPStatus.CONFLICT),
}
UNSETTLED = (RedeemError.UNCERTAIN, RedeemError.IN_PROGRESS)


@method_decorator(csrf_protect, name="dispatch")
class RewardRedeemView(CustomerPageView):
    """The confirmation of exchanging points for a reward (GET) and the exchange itself (POST).

    GET shows the reward, its cost, the balance and the balance after, with a one-time key in the
    form. POST calls the one service; a voucher (new, or the one an earlier submission of the same
    confirmation made) is shown on its own page; anything else comes back here with a message."""

    template_name = "rewards/reward_redeem.html"
    page_title = _("Redeem a reward")
    active_tab = "rewards"
    http_method_names = ["get", "post"]
    # Not in a staff preview (PreviewMiddleware): its GET keeps a one-time key in the browser's session.
    preview_refused = _("Redeeming a reward spends the customer's points, which a preview cannot do; its "
                        "confirmation is not opened either, as it would keep a redemption key.")

    def get(self, request, *args, **kwargs):
        return self.confirmation(self.offer())

    def post(self, request, *args, **kwargs):
        form = RedeemForm(request.POST)
        try:
            if not form.is_valid():
                raise RedeemError(RedeemError.STALE)
            if ratelimit.refused(request, "reward-redeem"):
                raise RedeemError(RedeemError.RATE_LIMITED)
            redemption = services.reward_redeem(request=request, reward_id=self.kwargs["reward_id"],
                                                key=form.cleaned_data["key"])
        except RedeemError as error:
            return self.failed(error)
        if redemption.replayed:
            messages.info(request, _("This reward was already redeemed with this confirmation: here is your "
                                     "voucher. No more points were deducted."))
        else:
            messages.success(request, _("Done! Your voucher is ready: show its code at the till."))
        return redirect("rewards:voucher-detail", voucher_id=redemption.voucher_id)

    def offer(self) -> dict:
        try:
            return selectors.reward_offer(session=self.request.customer, reward_id=self.kwargs["reward_id"])
        except NotFoundError:
            raise Http404("No such reward") from None

    def confirmation(self, offer: dict, error: str = "", status: int = HTTPStatus.OK):
        """The confirmation page; a form with a fresh key only where redeeming can succeed."""
        form = None
        recent_voucher_url = ""
        if offer["state"] in (selectors.OfferState.READY, selectors.OfferState.BALANCE_UNKNOWN):
            start = services.reward_redeem_confirmation(request=self.request, reward_id=self.kwargs["reward_id"])
            form = RedeemForm(data={"key": start.key})  # bound, so that an error can be added for the summary
            if form.is_valid() and error:
                form.add_error(None, error)
            if start.recent_voucher_id:
                recent_voucher_url = reverse("rewards:voucher-detail", kwargs={"voucher_id": start.recent_voucher_id})
        context = self.get_context_data(offer=offer, reward=offer["reward"], form=form, error=error,
                                        recent_voucher_url=recent_voucher_url)
        return self.render_to_response(context, status=status)

    def failed(self, error: RedeemError):
        message, status = REDEEM_FAILURES.get(error.kind, REDEEM_FAILURES[RedeemError.REFUSED])
        if error.kind in UNSETTLED or error.kind == RedeemError.NOT_OFFERED:
            # Nothing to confirm again: the voucher may exist, or the reward is gone.
            context = self.get_context_data(offer=None, outcome=error.kind, error=message)
            response = self.render_to_response(context, status=status)
        else:
            offer = error.offer
            if offer is None:
                try:
                    offer = selectors.reward_offer(session=self.request.customer, reward_id=self.kwargs["reward_id"])
                except NotFoundError:
                    return self.failed(RedeemError(RedeemError.NOT_OFFERED))
            response = self.confirmation(offer, error=message, status=status)
        if status >= 500 and self.request.session.modified:
            # Django's SessionMiddleware saves nothing on a 5xx answer; the used key and the new
            # form's key must be kept all the same.
            self.request.session.save()
        return response


class VoucherDetailView(CustomerPageView):
    """One of the customer's vouchers with its codes to scan, and the balance now (a new voucher
    lands here)."""

    template_name = "rewards/voucher_detail.html"
    page_title = _("Voucher")
    active_tab = "vouchers"

    def get_context_data(self, **kwargs):
        try:
            detail = selectors.voucher_detail(session=self.request.customer, voucher_id=self.kwargs["voucher_id"])
        except NotFoundError:
            raise Http404("No such voucher") from None
        return super().get_context_data(voucher=detail["voucher"], balance=detail["points"], **kwargs)
