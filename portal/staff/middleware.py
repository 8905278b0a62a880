"""The staff side's three guards.

- :class:`StaffSessionMiddleware`: staff have their own session (cookie ``staff_sessionid``, table
  ``StaffSession``, age ``STAFF_SESSION_COOKIE_AGE``). Under ``/staff/`` it *is*
  ``request.session`` (so django.contrib.auth, allauth and admin use it); elsewhere it is only
  ``request.staff_session``, and ``request.session`` is the customer's, untouched by staff.
- :class:`SecondFactorRequiredMiddleware`: a signed-in staff member without a second factor
  reaches nothing but setting one up.
- :class:`PreviewMiddleware`: during a preview, ``request.customer`` is the previewed customer
  on the customer pages, every request but GET and HEAD is refused (the one place read-only is
  enforced: before any view, form or CareCloud call), so is every page whose view declares
  ``preview_refused`` (:func:`preview_refusal`), and every request is recorded.
"""

from __future__ import annotations

import time
from http import HTTPStatus
from types import SimpleNamespace

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.exceptions import SessionInterrupted
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.carecloud import AuthenticationError

from . import access, services
from .models import Preview
from .session import PreviewCustomerSession
from .session_store import StaffSessionStore

SAFE_METHODS = ("GET", "HEAD")
ENDED_MESSAGES = {
    Preview.EndReason.EXPIRED: gettext_lazy("The preview has ended: its time ran out."),
    Preview.EndReason.REVOKED: gettext_lazy("The preview has ended: you may no longer preview customer accounts."),
    Preview.EndReason.UPSTREAM: gettext_lazy("The preview has ended: CareCloud ended its session."),
}


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        customer_session = request.session
        request.staff_session = StaffSessionStore(request.COOKIES.get(settings.STAFF_SESSION_COOKIE_NAME))
        staff_path = access.is_staff_path(request.path_info)
        if staff_path:
            request.session = request.staff_session
            request.staff_user = SimpleLazyObject(lambda: request.user)
        else:
            # Only the staff session decides who the staff member is (never the customer's).
            request.staff_user = SimpleLazyObject(lambda: auth.get_user(SimpleNamespace(session=request.staff_session)))
        response = self.get_response(request)
        if staff_path:
            request.staff_session = request.session  # the very object auth and allauth used
            request.session = customer_session
        return self._save(request, response)

    @staticmethod
    def _save(request, response):
        """Django's SessionMiddleware.process_response, for the staff session and its cookie."""
        session, name = request.staff_session, settings.STAFF_SESSION_COOKIE_NAME
        cookie = {"path": settings.SESSION_COOKIE_PATH, "domain": settings.SESSION_COOKIE_DOMAIN,
                  "samesite": settings.SESSION_COOKIE_SAMESITE}
        if name in request.COOKIES and session.is_empty():
            response.delete_cookie(name, **cookie)
            patch_vary_headers(response, ("Cookie",))
            return response
        if session.accessed:
            patch_vary_headers(response, ("Cookie",))
        if session.modified and not session.is_empty() and response.status_code < 500:
            max_age = None if session.get_expire_at_browser_close() else session.get_expiry_age()
            try:
                session.save()
            except UpdateError:
                raise SessionInterrupted("The staff session was deleted before the request completed.")
            response.set_cookie(name, session.session_key, max_age=max_age,
                                expires=None if max_age is None else http_date(time.time() + max_age),
                                secure=settings.SESSION_COOKIE_SECURE, httponly=True, **cookie)
        return response


class SecondFactorRequiredMiddleware:
    """Staff set up a second factor before anything else: until they have one, every staff page
    but setting one up (and signing out) leads there."""

    SETUP_URL_NAMES = {"mfa_activate_totp", "mfa_add_webauthn", "mfa_reauthenticate", "account_reauthenticate",
                       "account_logout"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (access.is_staff_path(request.path_info) and request.user.is_authenticated
                and not access.has_second_factor(request.user)):
            try:
                url_name = resolve(request.path_info).url_name
            except Resolver404:
                url_name = None
            if url_name not in self.SETUP_URL_NAMES:
                messages.info(request, _("Set up two-factor authentication first: staff accounts need it."))
                return redirect("mfa_activate_totp")
        return self.get_response(request)


def preview_refusal(view_func) -> str:
    """Why a preview may not open this view ('' when it may): the view's ``preview_refused``, a
    translatable reason, on its class (``as_view()``) or on the function itself. A page declares it
    when it hands over more than a read-only look at the account needs: a copy of the customer's
    card or data to take away, or something counted against the customer (docs/staff-preview.md).
    The declaration sits on the view, so that the list of refused pages follows the URLconf and a
    test can compare it with the documented one."""
    view = getattr(view_func, "view_class", view_func)
    return getattr(view, "preview_refused", "") or ""


class PreviewMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        preview, ended = services.preview_resume(request=request)
        request.preview = preview
        request.read_only = preview is not None
        customer_path = not access.is_staff_path(request.path_info)
        if ended in ENDED_MESSAGES:
            messages.warning(request, ENDED_MESSAGES[ended])
            if customer_path:
                return redirect("staff:home")
        if preview is None:
            return self.get_response(request)
        if customer_path:
            request.customer = PreviewCustomerSession(request, preview)
        if request.method in SAFE_METHODS or request.path_info in self.allowed_writes():
            response = self.get_response(request)
        else:
            response = render(request, "staff/read_only.html", status=HTTPStatus.FORBIDDEN)
        add_never_cache_headers(response)
        if customer_path and not self.browser_fetch(request):
            services.preview_record_page(preview=preview, request=request, response=response)
        return response

    # What the browser fetches by itself (the service worker's script and its update checks, the
    # web app manifest, a load balancer's probes): no page of the customer's, so not in the record.
    BROWSER_FETCHES = {"core:service-worker", "core:liveness", "core:readiness", "webapp:manifest"}

    @classmethod
    def browser_fetch(cls, request) -> bool:
        match = getattr(request, "resolver_match", None)
        return match is not None and match.view_name in cls.BROWSER_FETCHES

    @staticmethod
    def allowed_writes() -> set[str]:
        """The only POSTs a preview lets through: ending it, and switching the language (a cookie,
        and putToken on the preview's own token: never the customer's data)."""
        return {reverse("staff:preview-end"), reverse("set-language")}

    def process_view(self, request, view_func, view_args, view_kwargs):
        """A page refused in a preview is answered here, after the URL is resolved and before its
        view runs: nothing is read from CareCloud, counted (the export's quota) or kept (the
        offline card). ``__call__`` records the refusal in the audit trail like any page."""
        if getattr(request, "preview", None) is None:
            return None
        reason = preview_refusal(view_func)
        if not reason:
            return None
        return render(request, "staff/preview_refused.html", {"reason": reason}, status=HTTPStatus.FORBIDDEN)

    def process_exception(self, request, exception):
        """CareCloud refused the preview's token (logged out or expired upstream): the preview ends,
        and the staff member is back on the staff pages (not on the customer login)."""
        if getattr(request, "preview", None) is not None and isinstance(exception, AuthenticationError):
            services.preview_end(request=request, reason=Preview.EndReason.UPSTREAM)
            messages.warning(request, ENDED_MESSAGES[Preview.EndReason.UPSTREAM])
            return redirect("staff:home")
        return None
