"""Demo data of the stamper group: the café-bakery chain's stamper campaigns and the customers'
stamper cards.

The demo customer has a coffee card half full (with a full one before it), a full croissant card,
no stamp yet in the tea campaign (so no card: CareCloud creates it at the first stamp) and stamps
in a lemonade campaign that has ended; a campaign that starts next month is not running yet. The
second customer has two coffee stamps.

Idempotent: fixed ids; the campaigns with update_or_create (their dates follow the latest
seeding, so the running ones keep running), the cards and stamps with get_or_create.
"""

from datetime import timedelta

from django.utils import timezone

from . import ids

CAMPAIGN_COFFEE = "5d1f0c2a7b3e4f9a8c6d2e1f70"
CAMPAIGN_CROISSANT = "6e2a1d3b8c4f5a0b9d7e3f2a81"
CAMPAIGN_TEA = "7f3b2e4c9d5a6b1c0e8f4a3b92"
CAMPAIGN_LEMONADE = "804c3f5d0e6b7c2d1f9a5b4ca3"  # ended
CAMPAIGN_CHRISTMAS = "915d4a6e1f7c8d3e2a0b6c5db4"  # starts next month

CARD_DEMO_COFFEE_FULL = "a26e5b7f2a8d9e4f3b1c7d6ec5"
CARD_DEMO_COFFEE = "b37f6c8a3b9e0f5a4c2d8e7fd6"
CARD_DEMO_CROISSANT = "c4807d9b4c0f1a6b5d3e9f80e7"
CARD_DEMO_LEMONADE = "d5918e0c5d1a2b7c6e4f0a91f8"
CARD_SECOND_COFFEE = "e6a29f1d6e2b3c8d7f5a1ba209"

CONDITION_COFFEE = "0b1c2d3e4f5a6b7c8d9e0f1a2b"
CONDITION_CROISSANT = "1c2d3e4f5a6b7c8d9e0f1a2b3c"
CONDITION_TEA = "2d3e4f5a6b7c8d9e0f1a2b3c4d"
CONDITION_LEMONADE = "3e4f5a6b7c8d9e0f1a2b3c4d5e"
CONDITION_CHRISTMAS = "4f5a6b7c8d9e0f1a2b3c4d5e6f"


def _campaigns(now) -> None:
    from ..models import StamperCampaign

    day = timedelta(days=1)
    for pk, fields in [
        (CAMPAIGN_COFFEE, dict(
            name={"cs": "Kávová karta", "en": "Coffee card"},
            description={"cs": "Za každou kávu razítko. Osmé razítko je káva podle vašeho výběru zdarma, "
                               "čtvrté sušenka k ní.",
                         "en": "A stamp for every coffee. The eighth stamp is a coffee of your choice on us, "
                               "the fourth a cookie to go with it."},
            stamp_count=8, valid_from=now - 120 * day, valid_to=now + 60 * day, count_of_campaign_repetitions=5,
            conditions=[{"stamper_condition_id": CONDITION_COFFEE,
                         "description": {"cs": "Kup si jakoukoli kávu", "en": "Buy any coffee"}}],
            bonus_checkpoints=[
                {"stamper_bonus_checkpoint_id": "5a6b7c8d9e0f1a2b3c4d5e6f70", "stamp_number": 4,
                 "description": {"cs": "Sušenka zdarma", "en": "A free cookie"}},
                {"stamper_bonus_checkpoint_id": "6b7c8d9e0f1a2b3c4d5e6f7081", "stamp_number": 8,
                 "description": {"cs": "Káva podle výběru zdarma", "en": "A free coffee of your choice"}},
            ])),
        (CAMPAIGN_CROISSANT, dict(
            name={"cs": "Croissantový klub", "en": "Croissant club"},
            description={"cs": "Šest croissantů a sedmý je náš.", "en": "Six croissants and the seventh is on us."},
            stamp_count=6, valid_from=now - 45 * day, valid_to=now + 20 * day, count_of_campaign_repetitions=1,
            conditions=[{"stamper_condition_id": CONDITION_CROISSANT,
                         "description": {"cs": "Kup si croissant", "en": "Buy a croissant"}}],
            bonus_checkpoints=[
                {"stamper_bonus_checkpoint_id": "7c8d9e0f1a2b3c4d5e6f708192", "stamp_number": 6,
                 "description": {"cs": "Croissant zdarma", "en": "A free croissant"}},
            ])),
        (CAMPAIGN_TEA, dict(
            name={"cs": "Čajový podzim", "en": "Tea autumn"},
            description={"cs": "Sbírejte razítka za čaj a získejte balíček sypaného čaje.",
                         "en": "Collect stamps for tea and get a pack of loose-leaf tea."},
            stamp_count=10, valid_from=now - 10 * day, valid_to=now + 90 * day, count_of_campaign_repetitions=2,
            conditions=[{"stamper_condition_id": CONDITION_TEA,
                         "description": {"cs": "Kup si konvičku čaje", "en": "Buy a pot of tea"}}],
            bonus_checkpoints=[
                {"stamper_bonus_checkpoint_id": "8d9e0f1a2b3c4d5e6f708192a3", "stamp_number": 10,
                 "description": {"cs": "Sypaný čaj Sencha 100 g", "en": "Sencha loose-leaf tea 100 g"}},
            ])),
        (CAMPAIGN_LEMONADE, dict(
            name={"cs": "Letní limonády", "en": "Summer lemonades"},
            description={"cs": "Pátá limonáda zdarma.", "en": "The fifth lemonade on us."},
            stamp_count=5, valid_from=now - 150 * day, valid_to=now - 10 * day, count_of_campaign_repetitions=1,
            conditions=[{"stamper_condition_id": CONDITION_LEMONADE,
                         "description": {"cs": "Kup si limonádu", "en": "Buy a lemonade"}}],
            bonus_checkpoints=[
                {"stamper_bonus_checkpoint_id": "9e0f1a2b3c4d5e6f708192a3b4", "stamp_number": 5,
                 "description": {"cs": "Limonáda zdarma", "en": "A free lemonade"}},
            ])),
        (CAMPAIGN_CHRISTMAS, dict(
            name={"cs": "Vánoční cukroví", "en": "Christmas cookies"},
            description={"cs": "Brzy.", "en": "Coming soon."},
            stamp_count=6, valid_from=now + 30 * day, valid_to=now + 70 * day, count_of_campaign_repetitions=1,
            conditions=[{"stamper_condition_id": CONDITION_CHRISTMAS,
                         "description": {"cs": "Kup si cukroví", "en": "Buy Christmas cookies"}}],
            bonus_checkpoints=[])),
    ]:
        StamperCampaign.objects.update_or_create(pk=pk, defaults=fields)


def _card(pk, campaign_id, customer_id, order, created, stamps, condition_id) -> None:
    from ..models import StamperCard, StamperStamp

    card, made = StamperCard.objects.get_or_create(pk=pk, defaults=dict(
        campaign_id=campaign_id, customer_id=customer_id, order=order, created_at=created))
    if not made:
        return
    for number in range(1, stamps + 1):
        StamperStamp.objects.create(card=card, customer_id=customer_id, stamp_order=number,
                                    stamper_condition_id=condition_id,
                                    created_at=created + timedelta(days=3 * (number - 1), hours=2))


def seed() -> None:
    now = timezone.now().replace(microsecond=0)
    _campaigns(now)
    day = timedelta(days=1)
    _card(CARD_DEMO_COFFEE_FULL, CAMPAIGN_COFFEE, ids.DEMO_CUSTOMER, 1, now - 100 * day, 8, CONDITION_COFFEE)
    _card(CARD_DEMO_COFFEE, CAMPAIGN_COFFEE, ids.DEMO_CUSTOMER, 2, now - 40 * day, 5, CONDITION_COFFEE)
    _card(CARD_DEMO_CROISSANT, CAMPAIGN_CROISSANT, ids.DEMO_CUSTOMER, 1, now - 30 * day, 6, CONDITION_CROISSANT)
    _card(CARD_DEMO_LEMONADE, CAMPAIGN_LEMONADE, ids.DEMO_CUSTOMER, 1, now - 100 * day, 3, CONDITION_LEMONADE)
    _card(CARD_SECOND_COFFEE, CAMPAIGN_COFFEE, ids.SECOND_CUSTOMER, 1, now - 8 * day, 2, CONDITION_COFFEE)
