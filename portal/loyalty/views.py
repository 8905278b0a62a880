"""Loyalty pages: each view reads the request, calls one selector and renders."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from portal.accounts.mixins import CustomerRequiredMixin
from portal.carecloud.exceptions import NotFoundError

from . import selectors


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
        return super().get_context_data(cards=cards, **kwargs)


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
