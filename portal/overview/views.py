"""The overview, the member's home page: one selector, one template."""

from django.utils.translation import gettext_lazy as _

from portal.accounts.mixins import CustomerPageView
from portal.core.linked_apps import linked_applications

from . import selectors


class DashboardView(CustomerPageView):
    template_name = "overview/dashboard.html"
    page_title = _("Overview")
    active_tab = "dashboard"

    def get_context_data(self, **kwargs):
        dashboard = selectors.dashboard_for_customer(session=self.request.customer)
        return super().get_context_data(dashboard=dashboard, linked_apps=linked_applications(), **kwargs)
