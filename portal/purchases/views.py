"""The purchase pages: the customer's purchases, and one purchase with its items."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from portal.accounts.mixins import CustomerPageView
from portal.carecloud.exceptions import NotFoundError

from . import selectors


class PurchaseListView(CustomerPageView):
    template_name = "purchases/purchases.html"
    page_title = _("Purchases")
    active_tab = "purchases"

    def get_context_data(self, **kwargs):
        result = selectors.purchases_for_customer(session=self.request.customer, page=self.page)
        return super().get_context_data(result=result, **kwargs)


class PurchaseDetailView(CustomerPageView):
    template_name = "purchases/purchase_detail.html"
    page_title = _("Purchase")
    active_tab = "purchases"

    def get_context_data(self, **kwargs):
        try:
            purchase = selectors.purchase_detail(session=self.request.customer,
                                                 purchase_id=self.kwargs["purchase_id"])
        except NotFoundError:
            raise Http404("No such purchase") from None
        return super().get_context_data(purchase=purchase, **kwargs)
