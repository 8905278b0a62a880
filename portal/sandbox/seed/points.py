"""Demo data of the points group: point types, statuses (tiers), status records, purchases and
the points ledger of the two demo customers.

Point types and statuses are reference data (update_or_create). Customer-owned records are
created once (get_or_create with fixed ids), dated relative to the moment of seeding so that
"last 30 days" and "expiring soon" stay meaningful after a reset.
"""

from __future__ import annotations

import hashlib
import math
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from . import ids
from .loyalty import REWARD_ICED_COFFEE, VOUCHER_EXPIRED_ICED

if TYPE_CHECKING:
    from ..models import PointType

PURCHASE_TYPE_STORE = "4f6a1c0d2b9e83a7c5d1e0f2a4"
PURCHASE_TYPE_ESHOP = "7d2e9b4c1a0f36e8b5c2d9a1f3"
ITEM_TYPE_SALE = "a3c8e1f4b7d2096c5e8a1b4d7f"
POINTS_PER_CZK = 0.1  # one basic point for every 10 CZK spent


def fixed_id(label: str) -> str:
    """A stable CareCloud-shaped id for a seeded record."""
    return hashlib.sha256(f"sandbox-points:{label}".encode()).hexdigest()[:26]


POINT_TYPES = [
    (ids.POINT_TYPE_BASIC, {"cs": "Základní body", "en": "Basic points"}, 365),
    (ids.POINT_TYPE_BONUS, {"cs": "Bonusové body", "en": "Bonus points"}, 90),
]

STATUSES = [
    {
        "pk": ids.STATUS_BRONZE,
        "text_id": "bronze",
        "rank": 1,
        "name": {"cs": "Bronzový člen", "en": "Bronze member"},
        "description": {
            "cs": "Základní úroveň věrnostního programu Zrnko. Sbíráte body za každý nákup.",
            "en": "The entry level of the Zrnko loyalty programme. You collect points on every purchase.",
        },
        "qualification_period": None,
        "qualification_turnover": [],
        "qualification_points": 0,
        "previous_status_id": "",
        "next_status_id": ids.STATUS_SILVER,
        "validity_period": {"cs": "neomezeně", "en": "unlimited"},
        "collection_points": True,
        "payment_points": False,
        "qualification_type": 0,
        "discount": 0,
        "overall_discount_on_discounted_purchase_items": False,
    },
    {
        "pk": ids.STATUS_SILVER,
        "text_id": "silver",
        "rank": 2,
        "name": {"cs": "Stříbrný člen", "en": "Silver member"},
        "description": {
            "cs": "Sleva 3 % na celý nákup a možnost platit body. Stačí za 12 měsíců nakoupit za 10 000 Kč "
                  "nebo získat 1 000 bodů.",
            "en": "A 3% discount on every purchase and paying with points. Spend CZK 10,000 or earn "
                  "1,000 points within 12 months.",
        },
        "qualification_period": 12,
        "qualification_turnover": [{"currency_id": ids.CURRENCY_CZK, "value": 10000.0}],
        "qualification_points": 1000,
        "previous_status_id": ids.STATUS_BRONZE,
        "next_status_id": ids.STATUS_GOLD,
        "validity_period": {"cs": "12 měsíců", "en": "12 months"},
        "collection_points": True,
        "payment_points": True,
        "qualification_type": 2,
        "discount": 3,
        "overall_discount_on_discounted_purchase_items": False,
    },
    {
        "pk": ids.STATUS_GOLD,
        "text_id": "gold",
        "rank": 3,
        "name": {"cs": "Zlatý člen", "en": "Gold member"},
        "description": {
            "cs": "Sleva 5 % i na zlevněné zboží, placení body a káva zdarma k narozeninám. Za 12 měsíců "
                  "nakupte za 30 000 Kč nebo získejte 3 000 bodů.",
            "en": "A 5% discount even on reduced items, paying with points and a free birthday coffee. "
                  "Spend CZK 30,000 or earn 3,000 points within 12 months.",
        },
        "qualification_period": 12,
        "qualification_turnover": [{"currency_id": ids.CURRENCY_CZK, "value": 30000.0}],
        "qualification_points": 3000,
        "previous_status_id": ids.STATUS_SILVER,
        "next_status_id": "",
        "validity_period": {"cs": "24 měsíců", "en": "24 months"},
        "collection_points": True,
        "payment_points": True,
        "qualification_type": 2,
        "discount": 5,
        "overall_discount_on_discounted_purchase_items": True,
    },
]

_GROUPS = {
    "coffee": {"cs": "Zrnková káva", "en": "Coffee beans"},
    "tea": {"cs": "Čaj", "en": "Tea"},
    "bakery": {"cs": "Pekárna", "en": "Bakery"},
    "extras": {"cs": "Mléko a doplňky", "en": "Milk and extras"},
    "accessories": {"cs": "Příslušenství", "en": "Accessories"},
}
_BRANDS = {"zrnko": "Zrnko", "moka": "Moka Bohemia"}

# key: (cs name, en name, group, brand, price CZK, VAT %)
PRODUCTS = {
    "espresso_milano": ("Espresso směs Milano 1 kg", "Espresso blend Milano 1 kg", "coffee", "zrnko", 689, 12),
    "brazil_santos": ("Brazílie Santos, zrnková káva 250 g", "Brazil Santos coffee beans 250 g", "coffee",
                      "zrnko", 229, 12),
    "ethiopia": ("Etiopie Yirgacheffe, zrnková káva 250 g", "Ethiopia Yirgacheffe coffee beans 250 g",
                 "coffee", "zrnko", 289, 12),
    "decaf": ("Kolumbie bez kofeinu 250 g", "Colombia decaf 250 g", "coffee", "zrnko", 259, 12),
    "gift_box": ("Dárkové balení tří káv", "Gift box of three coffees", "coffee", "zrnko", 990, 12),
    "sencha": ("Zelený čaj Sencha 100 g", "Sencha green tea 100 g", "tea", "zrnko", 169, 12),
    "earl_grey": ("Černý čaj Earl Grey 100 g", "Earl Grey black tea 100 g", "tea", "zrnko", 149, 12),
    "croissant": ("Máslový croissant", "Butter croissant", "bakery", "zrnko", 49, 12),
    "sourdough": ("Kváskový chléb 800 g", "Sourdough bread 800 g", "bakery", "zrnko", 89, 12),
    "cinnamon_roll": ("Skořicový šnek", "Cinnamon roll", "bakery", "zrnko", 59, 12),
    "oat_milk": ("Ovesné mléko Barista 1 l", "Barista oat milk 1 l", "extras", "zrnko", 79, 12),
    "french_press": ("French press 1 l", "French press 1 l", "accessories", "moka", 890, 21),
    "moka_pot": ("Moka konvička na 6 šálků", "Moka pot for 6 cups", "accessories", "moka", 790, 21),
    "grinder": ("Ruční mlýnek na kávu", "Manual coffee grinder", "accessories", "moka", 1490, 21),
    "mug": ("Porcelánový hrnek Zrnko 300 ml", "Zrnko porcelain mug 300 ml", "accessories", "zrnko", 249, 21),
}

_STORE_PLACES = {
    ids.STORE_PRAHA: ("PRA", "1", {"cs": "Nákup v prodejně Praha – Vinohrady",
                                   "en": "Purchase in the Prague – Vinohrady store"}),
    ids.STORE_BRNO: ("BRN", "2", {"cs": "Nákup v prodejně Brno", "en": "Purchase in the Brno store"}),
    ids.STORE_ESHOP: ("WEB", "WEB", {"cs": "Objednávka z e-shopu", "en": "Online shop order"}),
}

_DOUBLE_POINTS = {"cs": "Dvojnásobné body za nákup", "en": "Double points for a purchase"}

# The demo customer's purchases: (key, days ago, hour, store, [(product, amount)], double points?)
DEMO_PURCHASES = [
    ("demo-1", 400, 9, ids.STORE_PRAHA, [("espresso_milano", 1), ("croissant", 2), ("mug", 1)], False),
    ("demo-2", 330, 17, ids.STORE_BRNO, [("grinder", 1), ("brazil_santos", 2)], False),
    ("demo-3", 270, 20, ids.STORE_ESHOP, [("gift_box", 2), ("ethiopia", 1)], True),
    ("demo-4", 200, 11, ids.STORE_PRAHA, [("french_press", 1), ("sencha", 1), ("earl_grey", 1)], False),
    ("demo-5", 150, 16, ids.STORE_PRAHA, [("espresso_milano", 2), ("oat_milk", 3)], True),
    ("demo-6", 110, 21, ids.STORE_ESHOP, [("moka_pot", 1), ("decaf", 2)], False),
    ("demo-7", 75, 10, ids.STORE_BRNO, [("ethiopia", 2), ("cinnamon_roll", 2), ("croissant", 1)], True),
    ("demo-8", 40, 8, ids.STORE_PRAHA, [("espresso_milano", 1), ("sourdough", 1), ("croissant", 3)], False),
    ("demo-9", 18, 19, ids.STORE_ESHOP, [("gift_box", 1), ("grinder", 1)], False),
    ("demo-10", 4, 15, ids.STORE_PRAHA, [("brazil_santos", 2), ("sencha", 1), ("cinnamon_roll", 2)], True),
]
SECOND_PURCHASES = [
    ("second-1", 20, 12, ids.STORE_BRNO, [("cinnamon_roll", 2), ("ethiopia", 1)], False),
    ("second-2", 6, 18, ids.STORE_ESHOP, [("sencha", 2), ("mug", 1)], False),
]

# The demo customer's one redemption: the (since expired) iced coffee voucher of the loyalty seed,
# made 120 days before seeding; 200 points, as its reward costs.
DEMO_REDEMPTION = {"key": "demo-reward", "days_ago": 120, "points": 200, "reward_id": REWARD_ICED_COFFEE,
                   "voucher_id": VOUCHER_EXPIRED_ICED,
                   "name": {"cs": "Odměna: Ledová káva zdarma", "en": "Reward: Free iced coffee"}}

# Other movements: (key, days ago, hour, points, point type, kind, cs, en)
DEMO_MOVEMENTS = [
    ("demo-welcome", 420, 10, 200, ids.POINT_TYPE_BONUS, "bonus",
     "Uvítací bonus za registraci", "Welcome bonus for signing up"),
    ("demo-birthday", 300, 8, 150, ids.POINT_TYPE_BONUS, "bonus",
     "Narozeninový bonus", "Birthday bonus"),
    ("demo-app", 160, 13, 100, ids.POINT_TYPE_BONUS, "bonus",
     "Bonus za přihlášení v mobilní aplikaci", "Bonus for signing in to the mobile app"),
    ("demo-compensation", 100, 9, 80, ids.POINT_TYPE_BASIC, "manual",
     "Kompenzace za opožděné doručení objednávky", "Compensation for a late delivery"),
    ("demo-survey", 65, 18, 50, ids.POINT_TYPE_BONUS, "bonus",
     "Bonus za vyplnění zákaznického dotazníku", "Bonus for completing the customer survey"),
    ("demo-referral", 45, 12, 100, ids.POINT_TYPE_BONUS, "bonus",
     "Bonus za doporučení kamarádce", "Bonus for referring a friend"),
    ("demo-review", 10, 20, 30, ids.POINT_TYPE_BONUS, "bonus",
     "Bonus za hodnocení produktu", "Bonus for a product review"),
]
SECOND_MOVEMENTS = [
    ("second-welcome", 30, 9, 100, ids.POINT_TYPE_BONUS, "bonus",
     "Uvítací bonus za registraci", "Welcome bonus for signing up"),
    ("second-survey", 2, 11, 20, ids.POINT_TYPE_BONUS, "bonus",
     "Bonus za vyplnění zákaznického dotazníku", "Bonus for completing the customer survey"),
]


def _at(now: datetime, days_ago: int, hour: int) -> datetime:
    return (now - timedelta(days=days_ago)).replace(hour=hour, minute=17 + days_ago % 40, second=days_ago % 60,
                                                     microsecond=0)


def _earn(pk: str, customer_id: str, points: float, point_type: PointType, occurred: datetime, **fields) -> None:
    from ..models import PointMovement, record_points

    if not PointMovement.objects.filter(pk=pk).exists():
        record_points(customer_id, points, id=pk, point_type_id=point_type.pk, occurred=occurred,
                      valid_to=point_type.valid_to_for(occurred), **fields)


def _purchase(customer_id: str, card_number: str, now: datetime, types: dict, row: tuple) -> None:
    from ..models import PointMovement, Purchase, PurchaseItem

    key, days_ago, hour, store_id, lines, double_points = row
    code, cashdesk, points_name = _STORE_PLACES[store_id]
    paid = _at(now, days_ago, hour)
    total = round(sum(PRODUCTS[product][4] * amount for product, amount in lines), 2)
    external_id = f"{code}-{paid:%y%m%d}-{int(fixed_id(key)[:4], 16) % 9000 + 1000}"
    purchase, created = Purchase.objects.get_or_create(pk=fixed_id(f"purchase:{key}"), defaults={
        "customer_id": customer_id,
        "store_id": store_id,
        "external_purchase_id": external_id,
        "payment_time": paid,
        "type_id": PURCHASE_TYPE_ESHOP if store_id == ids.STORE_ESHOP else PURCHASE_TYPE_STORE,
        "total_price": total,
        "currency_id": ids.CURRENCY_CZK,
        "card_number": card_number,
        "cashdesk_number": cashdesk,
    })
    if created:
        for position, (product, amount) in enumerate(lines, start=1):
            cs, en, group, brand, price, vat = PRODUCTS[product]
            PurchaseItem.objects.create(
                id=fixed_id(f"item:{key}:{position}"), purchase=purchase, position=position,
                product_id=fixed_id(f"product:{product}"), product_name={"cs": cs, "en": en},
                product_group_id=fixed_id(f"group:{group}"), product_group_name=_GROUPS[group],
                product_brand_id=fixed_id(f"brand:{brand}"), product_brand_name=_BRANDS[brand],
                external_id=f"{purchase.external_purchase_id}/{position}", purchase_item_type_id=ITEM_TYPE_SALE,
                price=float(price), amount=float(amount), vat_rate=float(vat),
            )
    points = math.floor(purchase.total_price * POINTS_PER_CZK)
    name = {lang: f"{text}, doklad {external_id}" if lang == "cs" else f"{text}, receipt {external_id}"
            for lang, text in points_name.items()}
    common = {"store_id": store_id, "purchase_id": purchase.pk, "name": name}
    _earn(fixed_id(f"points:{key}"), customer_id, points, types[ids.POINT_TYPE_BASIC], paid,
          kind=PointMovement.Kind.PURCHASE, **common)
    if double_points:
        common["name"] = _DOUBLE_POINTS
        _earn(fixed_id(f"points:{key}:double"), customer_id, points, types[ids.POINT_TYPE_BONUS], paid,
              kind=PointMovement.Kind.BONUS, **common)


def _movement(customer_id: str, now: datetime, types: dict, row: tuple) -> None:
    key, days_ago, hour, points, point_type_id, kind, cs, en = row
    _earn(fixed_id(f"points:{key}"), customer_id, points, types[point_type_id], _at(now, days_ago, hour),
          kind=kind, name={"cs": cs, "en": en})


def _redemption(customer_id: str, now: datetime, key: str, days_ago: int, points: float, **fields) -> None:
    from ..models import PointMovement, record_points

    pk = fixed_id(f"points:{key}")
    if not PointMovement.objects.filter(pk=pk).exists():
        record_points(customer_id, -points, id=pk, kind=PointMovement.Kind.REWARD,
                      occurred=(now - timedelta(days=days_ago)).replace(microsecond=0),
                      point_type_id=ids.POINT_TYPE_BASIC, **fields)


def _status_record(key: str, customer_id: str, status_id: str, valid_from: datetime, valid_to: datetime,
                   state: int) -> None:
    from ..models import StatusRecord

    StatusRecord.objects.get_or_create(pk=fixed_id(f"status-record:{key}"), defaults={
        "customer_id": customer_id, "status_id": status_id, "valid_from": valid_from, "valid_to": valid_to,
        "state": state,
    })


def _ledger(customer_id: str, card_number: str, purchases: list, movements: list, now: datetime,
            types: dict, redemptions: tuple = ()) -> None:
    from ..models import settle_expirations

    for row in purchases:
        _purchase(customer_id, card_number, now, types, row)
    for row in movements:
        _movement(customer_id, now, types, row)
    for redemption in redemptions:
        _redemption(customer_id, now, **redemption)
    settle_expirations(customer_id)


def seed() -> None:
    from ..models import CustomerStatus, PointType

    for pk, name, validity_days in POINT_TYPES:
        PointType.objects.update_or_create(pk=pk, defaults={"name": name, "validity_days": validity_days})
    for fields in STATUSES:
        fields = dict(fields)
        CustomerStatus.objects.update_or_create(pk=fields.pop("pk"), defaults=fields)

    types = {point_type.pk: point_type for point_type in PointType.objects.all()}
    now = timezone.localtime()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    forever = midnight.replace(year=2099, month=12, day=31, hour=23, minute=59, second=59)

    _ledger(ids.DEMO_CUSTOMER, ids.DEMO_CARD_NUMBER, DEMO_PURCHASES, DEMO_MOVEMENTS, now, types,
            redemptions=(DEMO_REDEMPTION,))
    silver_from = midnight - timedelta(days=120)
    _status_record("demo-bronze", ids.DEMO_CUSTOMER, ids.STATUS_BRONZE, midnight - timedelta(days=430),
                   silver_from - timedelta(seconds=1), state=2)
    _status_record("demo-silver", ids.DEMO_CUSTOMER, ids.STATUS_SILVER, silver_from,
                   silver_from + timedelta(days=365, seconds=-1), state=1)

    _ledger(ids.SECOND_CUSTOMER, ids.SECOND_CARD_NUMBER, SECOND_PURCHASES, SECOND_MOVEMENTS, now, types)
    _status_record("second-bronze", ids.SECOND_CUSTOMER, ids.STATUS_BRONZE, midnight - timedelta(days=30),
                   forever, state=1)
