"""Loyalty pages: each view reads the request, calls one selector (reads) or service (writes) and
renders; the profile's forms read what they are drawn from with one selector and save with one
service."""

import logging

from django.utils.translation import gettext_lazy as _

from portal.accounts.mixins import CustomerPageView

from . import selectors

log = logging.getLogger(__name__)

class DashboardView(CustomerPageView):
    template_name = "loyalty/dashboard.html"
    page_title = _("Overview")
    active_tab = "dashboard"

    def get_context_data(self, **kwargs):
        dashboard = selectors.dashboard_for_customer(session=self.request.customer)
        return super().get_context_data(dashboard=dashboard, **kwargs)




