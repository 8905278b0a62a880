"""Recommendations: the hint records CareCloud keeps for a customer (getSubCustomerHintRecords,
``GET /customers/{customer_id}/recommendation-records``), personalised suggestions of products,
offers or actions. A customer token sees only its own customer's records (403 for anyone else);
deleted records are not listed. Names and texts come in the caller's language; pictures as
absolute URLs; ``web_url`` as the project set it (the demo data points at the portal's own
reward and campaign pages by path, and at a shop page by an absolute URL).
"""

from __future__ import annotations

from .. import api
from ..api import operation
from ..models import Recommendation


def serialize_recommendation(record: Recommendation, call: api.Call) -> dict:
    return {
        "recommendation_id": record.pk,
        "name": call.tr(record.name) or "",
        "brief_description": call.tr(record.brief_description) or "",
        "detailed_description": call.tr(record.detailed_description) or "",
        "content": call.tr(record.content) or "",
        "picture_urls": [api.absolute_url(call, url) for url in record.picture_urls or []],
        "web_url": record.web_url or "",
        "last_change": api.fmt_ts(record.last_change),
        "state": record.state,
    }


@operation("getSubCustomerHintRecords", "GET", "/customers/{customer_id}/recommendation-records")
def get_recommendation_records(call: api.Call, customer_id: str):
    customer = call.customer_scope(customer_id)
    name = call.q_str("name")
    records = Recommendation.objects.filter(customer_id=customer.pk).exclude(state=Recommendation.State.DELETED)
    rows = [serialize_recommendation(record, call) for record in records]
    if name:
        rows = [row for row in rows if name.casefold() in row["name"].casefold()]
    return call.page("recommendations", rows)
