"""Where a new customer came from: the one place that decides the ``customer_source`` of a
registration (POST /customers).

Today every registration through the portal gets the project's web source, the setting
``PORTAL_CUSTOMER_SOURCE_ID`` (a ``customer_source_id`` of GET /customer-sources). The campaign
work will attribute a registration to the campaign that brought the visitor: it keeps what it
learns (UTM parameters, a campaign's deep link) in the visitor's session when they arrive, and
this function reads it from there and answers that campaign's source id, falling back to the
setting. Nothing else in the portal chooses a customer source: registration asks this function
only, so that change stays here.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def customer_source_for(request: HttpRequest) -> str:
    """The ``customer_source_id`` a registration made in this request is attributed to."""
    return str(settings.PORTAL_CUSTOMER_SOURCE_ID).strip()
