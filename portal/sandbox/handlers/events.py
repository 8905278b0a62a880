"""Marketing-automation events: postEvent (an event on a customer, which would start the scenario
marketing wired to its type) and getEventTypes; the control page ``/_sandbox/events`` shows what
was received (newest first; ``events.json`` for scripts and tests).

On the customer interface a token may create events only on its own customer.
"""

from __future__ import annotations

from csp.constants import NONCE
from csp.decorators import csp_update
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from .. import api, errors
from ..api import operation
from ..models import Customer, EventType, MarketingEvent

IDENTIFIER_TYPES = ("email", "phone", "external_id")

POST_EVENT = {
    "type": "object",
    "required": ["event"],
    "properties": {
        "event": {
            "type": "object",
            "required": ["event_type_id", "external_id"],
            "properties": {
                "event_type_id": {"type": "string", "minLength": 1},
                "customer_id": {"type": "string"},
                "customer_identifier_type": {"type": "string", "enum": list(IDENTIFIER_TYPES)},
                "customer_identifier_value": {"type": ["string", "object"]},
                "external_id": {"type": "string"},
                "data": {"type": ["string", "array", "object"]},
                "created_at": {"type": "string"},
                "secondary_external_id": {"type": ["string", "null"]},
            },
        },
        "property_records": {
            "type": "array",
            "maxItems": 1000,
            "items": {"type": "object", "required": ["property_id"],
                      "properties": {"property_id": {"type": "string", "minLength": 1}}},
        },
    },
}


def _customer(call: api.Call, event: dict) -> Customer:
    customer_id = event.get("customer_id")
    kind = event.get("customer_identifier_type")
    value = event.get("customer_identifier_value")
    if customer_id and (kind or value):
        raise errors.invalid("customer_identifier_type", errors.NOT_ALLOWED_VALUE, kind or "",
                             "customer_id and an alternative identifier cannot be sent together.")
    if customer_id:
        return call.customer_scope(customer_id)
    if not kind or value in (None, ""):
        raise errors.invalid("customer_id", errors.REQUIRED, "", "Parameter customer_id is required.")
    customers = Customer.objects.exclude(state=Customer.State.DELETED)
    if kind == "email" and isinstance(value, str):
        found = customers.filter(email__iexact=value.strip()).first()
    elif kind == "phone" and isinstance(value, str):
        found = customers.filter(phone=value.strip().lstrip("+")).first()
    else:  # external ids of customer sources are not emulated
        found = None
    if found is None:
        raise errors.invalid("customer_identifier_value", errors.NOT_FOUND, "", "No customer has this identifier.")
    return call.customer_scope(found.pk)


@operation("postEvent", "POST", "/events", body=POST_EVENT)
def post_event(call: api.Call):
    event = call.body["event"]
    event_type = EventType.objects.filter(pk=event["event_type_id"], state=1).first()
    if event_type is None:
        raise errors.invalid("event_type_id", errors.NOT_FOUND, event["event_type_id"], "Unknown event type.")
    customer = _customer(call, event)
    created_at = api.now()
    if event.get("created_at"):
        created_at = api.parse_timestamp(event["created_at"])
        if created_at is None:
            raise errors.invalid("created_at", errors.INVALID_VALUE_FORMAT, event["created_at"],
                                 "Expected YYYY-MM-DD HH:MM:SS.")
    record = MarketingEvent.objects.create(
        event_type_id=event_type.pk, customer_id=customer.pk, external_id=str(event["external_id"]),
        secondary_external_id=event.get("secondary_external_id") or "", data=event.get("data"),
        created_at=created_at, property_records=call.body.get("property_records") or [],
        interface=call.interface,
    )
    return api.created({"event_id": record.pk})


@operation("getEventTypes", "GET", "/event-types")
def get_event_types(call: api.Call):
    group_id = call.q_str("event_group_id")
    call.check()
    types = EventType.objects.all()
    if group_id:
        types = types.filter(event_group_id=group_id)
    return call.page("event_types", [
        {"event_type_id": t.pk, "event_group_id": t.event_group_id,
         **api.compact({"event_group_text_id": t.event_group_text_id, "name": call.tr(t.name),
                        "text_id": t.text_id, "icon_name": t.icon_name, "state": t.state})}
        for t in types
    ])


# --- the control page ---------------------------------------------------------------------------------


def _received(request: HttpRequest) -> list[dict]:
    try:
        last = max(1, int(request.GET.get("last", 100)))
    except ValueError:
        last = 100
    events = MarketingEvent.objects.all()
    if customer_id := request.GET.get("customer_id"):
        events = events.filter(customer_id=customer_id)
    names = {t.pk: api.pick_language(t.name, "en") for t in EventType.objects.all()}
    return [{
        "event_id": e.pk, "event_type_id": e.event_type_id, "event_type": names.get(e.event_type_id, ""),
        "customer_id": e.customer_id, "external_id": e.external_id, "data": e.data,
        "created_at": api.fmt_ts(e.created_at), "received": api.fmt_ts(e.received),
        "property_records": e.property_records, "interface": e.interface,
    } for e in events[:last]]


@csp_update({"style-src": [NONCE]})
@require_GET
def events_page(request: HttpRequest) -> HttpResponse:
    """The events received, newest first (``?last=N``, ``?customer_id=``)."""
    return render(request, "sandbox/events.html", {"events": _received(request)})


@require_GET
def events_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"events": _received(request)}, json_dumps_params={"ensure_ascii": False})


urlpatterns = [
    path("_sandbox/events", events_page, name="events"),
    path("_sandbox/events.json", events_json, name="events-json"),
]
