"""The store finder: the stores shown to customers with their hours, and a button on each to make
it the home store (a POST with CSRF; the page works without JavaScript, which only adds sorting by
distance)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_permissions_policy import PermissionsPolicyMiddleware

from portal.accounts.mixins import CustomerFormView

from . import forms, selectors, services


class StoresView(CustomerFormView):
    template_name = "stores/stores.html"
    page_title = _("Stores")
    active_tab = "stores"
    success_url_name = "stores:stores"
    form_class = forms.HomeStoreForm
    saved_message = _("Your home store has been changed.")

    data_selector = selectors.stores_form_data
    options_selector = selectors.stores_form_options
    no_options = {"customer": None, "stores": [], "other_stores": []}

    def dispatch(self, request, *args, **kwargs):
        """The one page that may ask the browser where the member is (sorting by distance): the
        site's Permissions-Policy with ``geolocation=(self)``; every other page denies it."""
        response = super().dispatch(request, *args, **kwargs)
        policy = {**settings.PERMISSIONS_POLICY, "geolocation": ["self"]}
        response._permissions_policy_override = PermissionsPolicyMiddleware.compute_header_value(
            policy, name="stores")
        return response

    def save(self, form):
        return services.home_store_set(session=self.request.customer, store_id=form.cleaned_data["store_id"])

    def success_message(self, result):
        return self.saved_message if result.changed else _("This is your home store already.")

    def get_context_data(self, **kwargs):
        finder = selectors.store_finder(customer=self.form_data.get("customer"), stores=self.form_data.get("stores"),
                                        other_stores=self.form_data.get("other_stores"))
        return super().get_context_data(finder=finder, **kwargs)
