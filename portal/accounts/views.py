from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.utils.decorators import method_decorator
from django.views.generic import FormView, View

from portal.carecloud import AuthenticationError, CareCloudError, ValidationError

from . import services
from .forms import LoginForm


def safe_next(request, fallback: str) -> str:
    """The ``next`` target if it stays on this site, else ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


@method_decorator([sensitive_post_parameters("password"), never_cache], name="dispatch")
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
        try:
            services.session_login(request=self.request, language=get_language(), **form.cleaned_data)
        except AuthenticationError:
            form.add_error(None, _("The login or password is not correct. Check them and try again."))
            return self.form_invalid(form)
        except ValidationError:
            form.add_error("login_value", _("Check the format of your login."))
            return self.form_invalid(form)
        except CareCloudError:
            form.add_error(None, _("We cannot log you in right now. Please try again in a few minutes."))
            return self.form_invalid(form)
        return redirect(safe_next(self.request, reverse("loyalty:dashboard")))


class LogoutView(View):
    http_method_names = ["post"]

    def post(self, request):
        services.session_logout(request=request)
        messages.success(request, _("You have been logged out."))
        return redirect(reverse_lazy("accounts:login"))
