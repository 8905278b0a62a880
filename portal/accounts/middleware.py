"""Puts ``request.customer`` on every request, and turns CareCloud failures that escape a view
into the right page, in the errors' order (docs/architecture.md, "Errors"): an expired or revoked
token sends the customer to log in again and come back (``next``); not found → the 404 page;
refused → the 403 page; an unreachable or failing CareCloud → a friendly 503 page; anything else →
a log line and a 502 page.
"""

import logging
import math
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found, permission_denied

from portal.carecloud import exceptions as cc
from portal.core.webapp import clear_site_data

from . import services
from .session import CustomerSession

log = logging.getLogger(__name__)

# Seconds a browser or crawler is told to wait after the 503 page when CareCloud named no time.
DEFAULT_RETRY_AFTER = 60


def login_url(next_path: str | None = None) -> str:
    url = reverse("accounts:login")
    return f"{url}?{urlencode({'next': next_path})}" if next_path else url


class CustomerSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.customer = CustomerSession(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, cc.AuthenticationError):
            return session_expired(request, _return_path(request))
        if isinstance(exception, cc.NotFoundError):
            return page_not_found(request, Http404(str(exception)))
        if isinstance(exception, cc.PermissionDeniedError):
            log.warning("CareCloud refused access on %s: %s", request.path, exception)
            return permission_denied(request, PermissionDenied(str(exception)))
        if isinstance(exception, (cc.UnavailableError, cc.ServerError, cc.RateLimitError)):
            log.warning("CareCloud failure on %s: %s", request.path, exception)
            response = render(request, "core/unavailable.html", status=503)
            retry_after = exception.retry_after
            response["Retry-After"] = str(math.ceil(retry_after) if retry_after else DEFAULT_RETRY_AFTER)
            return response
        if isinstance(exception, cc.CareCloudError):
            log.error("Unhandled CareCloud error on %s: %s", request.path, exception)
            return render(request, "core/unavailable.html", status=502)
        return None


class TokenLanguageMiddleware:
    """Keeps the token's language (putToken) in step with the page's: opening a ``/cs/...`` URL
    directly changes the page's language without the language switcher, so the token would keep
    the old one. Runs after CustomerSessionMiddleware and LocaleMiddleware, only on GET/HEAD of a
    language-prefixed URL, and only when the language differs from the one the token was given."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        customer = getattr(request, "customer", None)
        language = translation.get_language_from_path(request.path_info)
        if (request.method in ("GET", "HEAD") and language and customer is not None
                and customer.is_authenticated and customer.language != language):
            try:
                services.session_set_language(request=request, language=language)
            except cc.AuthenticationError:
                return session_expired(request, _return_path(request))
            except cc.CareCloudError as error:
                # The page still works; the next page tries again (the stored language is unchanged).
                log.warning("CareCloud did not take the language %s: %s", language, error)
        return self.get_response(request)


def session_expired(request, next_path: str | None):
    """End the customer's session and send them to log in again, then back to ``next_path``."""
    request.customer.end()
    messages.warning(request, _("Your session has expired. Please log in again."))
    return clear_site_data(redirect(login_url(next_path)))  # and its offline card with it


def _return_path(request) -> str | None:
    """Where to come back after logging in: this page for a GET, the referring page otherwise."""
    if request.method == "GET":
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return None
