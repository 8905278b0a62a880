"""What every page of a logged-in customer is made of: the login requirement, and the two base
views of the member pages (a page that shows the customer's data, a form of the customer's own
data), which each feature's views fill in."""

from collections.abc import Callable
from http import HTTPStatus

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from portal.carecloud import exceptions as cc
from portal.core import ratelimit
from portal.core.forms import CareCloudFormMixin
from portal.core.shaping import page_number

from .middleware import login_url

ACCOUNT_WRITE_TOO_MANY = _("You have saved your details many times in a short while, so nothing was saved this "
                           "time. Please wait a few minutes and try again.")


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


class CustomerPageView(CustomerRequiredMixin, TemplateView):
    """A page of the customer's data: its title, the navigation tab it belongs to, and the page
    number a paged list asks for (``?page=``)."""

    page_title = ""
    active_tab = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=self.page_title, active_tab=self.active_tab, **kwargs)

    @property
    def page(self) -> int:
        return page_number(self.request.GET.get("page"))


class CustomerFormView(CustomerRequiredMixin, CareCloudFormMixin, FormView):
    """A form of the customer's own data. ``data_selector`` gives what the form is drawn from:
    CareCloud's choices and the customer's current data, read again for a POST (the service
    writes only what differs from it). When that read fails on a POST, the form still comes back
    with what the customer typed (drawn from ``options_selector``: reference data, usually cached,
    or from ``no_options`` when even that cannot be read) and an honest message. ``save`` calls the
    one service; a saved form leads to ``success_url_name``."""

    page_title = ""
    active_tab = ""
    success_url_name: str
    data_selector: Callable[..., dict]
    options_selector: Callable[..., dict]
    no_options: dict = {}  # the form's options when CareCloud cannot give them
    form_data: dict

    def read_data(self) -> dict:
        return type(self).data_selector(session=self.request.customer)

    def read_options(self) -> dict:
        return type(self).options_selector(session=self.request.customer)

    def save(self, form):
        raise NotImplementedError

    saved_message = ""

    def success_message(self, result) -> str:
        """What the customer reads after saving (``result.changed``: whether anything was written)."""
        return self.saved_message if result.changed else _("Nothing has changed.")

    def get(self, request, *args, **kwargs):
        self.form_data = self.read_data()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            self.form_data = self.read_data()
        except (cc.AuthenticationError, cc.NotFoundError):
            raise
        except cc.CareCloudError as error:
            try:
                self.form_data = self.read_options()
            except (cc.AuthenticationError, cc.NotFoundError):
                raise
            except cc.CareCloudError:
                # Not even the choices (nothing cached): the form without them, with what was typed.
                self.form_data = dict(self.no_options)
                return self.choices_failed(self.get_form(), error)
            return self.carecloud_failed(self.get_form(), error)
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **self.form_data}

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=self.page_title, active_tab=self.active_tab, **kwargs)

    def form_valid(self, form):
        # Per customer (the session's) and per client IP, every valid form sent (docs/security.md).
        if ratelimit.refused(self.request, "account-write"):
            return self.fail(form, ACCOUNT_WRITE_TOO_MANY, HTTPStatus.TOO_MANY_REQUESTS)
        try:
            result = self.save(form)
        except cc.CareCloudError as error:
            return self.carecloud_failed(form, error)
        return self.saved(result)

    def saved(self, result):
        messages.success(self.request, self.success_message(result))
        return redirect(self.get_success_url())

    def get_success_url(self) -> str:
        return reverse(self.success_url_name)
