"""Loyalty pages (the next commits fill them in)."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from portal.accounts.mixins import CustomerRequiredMixin
from portal.carecloud import resources


class CustomerPageView(CustomerRequiredMixin, TemplateView):
    page_title = ""
    active_tab = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=self.page_title, active_tab=self.active_tab, **kwargs)


class DashboardView(CustomerPageView):
    template_name = "loyalty/dashboard.html"
    page_title = _("Overview")
    active_tab = "dashboard"

    def get_context_data(self, **kwargs):
        session = self.request.customer
        customer = resources.customer_get(token=session.token, customer_id=session.customer_id)
        return super().get_context_data(customer_record=customer, **kwargs)


class ProfileView(DashboardView):
    page_title = _("Profile")
    active_tab = "profile"


class CardListView(DashboardView):
    page_title = _("Cards")
    active_tab = "cards"


class VoucherListView(DashboardView):
    page_title = _("Vouchers")
    active_tab = "vouchers"


class PointsView(DashboardView):
    page_title = _("Points")
    active_tab = "points"


class RewardListView(DashboardView):
    page_title = _("Rewards")
    active_tab = "rewards"
