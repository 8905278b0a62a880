from django.shortcuts import redirect

from .middleware import login_url


class CustomerRequiredMixin:
    """Pages of a logged-in customer: anyone else goes to the login page and comes back."""

    def dispatch(self, request, *args, **kwargs):
        if not request.customer.is_authenticated:
            return redirect(login_url(request.get_full_path()))
        return super().dispatch(request, *args, **kwargs)
