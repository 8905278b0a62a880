"""Sign-in with a social network account (Google, Apple, Facebook, any OpenID Connect provider),
through django-allauth's social account providers, for customers.

allauth runs the provider's side (the redirect, the state and PKCE, the code exchange, the ID
token's checks, the profile). Customers have no Django user, so its own ending never runs: as soon
as the provider's answer is in, :class:`CustomerSocialAccountAdapter.pre_social_login` hands it to
:func:`social_return`, which asks CareCloud (postTokenSocialLogin) and answers with a redirect
(allauth's ``ImmediateHttpResponse``), before allauth would look for, create or log in a user. No
User, SocialAccount or SocialToken row is ever written for a customer.

- CareCloud knows the account: the session is signed in (services.session_login_with_social, which
  ends in session_bind) and goes to ``next`` or the overview.
- CareCloud does not: the registration form opens prefilled from the provider's profile, and the
  account is created with the social network credentials (kept server-side in the session until
  then), so that the next time the customer signs straight in.
- Anything else (cancelled, the provider's error, CareCloud down, too many tries): the login page
  with a message.

Providers are configured by settings only (SOCIALACCOUNT_PROVIDERS, from the environment in
portal/settings.py); a button shows only for a configured one (:func:`configured_providers`). The
social network id CareCloud gets is the provider's id (``google``, ``apple``, ``facebook``, or the
OpenID Connect provider's own id, e.g. ``sandbox``), the token its access token.
"""

from __future__ import annotations

import logging
from http import HTTPStatus

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.base import AuthError
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy

from portal.carecloud import CareCloudError
from portal.core import ratelimit
from portal.core.redirects import is_safe_next

from . import services

log = logging.getLogger(__name__)

# The registration a social sign-in of an unknown account leads to: {"social_network_id",
# "social_network_token", "provider", "first_name", "last_name", "email"}. Server-side only: the
# token is a credential and never reaches a template, a URL or a log.
PENDING_KEY = "carecloud_social_signup"

SOCIAL_MESSAGES = {
    "failed": gettext_lazy("We could not sign you in with %(provider)s. Please try again, or log in with your "
                           "e-mail, phone or card number below."),
    "cancelled": gettext_lazy("Signing in with %(provider)s was cancelled. You can log in below instead."),
    "unavailable": gettext_lazy("We cannot sign you in right now. Please try again in a few minutes, or log in "
                                "below."),
    "too_many": gettext_lazy("Too many sign-in attempts from your network. Please wait a few minutes and try again."),
    "heading": gettext_lazy("Sign-in paused"),
    "welcome": gettext_lazy("You are signed in with %(provider)s."),
    "join": gettext_lazy("We do not know your %(provider)s account yet. Check your details and join the club: "
                         "next time, %(provider)s signs you straight in."),
}


def configured_providers(request: HttpRequest) -> list:
    """The providers with an app in the settings, in a stable order (Google, Apple, Facebook, then
    OpenID Connect ones): the "Continue with" buttons."""
    order = {"google": 0, "apple": 1, "facebook": 2}
    providers = CustomerSocialAccountAdapter().list_providers(request)
    return sorted(providers, key=lambda provider: (order.get(provider.id, 9), provider.name))


def pending_signup(request: HttpRequest) -> dict | None:
    session = getattr(request, "session", None)  # (a view tried without a session has none pending)
    return (session.get(PENDING_KEY) if session is not None else None) or None


def pending_prefill(request: HttpRequest) -> dict:
    """The registration form's initial values from the provider's profile."""
    pending = pending_signup(request) or {}
    return {name: pending[name] for name in ("first_name", "last_name", "email") if pending.get(name)}


def pending_credentials(request: HttpRequest) -> dict | None:
    pending = pending_signup(request)
    if not pending:
        return None
    return {"social_network_id": pending["social_network_id"], "social_network_token": pending["social_network_token"]}


def forget_pending(request: HttpRequest) -> None:
    if pending_signup(request):
        request.session.pop(PENDING_KEY, None)


def refused_credentials(request: HttpRequest, error) -> str:
    """When CareCloud refused the registration's social network credentials (a 400 naming them),
    they are forgotten, and the provider's name is answered ('' for any other refusal)."""
    pending = pending_signup(request)
    if pending and any(str(param.get("name") or "").startswith("social_network_credentials")
                       for param in error.invalid_params):
        forget_pending(request)
        return pending["provider"]
    return ""


def _language_and_next(request: HttpRequest, state: dict | None) -> tuple[str, str]:
    """The page's language and a checked ``next`` from the state the login view kept (the
    buttons always send a ``next`` in the page's language, /en/... or /cs/...)."""
    target = (state or {}).get("next") or ""
    target = target if is_safe_next(target, request) else ""
    language = translation.get_language_from_path(target) if target else None
    return language or translation.get_language() or settings.LANGUAGE_CODE, target


def _with_next(url: str, target: str) -> str:
    return f"{url}?{urlencode({'next': target})}" if target else url


def _to_login(request: HttpRequest, kind: str, provider_name: str, target: str) -> HttpResponse:
    messages.error(request, SOCIAL_MESSAGES[kind] % {"provider": provider_name})
    return redirect(_with_next(reverse("accounts:login"), target))


def social_return(request: HttpRequest, sociallogin) -> HttpResponse:
    """The provider's answer is in (allauth checked it): sign in with CareCloud, or register."""
    if request.path_info.startswith(settings.STAFF_URL_PREFIX):
        # Never on the staff side (its session is request.session there); allauth's URLs there have none.
        raise Http404
    provider = sociallogin.account.get_provider(request)
    language, target = _language_and_next(request, sociallogin.state)
    translation.activate(language)
    request.LANGUAGE_CODE = language
    access_token = sociallogin.token.token if sociallogin.token else ""
    if not access_token:
        log.warning("social sign-in: %s gave no access token", provider.sub_id)
        return _to_login(request, "failed", provider.name, target)
    if ratelimit.refused(request, "social-login"):
        # As every limited form: 429 and the message; a page of its own with the way to the login.
        return render(request, "accounts/social_refused.html", {
            "page_title": SOCIAL_MESSAGES["heading"], "message": SOCIAL_MESSAGES["too_many"],
            "login_url": _with_next(reverse("accounts:login"), target),
        }, status=HTTPStatus.TOO_MANY_REQUESTS)
    try:
        services.session_login_with_social(request=request, social_network_id=provider.sub_id,
                                           social_network_token=access_token, language=language)
    except services.SocialAccountUnknown:
        user = sociallogin.user
        request.session[PENDING_KEY] = {
            "social_network_id": provider.sub_id, "social_network_token": access_token, "provider": provider.name,
            "first_name": (getattr(user, "first_name", "") or "")[:200],
            "last_name": (getattr(user, "last_name", "") or "")[:200],
            "email": (getattr(user, "email", "") or "")[:254],
        }
        messages.info(request, SOCIAL_MESSAGES["join"] % {"provider": provider.name})
        return redirect(_with_next(reverse("accounts:register"), target))
    except CareCloudError as error:
        log.warning("social sign-in (%s) failed: %s", provider.sub_id, error)
        return _to_login(request, "unavailable", provider.name, target)
    forget_pending(request)
    messages.success(request, SOCIAL_MESSAGES["welcome"] % {"provider": provider.name})
    return redirect(target or reverse("overview:dashboard"))


class CustomerSocialAccountAdapter(DefaultSocialAccountAdapter):
    """allauth's decisions for customers' social sign-in: it never reaches a Django user."""

    def pre_social_login(self, request, sociallogin):
        raise ImmediateHttpResponse(social_return(request, sociallogin))

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        """Cancelled at the provider, its error, a state that does not match: the login page."""
        language, target = _language_and_next(request, (extra_context or {}).get("state"))
        translation.activate(language)
        log.info("social sign-in (%s) did not complete: %s %s", getattr(provider, "sub_id", "?"), error,
                 type(exception).__name__ if exception else "")
        kind = "cancelled" if error == AuthError.CANCELLED else "failed"
        raise ImmediateHttpResponse(_to_login(request, kind, getattr(provider, "name", "?"), target))

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False  # never reached (pre_social_login answers first); no user is ever made here

    def get_app(self, request, provider, client_id=None):
        """A provider that is not configured is a 404, not allauth's DoesNotExist (a 500)."""
        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist:
            raise Http404 from None

    def list_apps(self, request, provider=None, client_id=None):
        """Configured by settings only (SOCIALACCOUNT_PROVIDERS), never by rows in the database."""
        from allauth.socialaccount.adapter import _build_apps_from_settings

        apps = _build_apps_from_settings(provider=provider, client_id=client_id)
        return [app for provider_apps in apps.values() for app in provider_apps]


def login_cancelled(request: HttpRequest) -> HttpResponse:
    """allauth's "cancelled" page (its name, socialaccount_login_cancelled): the login page instead."""
    return _to_login(request, "cancelled", gettext_lazy("your account"), "")


def login_error(request: HttpRequest) -> HttpResponse:
    return _to_login(request, "failed", gettext_lazy("your account"), "")

