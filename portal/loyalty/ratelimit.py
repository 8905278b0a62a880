"""How often a customer may export their data (django-ratelimit's counters in the cache, as for
the login): every export reads the whole account from CareCloud, so a loop of them would weigh on
the project. Counted per customer (the session's id, never a URL's), every export that starts."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

log = logging.getLogger(__name__)

GROUP = "portal.loyalty.export"


def export_allowed(request: HttpRequest) -> bool:
    """Count this export; False when the customer has used up the exports of the window."""
    usage = get_usage(request, group=GROUP, key=lambda group, request: request.customer.customer_id,
                      rate=settings.PORTAL_EXPORT_RATE, method=("GET", "POST"), increment=True)
    if usage is not None and usage["should_limit"]:
        log.warning("data export rate limit reached")
        return False
    return True
