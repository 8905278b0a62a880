"""Demo data of credits and of marketing-automation event types.

The demo customer has credits of two types in two currencies: some expiring within weeks, one
deposit expired, spendings at the stores, more history than one page. The second customer has
none (a member of a project with credits who has no credits yet). Dated relative to the moment of
seeding, like the points. ``DELETE /_sandbox/credits`` makes the sandbox a project without credits
until the next reset.

Event types: the two the portal's campaign visits are configured with in ``make run``
(``PORTAL_MARKETING_EVENTS``).
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.utils import timezone

from . import ids
from .reference import PARTNER_ZRNKO

CREDIT_TYPE_GIFT = "7c1f0e5a3b9d2c8e4f6a0b1d23"
CREDIT_TYPE_REFUND = "e4b8a2c6d0f1937a5c8e2b4d61"
EVENT_GROUP_PORTAL = "5b0e7d3c9a1f2e4d6c8b0a2f47"
EVENT_TYPE_CAMPAIGN_VIEW = "a1d4e7b0c3f6928d5e1b4c7a90"
EVENT_TYPE_CAMPAIGN_CTA = "c9e2b5f8a1d4037e6b9c2f5a18"

CREDIT_TYPES = {
    CREDIT_TYPE_GIFT: {"cs": "Dárkový kredit", "en": "Gift credit"},
    CREDIT_TYPE_REFUND: {"cs": "Kredit za vrácené zboží", "en": "Refund credit"},
}

EVENT_TYPES = {
    EVENT_TYPE_CAMPAIGN_VIEW: ("campaign_page_view", {"cs": "Návštěva stránky kampaně", "en": "Campaign page viewed"},
                               "visibility"),
    EVENT_TYPE_CAMPAIGN_CTA: ("campaign_cta", {"cs": "Výzva kampaně využita", "en": "Campaign call to action followed"},
                              "ads_click"),
}

_DEPOSIT = {"cs": "Připsání kreditu", "en": "Credits added"}
_SPEND = {"cs": "Platba kreditem", "en": "Payment with credits"}

# (label, days ago, amount, currency, type, valid for days after it (None: never), store, note)
DEMO_MOVEMENTS = [
    ("gift-expired", 400, 200.0, "czk", CREDIT_TYPE_GIFT, 365, "",
     {"cs": "Vánoční dárek 2025", "en": "Christmas gift 2025"}),
    ("gift-expired-spend", 380, -50.0, "czk", CREDIT_TYPE_GIFT, None, ids.STORE_PRAHA,
     {"cs": "Snídaně na Vinohradech", "en": "Breakfast in Vinohrady"}),
    ("gift-soon", 70, 500.0, "czk", CREDIT_TYPE_GIFT, 90, "",
     {"cs": "Dárková karta od kolegů", "en": "Gift card from colleagues"}),
    ("spend-1", 60, -45.0, "czk", CREDIT_TYPE_GIFT, None, ids.STORE_PRAHA,
     {"cs": "Flat white a croissant", "en": "Flat white and a croissant"}),
    ("spend-2", 52, -89.0, "czk", CREDIT_TYPE_GIFT, None, ids.STORE_BRNO,
     {"cs": "Snídaně v Brně", "en": "Breakfast in Brno"}),
    ("spend-3", 41, -16.0, "czk", CREDIT_TYPE_GIFT, None, ids.STORE_ESHOP,
     {"cs": "Doplatek objednávky", "en": "Rest of an order"}),
    ("gift-later", 30, 300.0, "czk", CREDIT_TYPE_GIFT, 365, "",
     {"cs": "Bonus k narozeninám", "en": "Birthday bonus"}),
    ("spend-4", 22, -120.0, "czk", CREDIT_TYPE_GIFT, None, ids.STORE_PRAHA,
     {"cs": "Zrnková káva 1 kg", "en": "Zrnko coffee beans, 1 kg"}),
    ("spend-5", 14, -30.0, "czk", CREDIT_TYPE_GIFT, None, ids.STORE_PRAHA,
     {"cs": "Espresso s sebou", "en": "Espresso to go"}),
    ("eur-gift", 12, 20.0, "eur", CREDIT_TYPE_GIFT, 180, "",
     {"cs": "Dárkový poukaz z Vídně", "en": "Gift voucher from Vienna"}),
    ("refund", 6, 89.9, "czk", CREDIT_TYPE_REFUND, None, ids.STORE_ESHOP,
     {"cs": "Vrácený mlýnek", "en": "Returned grinder"}),
    ("spend-6", 2, -64.0, "czk", CREDIT_TYPE_GIFT, None, ids.STORE_BRNO,
     {"cs": "Dva cappuccina", "en": "Two cappuccinos"}),
]


def fixed_id(label: str) -> str:
    return hashlib.sha256(f"sandbox-credits:{label}".encode()).hexdigest()[:26]


def seed() -> None:
    from ..models import CreditMovement, CreditType, EventType

    for pk, name in CREDIT_TYPES.items():
        CreditType.objects.update_or_create(pk=pk, defaults={"name": name})
    for pk, (text_id, name, icon) in EVENT_TYPES.items():
        EventType.objects.update_or_create(pk=pk, defaults={
            "event_group_id": EVENT_GROUP_PORTAL, "event_group_text_id": "customer_portal", "name": name,
            "text_id": text_id, "icon_name": icon, "state": 1,
        })
    now = timezone.localtime().replace(microsecond=0)
    for label, days_ago, amount, currency, credit_type, valid_days, store, note in DEMO_MOVEMENTS:
        occurred = (now - timedelta(days=days_ago)).replace(hour=10, minute=15, second=0)
        valid_to = None
        if amount > 0 and valid_days is not None:
            valid_to = (occurred + timedelta(days=valid_days)).replace(hour=23, minute=59, second=59)
        CreditMovement.objects.get_or_create(pk=fixed_id(label), defaults={
            "customer_id": ids.DEMO_CUSTOMER, "credit_type_id": credit_type, "currency_id": currency,
            "partner_id": PARTNER_ZRNKO, "store_id": store, "amount": amount,
            "operation_type": _DEPOSIT if amount > 0 else _SPEND, "note": note, "occurred": occurred,
            "valid_to": valid_to,
        })


def remove_credits() -> int:
    """A project without credits: no credit types, no credit records (until the next reset)."""
    from ..models import CreditMovement, CreditType

    removed, _ = CreditMovement.objects.all().delete()
    CreditType.objects.all().delete()
    return removed
