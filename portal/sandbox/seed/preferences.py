"""Demo data of the preferences group: interests, customer property definitions (one of each
data type the spec names, a customized one, and one whose item names come as the spec's example
shows them: a JSON object of translations in a string) and the demo customers' interest and
property records.

Definitions follow the code (update_or_create); the customers' records are created once
(get_or_create) so that what a developer changes survives a re-seed.
"""

import json

from ..choices import PropertyDataType
from . import ids

INTEREST_COFFEE = "4c1f7a2e9b3d5c8a0e6f1b2d37"
INTEREST_BAKING = "8e2b4d6f0a1c3e5b7d9f2a4c61"
INTEREST_ORGANIC = "1a3c5e7b9d2f4a6c8e0b1d3f52"
INTEREST_KIDS = "d7f9b1c3e5a2c4e6b8d0f1a3c9"
INTEREST_SPORT = "2b4d6f8a0c1e3b5d7f9a2c4e83"
INTEREST_TRAVEL = "f0a2c4e6b8d1f3a5c7e9b2d4a6"
INTEREST_BEAUTY = "6c8e0b2d4f1a3c5e7b9d0f2a15"
INTEREST_PETS = "9d1f3a5c7e2b4d6f8a0c1e3b74"

INTERESTS = {
    INTEREST_COFFEE: {"cs": "Káva", "en": "Coffee"},
    INTEREST_BAKING: {"cs": "Pečení", "en": "Baking"},
    INTEREST_ORGANIC: {"cs": "Bio potraviny", "en": "Organic food"},
    INTEREST_KIDS: {"cs": "Děti a rodina", "en": "Kids and family"},
    INTEREST_SPORT: {"cs": "Sport", "en": "Sport"},
    INTEREST_TRAVEL: {"cs": "Cestování", "en": "Travel"},
    INTEREST_BEAUTY: {"cs": "Krása a péče", "en": "Beauty and care"},
    INTEREST_PETS: {"cs": "Domácí mazlíčci", "en": "Pets"},
}

# Items of the enum and multiselect properties.
ITEM_STORE_PRAHA = "3e5a7c9b1d2f4e6a8c0b2d4f71"
ITEM_STORE_BRNO = "7a9c1e3b5d4f6a8c0e2b4d6f93"
ITEM_STORE_ESHOP = "b1d3f5a7c9e0b2d4f6a8c1e3f5"
ITEM_WEEKLY = "c2e4a6b8d0f1a3c5e7b9d2f4a8"
ITEM_MONTHLY = "e4a6c8b0d2f3a5c7e9b1d4f6a0"
ITEM_QUARTERLY = "a6c8e0b2d4f5a7c9e1b3d6f8a2"
ITEM_DAILY = "0b2d4f6a8c1e3b5d7f9a0c2e46"  # no longer offered (state 2)
ITEM_GLUTEN = "5d7f9b1c3e6a8c0e2b4d7f9a13"
ITEM_LACTOSE = "f9b1d3e5a7c0e2b4d6f8a1c3e7"
ITEM_NUTS = "1c3e5a7d9b0f2a4c6e8b1d3f59"
ITEM_SOY = "8f0a2c4e6b9d1f3a5c7e0b2d48"
ITEM_EGGS = "4a6c8e0b3d5f7a9c1e3b6d8f02"
ITEM_MORNING = "37045534f5f7c8aaa09ea8a5f6"
ITEM_NOON = "8b67edcc8675fc4ad012e8aa97"
ITEM_EVENING = "8650f7f3e59b0bc70023a5aaef"


def _item(pk: str, cs: str, en: str, resource_record_id: str | None = None, state: int = 1) -> dict:
    return {"id": pk, "name": {"cs": cs, "en": en}, "resource_record_id": resource_record_id, "state": state}


def _json_named_item(pk: str, en: str, cz: str) -> dict:
    """An item named the way the spec's PropertyItem example is: ``'{"en":"evening","cz":"vecer"}'``,
    one string the API answers as it is (in every language, with the spec's ``cz`` for Czech)."""
    return {"id": pk, "name": json.dumps({"en": en, "cz": cz}, ensure_ascii=False), "resource_record_id": None,
            "state": 1}


PROPERTIES = {
    "favourite_store": {
        "name": {"cs": "Oblíbená prodejna", "en": "Favourite store"},
        "description": {"cs": "Prodejna, kam zákazník chodí nejčastěji.",
                        "en": "The store the customer visits most often."},
        "data_type": PropertyDataType.ENUM,
        "items": [
            _item(ITEM_STORE_PRAHA, "Praha – Vinohrady", "Prague – Vinohrady", ids.STORE_PRAHA),
            _item(ITEM_STORE_BRNO, "Brno – náměstí Svobody", "Brno – Freedom Square", ids.STORE_BRNO),
            _item(ITEM_STORE_ESHOP, "E-shop", "Online shop", ids.STORE_ESHOP),
        ],
        "is_required": True,
    },
    "newsletter_frequency": {
        "name": {"cs": "Frekvence newsletteru", "en": "Newsletter frequency"},
        "description": {"cs": "Jak často chce zákazník dostávat novinky.",
                        "en": "How often the customer wants to hear from us."},
        "data_type": PropertyDataType.ENUM,
        "items": [
            _item(ITEM_WEEKLY, "Jednou týdně", "Weekly"),
            _item(ITEM_MONTHLY, "Jednou měsíčně", "Monthly"),
            _item(ITEM_QUARTERLY, "Jednou za čtvrtletí", "Quarterly"),
            _item(ITEM_DAILY, "Denně", "Daily", state=2),
        ],
        "is_required": True,
    },
    "allergies": {
        "name": {"cs": "Alergeny", "en": "Allergies"},
        "description": {"cs": "Alergeny, na které máme zákazníka upozornit.",
                        "en": "Allergens we should warn the customer about."},
        "data_type": PropertyDataType.MULTISELECT,
        "items": [
            _item(ITEM_GLUTEN, "Lepek", "Gluten"),
            _item(ITEM_LACTOSE, "Laktóza", "Lactose"),
            _item(ITEM_NUTS, "Ořechy", "Nuts"),
            _item(ITEM_SOY, "Sója", "Soy"),
            _item(ITEM_EGGS, "Vejce", "Eggs"),
        ],
    },
    "cups_per_day": {
        "name": {"cs": "Počet šálků kávy denně", "en": "Cups of coffee a day"},
        "data_type": PropertyDataType.INTEGER,
    },
    "pet_owner": {
        "name": {"cs": "Chovatel domácího mazlíčka", "en": "Pet owner"},
        "data_type": PropertyDataType.BOOLEAN,
    },
    "anniversary": {
        "name": {"cs": "Výročí svatby", "en": "Wedding anniversary"},
        "description": {"cs": "K výročí posíláme dárkový poukaz.", "en": "We send a gift voucher on the day."},
        "data_type": PropertyDataType.DATE,
    },
    "monthly_budget": {
        "name": {"cs": "Měsíční útrata za kávu (Kč)", "en": "Monthly coffee spend (CZK)"},
        "data_type": PropertyDataType.FLOAT,
    },
    "club_nickname": {
        "name": {"cs": "Přezdívka v klubu", "en": "Club nickname"},
        "description": {"cs": "Zobrazuje se v žebříčku ochutnávek; musí být jedinečná.",
                        "en": "Shown on the tasting leaderboard; it must be unique."},
        "data_type": PropertyDataType.STRING,
        "is_unique": True,
    },
    "note": {
        "name": {"cs": "Poznámka", "en": "Note"},
        "data_type": PropertyDataType.STRING,
    },
    "first_visit": {
        "name": {"cs": "První návštěva", "en": "First visit"},
        "description": {"cs": "Kdy jste k nám poprvé zavítali.", "en": "When you first came to see us."},
        "data_type": "timestamp",
    },
    "visit_time": {
        "name": {"cs": "Kdy k nám chodíte", "en": "When you usually visit"},
        "data_type": PropertyDataType.ENUM,
        "items": [
            _json_named_item(ITEM_MORNING, "In the morning", "Ráno"),
            _json_named_item(ITEM_NOON, "Around noon", "Kolem poledne"),
            _json_named_item(ITEM_EVENING, "In the evening", "Večer"),
        ],
    },
    "taste_profile": {
        # A customized data type (the spec: "the format depends on the specific data type
        # configuration", e.g. a serialized JSON object); a portal cannot know how to edit it.
        "name": {"cs": "Chuťový profil", "en": "Taste profile"},
        "description": {"cs": "Vyplní barista při ochutnávce.", "en": "Filled in by a barista at a tasting."},
        "data_type": "taste_profile",
    },
}

INTEREST_RECORDS = {
    ids.DEMO_CUSTOMER: [INTEREST_COFFEE, INTEREST_BAKING, INTEREST_ORGANIC],
    ids.SECOND_CUSTOMER: [INTEREST_SPORT],
}

PROPERTY_RECORDS = {
    ids.DEMO_CUSTOMER: {
        "favourite_store": [ITEM_STORE_PRAHA],
        "newsletter_frequency": [ITEM_MONTHLY],
        "allergies": [ITEM_LACTOSE, ITEM_NUTS],
        "cups_per_day": 3,
        "pet_owner": True,
        "anniversary": "2015-06-20",
        "monthly_budget": 649.5,
        "club_nickname": "terka_espresso",
        "first_visit": "2019-04-12 08:30:00",
        "taste_profile": '{"roast": "medium", "milk": "oat"}',
    },
    ids.SECOND_CUSTOMER: {
        "favourite_store": [ITEM_STORE_BRNO],
        "newsletter_frequency": [ITEM_WEEKLY],
        "club_nickname": "jana_latte",
        "note": "Preferuje mléko bez laktózy.",
    },
}


def seed() -> None:
    from ..models import CustomerProperty, Interest, InterestRecord, PropertyRecord, make_property_record_id

    for pk, name in INTERESTS.items():
        Interest.objects.update_or_create(pk=pk, defaults={"name": name})
    for position, (pk, fields) in enumerate(PROPERTIES.items()):
        CustomerProperty.objects.update_or_create(pk=pk, defaults={
            "description": {}, "items": [], "is_required": False, "is_unique": False, "state": 1,
            **fields, "position": position})
    for customer_id, interest_ids in INTEREST_RECORDS.items():
        for interest_id in interest_ids:
            InterestRecord.objects.get_or_create(customer_id=customer_id, interest_id=interest_id)
    for customer_id, values in PROPERTY_RECORDS.items():
        for property_id, value in values.items():
            PropertyRecord.objects.get_or_create(
                pk=make_property_record_id(property_id, customer_id),
                defaults={"customer_id": customer_id, "property_id": property_id, "value": value},
            )
