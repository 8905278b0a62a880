"""The points page: the balance, what expires next and the point history, a page at a time."""

from django.utils.translation import gettext_lazy as _

from portal.accounts.mixins import CustomerPageView

from . import selectors


class PointsView(CustomerPageView):
    template_name = "points/points.html"
    page_title = _("Points")
    active_tab = "points"

    def get_context_data(self, **kwargs):
        points = selectors.points_for_customer(session=self.request.customer, page=self.page)
        return super().get_context_data(points=points, **kwargs)
