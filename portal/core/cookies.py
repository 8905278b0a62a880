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
from django.urls import reverse

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
