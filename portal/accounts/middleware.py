"""Puts ``request.customer`` on every request, and turns CareCloud failures that escape a view
into the right page, in DESIGN.md's order: an expired or revoked token sends the customer to log
in again and come back (``next``); not found → the 404 page; refused → the 403 page; an
unreachable or failing CareCloud → a friendly 503 page; anything else → a log line and a 502 page.
"""

import logging

from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found, permission_denied

from portal.carecloud import exceptions as cc

from .session import CustomerSession

log = logging.getLogger(__name__)


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
            request.customer.end()
            messages.warning(request, _("Your session has expired. Please log in again."))
            return redirect(login_url(_return_path(request)))
        if isinstance(exception, cc.NotFoundError):
            return page_not_found(request, Http404(str(exception)))
        if isinstance(exception, cc.PermissionDeniedError):
            log.warning("CareCloud refused access on %s: %s", request.path, exception)
            return permission_denied(request, PermissionDenied(str(exception)))
        if isinstance(exception, (cc.UnavailableError, cc.ServerError, cc.RateLimitError)):
            log.warning("CareCloud failure on %s: %s", request.path, exception)
            return render(request, "core/unavailable.html", status=503)
        if isinstance(exception, cc.CareCloudError):
            log.error("Unhandled CareCloud error on %s: %s", request.path, exception)
            return render(request, "core/unavailable.html", status=502)
        return None


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
