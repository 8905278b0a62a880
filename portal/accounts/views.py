from http import HTTPStatus

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, View

from portal.carecloud import AuthenticationError, CareCloudError, ValidationError
from portal.core.webapp import clear_site_data

from . import ratelimit, services
from .forms import LoginForm

# What a customer reads when a login fails, by kind (never CareCloud's own text).
LOGIN_ERRORS = {
    "credentials": gettext_lazy("The login or password is not correct. Check them and try again."),
    "format": gettext_lazy("Check the format of your login."),
    "unavailable": gettext_lazy("We cannot log you in right now. Please try again in a few minutes."),
    "too_many": gettext_lazy("Too many unsuccessful attempts. Please wait a few minutes and try again."),
}


def safe_next(request, fallback: str) -> str:
    """The ``next`` target if it stays on this site, else ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


@method_decorator([sensitive_post_parameters("password"), csrf_protect, never_cache], name="dispatch")
class LoginView(FormView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    page_title = gettext_lazy("Log in")

    def dispatch(self, request, *args, **kwargs):
        if request.customer.is_authenticated:
            return redirect(safe_next(request, reverse("loyalty:dashboard")))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=self.page_title, next=safe_next(self.request, ""), **kwargs)

    def form_valid(self, form):
        login = {"login_type": form.cleaned_data["login_type"], "login_value": form.cleaned_data["login_value"]}
        if ratelimit.login_blocked(self.request, **login):
            return self._fail(form, None, "too_many", HTTPStatus.TOO_MANY_REQUESTS)
        try:
            services.session_login(request=self.request, language=get_language(), **form.cleaned_data)
        except AuthenticationError:
            ratelimit.login_failed(self.request, **login)
            return self._fail(form, None, "credentials")
        except ValidationError:
            ratelimit.login_failed(self.request, **login)
            return self._fail(form, "login_value", "format")
        except CareCloudError:
            return self._fail(form, None, "unavailable")
        return redirect(safe_next(self.request, reverse("loyalty:dashboard")))

    def _fail(self, form, field, kind, status=HTTPStatus.OK):
        form.add_error(field, LOGIN_ERRORS[kind])
        response = self.form_invalid(form)
        response.status_code = status
        return response


@method_decorator([csrf_protect, never_cache], name="dispatch")
class LogoutView(View):
    """POST only (a link or an image must not log anyone out); CareCloud's token dies too."""

    http_method_names = ["post"]

    def post(self, request):
        services.session_logout(request=request)
        messages.success(request, _("You have been logged out."))
        # The offline card (and the service worker keeping it) leaves the device with the session.
        return clear_site_data(redirect("accounts:login"))
