"""Staff pages: find a customer, start a preview with a reason, end it. Each view reads the
request, calls one service and renders (or redirects)."""

from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View

from portal.carecloud import CareCloudError, ValidationError
from portal.carecloud.enterprise import NotConfiguredError

from . import access, services
from .forms import CustomerSearchForm, PreviewStartForm

# What a staff member reads when CareCloud fails, by kind (never CareCloud's own text).
FAILURES = {
    "not_configured": gettext_lazy("Customer search is not set up: the portal has no working CareCloud "
                                   "enterprise user (CARECLOUD_ENTERPRISE_LOGIN and _PASSWORD)."),
    "unavailable": gettext_lazy("CareCloud is not responding. Please try again in a few minutes."),
    "refused": gettext_lazy("CareCloud did not let this customer's account be opened (is the account active?)."),
}


class StaffPageMixin:
    """A signed-in staff member (with a second factor: the middleware sees to it) allowed to search
    and preview; the pages show personal data, so no browser or proxy keeps them."""

    page_title = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not access.may_preview(request.user):
            response = render(request, "staff/forbidden.html", {"page_title": _("Access denied")},
                              status=HTTPStatus.FORBIDDEN)
        else:
            response = super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=self.page_title, **kwargs)

    def failed(self, form, error: CareCloudError, refused: str = "unavailable"):
        kind = ("not_configured" if isinstance(error, NotConfiguredError)
                else refused if isinstance(error, ValidationError) else "unavailable")
        form.add_error(None, FAILURES[kind])
        response = self.form_invalid(form)
        response.status_code = HTTPStatus.SERVICE_UNAVAILABLE if kind == "unavailable" else HTTPStatus.OK
        return response


class SearchView(StaffPageMixin, FormView):
    template_name = "staff/search.html"
    form_class = CustomerSearchForm
    page_title = gettext_lazy("Find a customer")

    def form_valid(self, form):
        try:
            result = services.customers_search(request=self.request, **form.cleaned_data)
        except CareCloudError as error:
            return self.failed(form, error)
        return self.render_to_response(self.get_context_data(form=form, result=result))


class PreviewStartView(StaffPageMixin, FormView):
    template_name = "staff/preview_start.html"
    form_class = PreviewStartForm
    page_title = gettext_lazy("Preview a customer's account")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.customer_id = kwargs["customer_id"]

    def get(self, request, *args, **kwargs):
        self.customer_name()
        return super().get(request, *args, **kwargs)

    def customer_name(self) -> str:
        """Only a customer the staff member's last search found can be previewed."""
        name = services.searched_customer(request=self.request, customer_id=self.customer_id)
        if name is None:
            raise Http404("Not among the last search's results")
        return name

    def get_initial(self):
        return {"language": translation.get_language()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(customer_name=self.customer_name(),
                                        preview_minutes=settings.STAFF_PREVIEW_SECONDS // 60, **kwargs)

    def form_valid(self, form):
        language = form.cleaned_data["language"]
        try:
            services.preview_start(request=self.request, customer_id=self.customer_id,
                                   customer_name=self.customer_name(), **form.cleaned_data)
        except CareCloudError as error:
            return self.failed(form, error, refused="refused")
        with translation.override(language):
            return redirect(reverse("overview:dashboard"))


class PreviewEndView(View):
    """POST only, with CSRF: ends this staff session's preview, whoever's page it is on."""

    http_method_names = ["post"]

    def post(self, request):
        preview = services.preview_end(request=request)
        if preview is not None:
            messages.success(request, _("The preview of %(customer)s has ended.") % {"customer": preview.customer_name})
        return redirect("staff:home")
