import logging
import time
from http import HTTPStatus

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView, View

from portal.carecloud import AuthenticationError, CareCloudError, ServerError, UnavailableError, ValidationError
from portal.core import ratelimit
from portal.core.forms import FAILURE_MESSAGES, CareCloudFormMixin
from portal.core.linked_apps import linked_application
from portal.core.redirects import is_safe_next
from portal.core.webapp import clear_site_data

from . import selectors, services, social
from .forms import (
    EMAIL_EXAMPLE,
    PHONE_EXAMPLE,
    LoginCodeForm,
    LoginCodeRequestForm,
    LoginForm,
    PasswordChangeForm,
    PasswordForgottenForm,
    RegistrationForm,
)
from .middleware import login_url
from .mixins import CustomerRequiredMixin
from .session import CustomerSession
from .throttle import LoginThrottled

log = logging.getLogger(__name__)

# What a customer reads when a login fails, by kind (never CareCloud's own text).
LOGIN_ERRORS = {
    "credentials": gettext_lazy("The login or password is not correct. Check them and try again."),
    "format": gettext_lazy("Check the format of your login."),
    "unavailable": gettext_lazy("We cannot log you in right now. Please try again in a few minutes."),
    "too_many": gettext_lazy("Too many unsuccessful attempts. Please wait a few minutes and try again."),
}


def safe_next(request, fallback: str) -> str:
    """The ``next`` target if it is a path of this site (portal/core/redirects.py), else ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if is_safe_next(target, request) else fallback


@method_decorator([sensitive_post_parameters("password"), csrf_protect, never_cache], name="dispatch")
class LoginView(FormView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    page_title = gettext_lazy("Log in")

    def dispatch(self, request, *args, **kwargs):
        self.started = time.monotonic()  # a failed login's answer is padded from here (throttle.py)
        if request.customer.is_authenticated:
            return redirect(safe_next(request, reverse("overview:dashboard")))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        # Read only when a value is a number that may be a card (and cached): forms.login_candidates.
        return {**super().get_form_kwargs(), "card_prefixes": selectors.login_card_prefixes}

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=self.page_title, next=safe_next(self.request, ""),
                                        login_code=services.login_code_enabled(), **kwargs)

    def form_valid(self, form):
        try:
            services.session_login(request=self.request, language=get_language(), started=self.started,
                                   logins=form.cleaned_data["logins"], password=form.cleaned_data["password"])
        except LoginThrottled:
            return self._fail(form, None, "too_many", HTTPStatus.TOO_MANY_REQUESTS)
        except AuthenticationError:
            return self._fail(form, None, "credentials")
        except ValidationError:
            return self._fail(form, "login_value", "format")
        except CareCloudError:
            return self._fail(form, None, "unavailable")
        return redirect(safe_next(self.request, reverse("overview:dashboard")))

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


# --- registration ---------------------------------------------------------------------------------------

REGISTRATION_MESSAGES = {
    "uncertain": gettext_lazy(
        "We did not get an answer from the loyalty programme in time, so we cannot tell yet whether your "
        "account was created. Please send the form again in a moment: we will check first, so that you do "
        "not get a second account."),
    "may_exist": gettext_lazy(
        "An account with this e-mail address or phone number exists already: most likely your previous "
        "attempt went through after all. Log in with the password you chose, or set a new password."),
    "too_many": gettext_lazy(
        "Too many registrations from your network in a short time. Please wait a while and try again."),
    "social_refused": gettext_lazy(
        "Your sign-in with %(provider)s has expired or is already linked to another account. Send the form again "
        "to join without it, or log in."),
    "too_many_contact": gettext_lazy(
        "This e-mail address has been used for too many registrations in a short time. Please wait a while "
        "and try again, or log in if you already have an account."),
}


class AccountFormView(CareCloudFormMixin, FormView):
    """An account form: the page title and a checked ``next`` in the context (``fail``, the way
    back with a message and a status, is CareCloudFormMixin's)."""

    page_title = ""
    active_tab = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=self.page_title, active_tab=self.active_tab,
                                        next=safe_next(self.request, ""), **kwargs)


class VisitorOnlyMixin:
    """Pages for someone who is not logged in: a logged-in customer goes on to ``next`` or the
    overview (registering a second account while logged in would log this one out)."""

    def dispatch(self, request, *args, **kwargs):
        if request.customer.is_authenticated:
            return redirect(safe_next(request, reverse("overview:dashboard")))
        return super().dispatch(request, *args, **kwargs)


@method_decorator([sensitive_post_parameters("password"), csrf_protect, never_cache], name="dispatch")
class RegisterView(VisitorOnlyMixin, AccountFormView):
    """A new account (POST /customers with autologin); the customer lands logged in on the
    overview or ``next``."""

    template_name = "accounts/register.html"
    form_class = RegistrationForm
    page_title = gettext_lazy("Join the club")
    may_exist = False

    choices_error: CareCloudError | None = None

    def get_form_kwargs(self):
        try:
            choices = selectors.registration_choices(request=self.request)
        except AuthenticationError:
            raise
        except CareCloudError as error:
            if self.request.method != "POST":
                raise  # the page without its choices: the unavailable page (middleware)
            # What was typed must not be lost: the form without the choices, nothing sent (post).
            self.choices_error, choices = error, selectors.RegistrationChoices()
        return {**super().get_form_kwargs(), "choices": choices}

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if self.choices_error is not None:
            return self.choices_failed(form, self.choices_error)
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)

    def get_initial(self):
        # After a social sign-in CareCloud did not know: prefilled from the provider's profile.
        return {**super().get_initial(), **social.pending_prefill(self.request)}

    def get_context_data(self, **kwargs):
        pending = social.pending_signup(self.request)
        return super().get_context_data(may_exist=self.may_exist, social_signup=pending["provider"] if pending else "",
                                        **kwargs)

    def form_valid(self, form):
        # Per client IP and per e-mail address: the contact is the one the form carries (the
        # account does not exist yet), counted whether CareCloud takes the registration or not.
        refused = ratelimit.refused(self.request, "registration", contact=form.cleaned_data["email"])
        if refused:
            message = REGISTRATION_MESSAGES["too_many_contact" if refused == "contact" else "too_many"]
            return self.fail(form, message, HTTPStatus.TOO_MANY_REQUESTS)
        try:
            services.customer_register(request=self.request, **form.registration(),
                                       social_network_credentials=social.pending_credentials(self.request))
        except services.RegistrationMayExist:
            self.may_exist = True
            return self.fail(form, REGISTRATION_MESSAGES["may_exist"])
        except (UnavailableError, ServerError) as error:
            if not self.request.customer.registration_uncertain:
                return self.carecloud_failed(form, error)  # nothing was sent
            # Answered 200, not 503: Django does not save the session of a 5xx answer, and this
            # session must remember that the account may exist (the next attempt checks first).
            log.warning("registration: CareCloud failed (%s)", error)
            return self.fail(form, REGISTRATION_MESSAGES["uncertain"])
        except ValidationError as error:
            provider = social.refused_credentials(self.request, error)
            if provider:  # the provider's token expired, or its account joined meanwhile: without it
                return self.fail(form, REGISTRATION_MESSAGES["social_refused"] % {"provider": provider})
            return self.carecloud_failed(form, error)
        except CareCloudError as error:
            return self.carecloud_failed(form, error)
        social.forget_pending(self.request)
        messages.success(self.request, _("Welcome to the club! Your account is ready."))
        return redirect(safe_next(self.request, reverse("overview:dashboard")))


# --- forgotten password ---------------------------------------------------------------------------------


@method_decorator([csrf_protect, never_cache], name="dispatch")
class PasswordForgottenView(AccountFormView):
    """A link to set a new password, sent by CareCloud to the account's e-mail or phone. The
    answer is the same page whether or not an account has the contact."""

    template_name = "accounts/password_forgotten.html"
    form_class = PasswordForgottenForm
    page_title = gettext_lazy("Forgotten password")

    def get_form_kwargs(self):
        try:
            channels = selectors.password_setup_channels()
        except CareCloudError:
            if self.request.method != "POST":
                raise  # the page without its channels: the unavailable page (middleware)
            # The form as the settings allow, with what was typed; sending it tells CareCloud's state.
            channels = selectors.password_setup_channels_wanted()
        return {**super().get_form_kwargs(), "channels": channels}

    def form_valid(self, form):
        channel, contact = form.contact
        if ratelimit.refused(self.request, "password-setup", contact=f"{channel}:{contact}"):
            return self.fail(form, FAILURE_MESSAGES["rate_limited"], HTTPStatus.TOO_MANY_REQUESTS)
        try:
            services.password_setup_send(request=self.request, channel=channel, contact=contact,
                                         language=get_language())
        except services.ContactFormatError:
            field = "email" if channel == "email" else "phone"
            return self.fail(form, EMAIL_EXAMPLE if field == "email" else PHONE_EXAMPLE, field=field)
        except CareCloudError as error:
            return self.carecloud_failed(form, error)
        url = reverse("accounts:password-forgotten-sent")
        next_url = safe_next(self.request, "")
        return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)


class PasswordForgottenSentView(TemplateView):
    """What everyone reads after asking for a new password, whether or not the contact is known."""

    template_name = "accounts/password_forgotten_sent.html"
    page_title = gettext_lazy("Check your messages")

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=self.page_title, next=safe_next(self.request, ""), **kwargs)


# --- sign-in with a one-time code ---------------------------------------------------------------------

LOGIN_CODE_MESSAGES = {
    "wrong": gettext_lazy("This code is not right, or it has expired. Check it and try again."),
    "too_many": gettext_lazy("That was too many wrong codes. Ask for a new code."),
    "missing": gettext_lazy("Ask for a code first: it is valid for one hour and only once."),
    "too_many_requests": gettext_lazy("Too many codes asked for in a short time. Please wait a few minutes "
                                      "and try again, or log in with your password."),
    "too_many_contact": gettext_lazy("Too many codes have been sent to this e-mail address or phone number in a "
                                     "short time. Please wait a few minutes and try again."),
}


def _with_next(request, url: str) -> str:
    next_url = safe_next(request, "")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class LoginCodeEnabledMixin:
    """The sign-in with a code needs the enterprise service user (services.login_code_enabled)."""

    def dispatch(self, request, *args, **kwargs):
        if not services.login_code_enabled():
            raise Http404("the sign-in with a code is not configured")
        return super().dispatch(request, *args, **kwargs)


@method_decorator([csrf_protect, never_cache], name="dispatch")
class LoginCodeRequestView(LoginCodeEnabledMixin, VisitorOnlyMixin, AccountFormView):
    """"Send me a code instead": the contact a one-time code goes to. The same answer, in the same
    time, whether or not an account has the contact (services.login_code_send)."""

    template_name = "accounts/login_code_request.html"
    form_class = LoginCodeRequestForm
    page_title = gettext_lazy("Log in with a code")

    def post(self, request, *args, **kwargs):
        self.started = time.monotonic()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        channel, contact = form.cleaned_data["channel"], form.cleaned_data["contact"]
        refused = ratelimit.refused(self.request, "login-code", contact=f"{channel}:{contact}")
        if refused:
            message = LOGIN_CODE_MESSAGES["too_many_contact" if refused == "contact" else "too_many_requests"]
            return self.fail(form, message, HTTPStatus.TOO_MANY_REQUESTS)
        try:
            services.login_code_send(request=self.request, channel=channel, contact=contact,
                                     shown=form.cleaned_data["shown"], started=self.started)
        except CareCloudError as error:
            return self.carecloud_failed(form, error)
        return redirect(_with_next(self.request, reverse("accounts:login-code-verify")))


@method_decorator([sensitive_post_parameters("code"), csrf_protect, never_cache], name="dispatch")
class LoginCodeVerifyView(LoginCodeEnabledMixin, VisitorOnlyMixin, AccountFormView):
    """The code from the message: a right one signs the member in (overview, or a checked ``next``);
    five wrong ones end the request. The request lives in the session only."""

    template_name = "accounts/login_code_verify.html"
    form_class = LoginCodeForm
    page_title = gettext_lazy("Enter your code")

    def dispatch(self, request, *args, **kwargs):
        self.started = time.monotonic()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if not CustomerSession(request).login_code:
            return redirect(_with_next(request, reverse("accounts:login-code")))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        pending = CustomerSession(self.request).login_code or {}
        return super().get_context_data(contact=pending.get("contact", ""), **kwargs)

    def form_valid(self, form):
        try:
            services.login_code_verify(request=self.request, code=form.cleaned_data["code"],
                                       language=get_language(), started=self.started)
        except services.WrongLoginCode:
            return self.fail(form, LOGIN_CODE_MESSAGES["wrong"], field="code")
        except services.LoginCodeMissing as missing:
            messages.error(self.request, LOGIN_CODE_MESSAGES["too_many" if missing.too_many else "missing"])
            return redirect(_with_next(self.request, reverse("accounts:login-code")))
        except AuthenticationError as error:
            # CareCloud refused the authentication token it had just issued: the code is spent.
            log.warning("a sign-in code's authentication token was refused: %s", error.status)
            messages.error(self.request, LOGIN_ERRORS["unavailable"])
            return redirect(_with_next(self.request, reverse("accounts:login-code")))
        except CareCloudError as error:
            return self.carecloud_failed(form, error)
        return redirect(safe_next(self.request, reverse("overview:dashboard")))


# --- password change --------------------------------------------------------------------------------------


@method_decorator([sensitive_post_parameters("current_password", "new_password", "new_password_again"),
                   csrf_protect, never_cache], name="dispatch")
class PasswordChangeView(CustomerRequiredMixin, AccountFormView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    page_title = gettext_lazy("Change your password")
    active_tab = "profile"
    carecloud_fields = {"password": "new_password"}

    def form_valid(self, form):
        # Counted per customer (the session's) and per client IP: wrong current passwords only.
        if ratelimit.is_blocked(self.request, "password-change"):
            return self.fail(form, FAILURE_MESSAGES["rate_limited"], HTTPStatus.TOO_MANY_REQUESTS)
        try:
            services.customer_password_change(request=self.request, language=get_language(),
                                              current_password=form.cleaned_data["current_password"],
                                              new_password=form.cleaned_data["new_password"])
        except services.WrongPassword:
            ratelimit.count(self.request, "password-change")
            return self.fail(form, _("This is not your current password."), field="current_password")
        except services.LoggedOutAfterPasswordChange:
            messages.success(self.request, _("Your password has been changed. Please log in with your new password."))
            return redirect(login_url(reverse("profile:profile")))
        except CareCloudError as error:
            return self.carecloud_failed(form, error)
        messages.success(self.request, _("Your password has been changed."))
        return redirect("profile:profile")


# --- hand-over between the retailer's applications (the API guide's "How to authenticate customers in
# external application") --------------------------------------------------------------------------------

HANDOVER_MESSAGES = {
    "invalid": gettext_lazy("This sign-in link does not work any more: it may have been used already or have "
                            "expired. Please log in here."),
    "unavailable": gettext_lazy("We cannot sign you in with this link right now. Please log in here, or try the "
                                "link again in a few minutes."),
    "too_many": gettext_lazy("Too many sign-in links were tried from your network in a short time. Please log in "
                             "here, or wait a few minutes."),
    "out_unavailable": gettext_lazy("We could not open %(name)s right now. Please try again in a few minutes."),
    "out_too_many": gettext_lazy("You have opened %(name)s many times in a short while. Please wait a few minutes "
                                 "and try again."),
}
# The answer that carries an authentication token in its URL (or sends one on): no page it leads to
# learns the URL from the Referer header.
NO_REFERRER = "no-referrer"


def _no_referrer(response):
    response["Referrer-Policy"] = NO_REFERRER
    return response


@method_decorator([csrf_protect, never_cache], name="dispatch")
class HandoverContinueView(View):
    """Hand-over in: ``/{lang}/account/continue/?token=...&token_request_id=...``, which another of the
    retailer's applications (the mobile app, the e-shop) opens with an authentication token CareCloud
    issued for the portal. A new session is logged in with it (postTokenAuthTokenLogin, through
    services.session_login_with_auth_token) and the browser is sent at once (303) to a URL without
    the token: the overview, or a checked ``next``.

    A token that does not work (invalid, used, expired, missing) gets the normal login page with a
    friendly message; its form posts back here, where this view hands the POST to the login. Limited
    per client IP (every link tried counts), never logged with the token, and every answer has
    ``Referrer-Policy: no-referrer``."""

    def get(self, request):
        token = request.GET.get("token") or ""
        token_request_id = request.GET.get("token_request_id") or ""
        if ratelimit.refused(request, "handover-in"):
            return self._login(request, "too_many", HTTPStatus.TOO_MANY_REQUESTS)
        if not (0 < len(token) <= 512 and 0 < len(token_request_id) <= 512):
            log.info("hand-over in without a complete token")
            return self._login(request, "invalid", HTTPStatus.BAD_REQUEST)
        try:
            services.session_login_with_auth_token(request=request, authentication_token=token,
                                                   token_request_id=token_request_id, language=get_language(),
                                                   way="hand-over")
        except (AuthenticationError, ValidationError) as error:
            log.info("hand-over in refused by CareCloud (%s)", error.status)
            return self._login(request, "invalid", HTTPStatus.BAD_REQUEST)
        except CareCloudError as error:
            if error.status in (403, 404):  # a project may answer an unknown token so
                log.info("hand-over in refused by CareCloud (%s)", error.status)
                return self._login(request, "invalid", HTTPStatus.BAD_REQUEST)
            log.warning("hand-over in failed: %s", error)
            return self._login(request, "unavailable", HTTPStatus.SERVICE_UNAVAILABLE)
        response = redirect(safe_next(request, reverse("overview:dashboard")))
        response.status_code = HTTPStatus.SEE_OTHER
        return _no_referrer(response)

    def post(self, request):
        """The login form of the page a failed hand-over shows (it posts to this URL)."""
        return _no_referrer(LoginView.as_view()(request))

    def _login(self, request, kind: str, status: int):
        """The normal login page, with what happened to the link."""
        if request.customer.is_authenticated:
            messages.error(request, HANDOVER_MESSAGES[kind])
            return _no_referrer(redirect(safe_next(request, reverse("overview:dashboard"))))
        messages.error(request, HANDOVER_MESSAGES[kind])
        response = LoginView.as_view()(request)
        if hasattr(response, "render"):
            response.render()
        response.status_code = status
        return _no_referrer(response)


@method_decorator([csrf_protect, never_cache], name="dispatch")
class HandoverOutView(CustomerRequiredMixin, View):
    """Hand-over out: "Open {name}" on the overview (a POST with CSRF: a link or a prefetch must not
    mint tokens). CareCloud issues an authentication token for the linked application, and the
    browser goes straight to the application's URL with it (never through another page)."""

    http_method_names = ["post"]
    preview_refused = gettext_lazy("Opening another application signed in would sign the staff member in as the "
                                   "customer there: a preview opens none.")

    def post(self, request, application_id: str):
        application = linked_application(application_id)
        if application is None:
            raise Http404("No such linked application")
        if ratelimit.refused(request, "handover-out"):
            return self._failed(application, "out_too_many", HTTPStatus.TOO_MANY_REQUESTS)
        try:
            url = services.session_handover_url(request=request, application=application)
        except AuthenticationError:
            raise
        except CareCloudError as error:
            log.warning("hand-over to %s failed: %s", application.name, error)
            return self._failed(application, "out_unavailable", HTTPStatus.SERVICE_UNAVAILABLE)
        return _no_referrer(HttpResponseRedirect(url))

    def _failed(self, application, kind: str, status: int):
        return _no_referrer(render(self.request, "accounts/handover_failed.html", {
            "page_title": _("Open %(name)s") % {"name": application.name}, "active_tab": "dashboard",
            "application": application, "message": HANDOVER_MESSAGES[kind] % {"name": application.name},
        }, status=status))
