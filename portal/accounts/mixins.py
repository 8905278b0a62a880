from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from .middleware import login_url


class CustomerRequiredMixin:
    """Pages of a logged-in customer: anyone else goes to the login page and comes back.

    Their content is personal: never stored by a browser or shared cache (``no-store``, so the
    back button after logging out does not show it either).
    """

    def dispatch(self, request, *args, **kwargs):
        if not request.customer.is_authenticated:
            return redirect(login_url(request.get_full_path()))
        response = super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response
