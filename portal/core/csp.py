"""The Content-Security-Policy (django-csp; the policy itself is ``CONTENT_SECURITY_POLICY`` in
settings.py), with the one source that is not the portal's own: where CareCloud keeps the pictures of
rewards and campaigns. That is CareCloud's origin (``CARECLOUD_API_URL``), ``CARECLOUD_FILE_HOSTS``
and ``PORTAL_CSP_IMG_HOSTS``, read per answer, so that img-src follows the settings in force."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.middleware import PolicyParts
from django.conf import settings

HOST = re.compile(r"^[A-Za-z0-9.-]+(:[0-9]{1,5})?$")  # nothing that could end a directive (";", quotes...)


def _origin(url: str) -> str:
    parts = urlsplit(url if "://" in url else f"https://{url}")
    if parts.scheme not in ("http", "https") or not HOST.match(parts.netloc):
        return ""
    return f"{parts.scheme}://{parts.netloc}"


def image_sources() -> list[str]:
    """The origins besides the portal's own that pictures may come from (CareCloud's, in order, once)."""
    urls = [settings.CARECLOUD_API_URL, *getattr(settings, "CARECLOUD_FILE_HOSTS", ()),
            *getattr(settings, "PORTAL_CSP_IMG_HOSTS", ())]
    return list(dict.fromkeys(origin for origin in map(_origin, urls) if origin))


class CSPMiddleware(BaseCSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        update = dict(parts.update or {})
        update["img-src"] = [*update.get("img-src", ()), *image_sources()]
        # The social sign-in buttons' forms are redirected to the providers' pages (portal/accounts/social.py).
        social = [origin for origin in map(_origin, getattr(settings, "PORTAL_SOCIAL_FORM_ACTION", ())) if origin]
        if social:
            update["form-action"] = [*update.get("form-action", ()), *dict.fromkeys(social)]
        parts.update = update
        return parts
