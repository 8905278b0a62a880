"""Cookies by consent: the portal sets only what it needs to work until the visitor agrees to more.

**Strictly necessary, always**: the session (``sessionid``; a staff member's ``staff_sessionid``),
the CSRF cookie (``csrftoken``), the language chosen (``django_language``) and this consent itself
(``portal_cookie_consent``: "accepted" or "declined", for ``CONSENT_AGE``), so that the question
is not asked on every page. **Only with consent**: the 30-day marketing attribution cookie
(``portal_attribution``, portal/core/attribution.py), and any other non-essential storage added
later must ask :func:`allows_marketing` too. Without consent the attribution still counts for the
visit: it stays in the session, which ends with it.

The question is a short notice on every page (``components/cookie_notice.html``) until it is
answered: a POST form (CSRF) on pages that have forms, a link to the cookie page on public pages
(they draw no POST form so that shared caches may keep them, see caching.py). The cookie page
(``core-pages:cookies``) lists every cookie and storage key and lets the visitor change the
answer at any time; declining (or withdrawing) deletes the attribution cookie at once. The
README's "Cookies and storage" section is the list for the retailer's cookie policy, whose address
is ``PORTAL_COOKIE_POLICY_URL`` (the cookie page itself when not set).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from .redirects import is_safe_next

CONSENT_COOKIE = "portal_cookie_consent"
ACCEPTED, DECLINED = "accepted", "declined"
CONSENT_AGE = 180 * 24 * 3600  # six months: then the visitor is asked again


def consent(request) -> str | None:
    """The visitor's answer: ACCEPTED, DECLINED or None (not asked yet, or an unknown value)."""
    value = getattr(request, "COOKIES", {}).get(CONSENT_COOKIE)
    return value if value in (ACCEPTED, DECLINED) else None


def allows_marketing(request) -> bool:
    """Whether non-essential cookies and storage (the attribution cookie) may be set."""
    return consent(request) == ACCEPTED


def policy_url() -> str:
    """The retailer's cookie policy: PORTAL_COOKIE_POLICY_URL where set, else the theme's cookies
    link in the active language, else the portal's own cookie page."""
    from django.utils.translation import get_language

    from . import theme

    return (str(settings.PORTAL_COOKIE_POLICY_URL).strip()
            or theme.current().legal_link("cookies", get_language() or settings.LANGUAGE_CODE)
            or reverse("core-pages:cookies"))


def notice_wanted(request) -> bool:
    """The notice is shown until the visitor answers; never on the staff side (no marketing
    cookie there) or on the cookie page itself (its form is the question)."""
    if (consent(request) is not None or getattr(request, "path_info", "").startswith(settings.STAFF_URL_PREFIX)
            or getattr(request, "read_only", False)):  # a staff member's preview is not a visitor
        return False
    match = getattr(request, "resolver_match", None)
    return not (match and match.view_name == "core-pages:cookies")


def set_consent(response, value: str) -> None:
    response.set_cookie(CONSENT_COOKIE, value, max_age=CONSENT_AGE, httponly=True, samesite="Lax",
                        secure=settings.SESSION_COOKIE_SECURE)


@method_decorator(never_cache, name="dispatch")
class CookiesView(TemplateView):
    """The cookie page: what the portal stores and why; the consent given or changed (POST)."""

    template_name = "core/cookies.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=_("Cookies"), consent=consent(self.request),
                                        next=self._next(""), **kwargs)

    def _next(self, fallback: str) -> str:
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        return target if is_safe_next(target, self.request) else fallback

    def post(self, request, *args, **kwargs):
        from .attribution import forget_cookie, remember_in_cookie

        choice = request.POST.get("choice")
        if choice not in (ACCEPTED, DECLINED):
            return self.get(request, *args, **kwargs)
        response = HttpResponseRedirect(self._next(reverse("core-pages:cookies")))
        set_consent(response, choice)
        if choice == ACCEPTED:
            remember_in_cookie(request, response)  # the visit's attribution now lasts
        else:
            forget_cookie(request, response)
        messages.success(request, _("Your cookie choice is saved.") if choice == ACCEPTED
                         else _("Only the cookies the portal needs to work are used."))
        return response
