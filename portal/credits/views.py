"""The credits page: balances per credit type and currency, what expires when, the history a page
at a time. Absent (404) where the project has no credits."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from portal.accounts.mixins import CustomerPageView

from . import selectors


class CreditsView(CustomerPageView):
    template_name = "credits/credits.html"
    page_title = _("Credits")
    active_tab = "credits"

    def get_context_data(self, **kwargs):
        credits = selectors.credits_for_customer(session=self.request.customer, page=self.page)
        if not credits["has_credits"]:
            raise Http404("The project has no credits")
        return super().get_context_data(credits=credits, **kwargs)
