"""Campaign visits start marketing scenarios: when a logged-in member opens a campaign page
(``view``) or follows its call to action (``cta``), the portal creates a marketing-automation event
on that customer (``POST /events``, the API guide's "How to create a Marketing Automation Event"),
which starts the scenario marketing wired to the event type.

- **Off unless configured**: ``PORTAL_MARKETING_EVENTS`` maps actions to CareCloud event type ids
  (``view=<id>,cta=<id>``; an action left out sends nothing) and ``PORTAL_MARKETING_EVENTS_CONSENT``
  names the consent (its ``text_id`` or id) a member must have given; without both, nothing is sent.
- **Who**: only a member holding that consent (read from their record, cached per session), never
  during a staff preview, never an anonymous visitor.
- **How often**: at most one event per member, campaign and action per local day: a cache key
  (``cache.add``, shared by every worker through Redis) taken just before sending.
- **What**: the event's ``data`` and property records carry the campaign id, the action and the UTM
  values of the visit (this request's tagged link, else the remembered attribution:
  portal/core/attribution.py); property ids ``campaign_id``, ``action``, ``utm_source``,
  ``utm_medium``, ``utm_campaign`` (the event type's properties in CareCloud).
- **Never delays the page**: the view only notes the event for this request (in the worker thread's
  own list); Django's ``request_finished`` signal, sent once the WSGI server has delivered the
  answer (:meth:`HttpResponse.close`, in the same thread), hands what was noted to a small bounded
  pool of background threads. The receiver only hands over: sending in the worker's own thread
  would hold it (and the connection slot of gunicorn's threaded worker) for the length of a
  CareCloud call; the pool's two threads and its queue of at most
  ``QUEUE_LIMIT`` are bounded, so a slow CareCloud cannot pile up work: beyond it, events are
  dropped and logged. A failure is logged and dropped, never retried (a lost answer to a POST
  cannot tell whether the event was created; a second one would start the scenario twice).
"""

from __future__ import annotations

import contextvars
import hashlib
import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.dispatch import receiver
from django.utils import timezone, translation

from portal.carecloud import customer_cache, reference, resources
from portal.carecloud.budget import budget
from portal.carecloud.exceptions import CareCloudError
from portal.core import attribution
from portal.profile.selectors import consent_values

log = logging.getLogger(__name__)

ACTIONS = ("view", "cta")
QUEUE_LIMIT = 50
_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="marketing-event")
_lock = threading.Lock()
_pending: set[Future] = set()
_noted = threading.local()  # this worker thread's request: the events to send once it is answered


@dataclass(frozen=True)
class CampaignEvent:
    action: str
    event_type_id: str
    campaign_id: str
    customer_id: str
    token: str
    language: str
    utm: dict


def configured() -> bool:
    return bool(settings.PORTAL_MARKETING_EVENTS and settings.PORTAL_MARKETING_EVENTS_CONSENT)


def _utm(request) -> dict:
    found = getattr(request, "_attribution_touch", None) or attribution.current_attribution(request)
    if found is None:
        return {}
    return {name: value for name, value in (("utm_source", found.source), ("utm_medium", found.medium),
                                            ("utm_campaign", found.campaign)) if value}


def note_campaign_event(request, *, campaign_id: str, action: str) -> None:
    """Note that this member did ``action`` on the campaign: the event is sent after the answer
    (when the response is closed: :func:`send_noted`), if everything above allows it."""
    event_type_id = str((settings.PORTAL_MARKETING_EVENTS or {}).get(action) or "")
    customer = getattr(request, "customer", None)
    if not configured() or not event_type_id or getattr(request, "read_only", False):
        return
    if customer is None or not customer.is_authenticated:
        return
    event = CampaignEvent(action=action, event_type_id=event_type_id, campaign_id=campaign_id,
                          customer_id=customer.customer_id, token=customer.token,
                          language=translation.get_language() or settings.LANGUAGE_CODE, utm=_utm(request))
    context = contextvars.copy_context()  # the request id reaches the log lines
    if not hasattr(_noted, "events"):
        _noted.events = []
    _noted.events.append((context, event))


@receiver(request_started, dispatch_uid="portal.campaigns.events.forget_noted")
def forget_noted(**_kwargs) -> None:
    """A new request in this thread: nothing noted before it is left over (a response never closed
    was never delivered, so its events are not sent with another request's)."""
    _noted.events = []


@receiver(request_finished, dispatch_uid="portal.campaigns.events.send_noted")
def send_noted(**_kwargs) -> None:
    """The answer has been delivered: hand this thread's noted events to the pool."""
    noted, _noted.events = getattr(_noted, "events", []), []
    for context, event in noted:
        _enqueue(context, event)


def _enqueue(context: contextvars.Context, event: CampaignEvent) -> None:
    with _lock:
        if len(_pending) >= QUEUE_LIMIT:
            log.warning("marketing event dropped: %s pending already (action %s, campaign %s)",
                        len(_pending), event.action, event.campaign_id)
            return
        future = _pool.submit(context.run, _send_quietly, event)
        _pending.add(future)
    future.add_done_callback(_done)


def _done(future: Future) -> None:
    with _lock:
        _pending.discard(future)


def wait_idle(timeout: float = 10) -> None:
    """Wait for the events handed to the pool (tests, and a graceful shutdown)."""
    with _lock:
        pending = list(_pending)
    wait(pending, timeout=timeout)


def _day_key(event: CampaignEvent, day: str) -> str:
    customer = hashlib.sha256(event.customer_id.encode()).hexdigest()[:24]
    return f"portal:marketing-event:{customer}:{event.campaign_id}:{event.action}:{day}"


def _consented(event: CampaignEvent) -> bool:
    wanted = settings.PORTAL_MARKETING_EVENTS_CONSENT
    record = customer_cache.cached(token=event.token, name="record",
                                   fetch=lambda: resources.customer_get(token=event.token,
                                                                        customer_id=event.customer_id))
    info = (record or {}).get("personal_information")
    if not isinstance(info, dict):
        return False
    consents = reference.consents(token=event.token)
    ids = {str(c.get("agreement_id")) for c in consents or [] if isinstance(c, dict)
           and wanted in (str(c.get("text_id") or ""), str(c.get("agreement_id") or ""))} | {wanted}
    values = consent_values(info, consents)
    return any(values.get(consent_id) == 1 for consent_id in ids)


def send(event: CampaignEvent) -> bool:
    """Send one event now, if the member holds the consent and none went today; True when sent."""
    now = timezone.localtime()
    key = _day_key(event, now.date().isoformat())
    if cache.get(key):
        return False
    with translation.override(event.language), budget(settings.CARECLOUD_PAGE_BUDGET):
        if not _consented(event):
            log.info("marketing event not sent: no consent (action %s, campaign %s)", event.action,
                     event.campaign_id)
            return False
        seconds_left_today = 86400 - (now.hour * 3600 + now.minute * 60 + now.second)
        if not cache.add(key, 1, timeout=max(60, seconds_left_today)):
            return False  # another request of the same member sent it a moment ago
        data = {"campaign_id": event.campaign_id, "action": event.action, **event.utm}
        resources.event_create(
            token=event.token, customer_id=event.customer_id, event_type_id=event.event_type_id,
            external_id=f"portal-{event.action}-{event.campaign_id}-{now:%Y%m%d}",
            data=data, created_at=now.strftime("%Y-%m-%d %H:%M:%S"),
            property_records=[{"property_id": name, "property_value": value} for name, value in data.items()],
        )
    log.info("marketing event sent: action %s, campaign %s", event.action, event.campaign_id)
    return True


def _send_quietly(event: CampaignEvent) -> None:
    try:
        send(event)
    except CareCloudError as error:
        log.warning("marketing event dropped (action %s, campaign %s): %s", event.action, event.campaign_id, error)
    except Exception:  # a background thread: nothing may escape it
        log.exception("marketing event failed (action %s, campaign %s)", event.action, event.campaign_id)
