"""Where a new customer came from: the one place that decides the ``customer_source`` of a
registration (POST /customers).

A registration is attributed to what brought the visitor (portal/core/attribution.py: the UTM
parameters and the campaign they arrived through, kept in the session and a first-party cookie),
mapped to a CareCloud customer source by ``PORTAL_UTM_SOURCE_MAP``; anything unmapped gets the
project's web source, the setting ``PORTAL_CUSTOMER_SOURCE_ID`` (a ``customer_source_id`` of GET
/customer-sources). Nothing else in the portal chooses a customer source: registration asks this
function only.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from portal.core.attribution import current_attribution, customer_source_id


def customer_source_for(request: HttpRequest) -> str:
    """The ``customer_source_id`` a registration made in this request is attributed to."""
    return customer_source_id(current_attribution(request)) or str(settings.PORTAL_CUSTOMER_SOURCE_ID).strip()
