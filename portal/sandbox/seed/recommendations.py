"""Demo data of the recommendations (hint records): what CareCloud suggests to the demo customer.

Three picks, each pointing somewhere else: a reward (by the portal's reward path), a campaign (by
the portal's campaign path, without a picture: the portal shows the theme's) and a product in the
shop (an absolute URL); plus a deleted record that is never listed. Other customers, and anyone
registered now, have none.

Idempotent: fixed ids, update_or_create.
"""

from . import campaigns, ids, loyalty

IMAGES = "/_sandbox/images"  # served by portal/sandbox/images.py

RECOMMENDATION_BEANS = "5e7a9c1b3d2f4a6c8e0b1d3f60"
RECOMMENDATION_AUTUMN = "6f8b0d2c4e3a5b7d9f1c2e4a71"
RECOMMENDATION_ROLL = "7a9c1e3d5f4b6c8e0a2d3f5b82"
RECOMMENDATION_DELETED = "8b0d2f4e6a5c7d9f1b3e4a6c93"

RECOMMENDATIONS = {
    RECOMMENDATION_BEANS: dict(
        order=1,
        name={"cs": "Zrnková káva domů", "en": "Whole bean coffee for home"},
        brief_description={"cs": "Pijete u nás espresso každý týden: čtvrt kila zrn za body.",
                           "en": "You have an espresso with us every week: a quarter kilo of beans for points."},
        picture_urls=[f"{IMAGES}/products/colombia-supremo.svg"],
        web_url=f"/rewards/{loyalty.REWARD_BEANS}/",
    ),
    RECOMMENDATION_AUTUMN: dict(
        order=2,
        name={"cs": "Podzimní káva", "en": "Autumn coffee"},
        brief_description={"cs": "Dýňové latte a nové pražení: podívejte se, co je u nás na podzim.",
                           "en": "Pumpkin spice latte and a new roast: see what autumn brings."},
        picture_urls=[],
        web_url=f"/campaigns/{campaigns.CAMPAIGN_AUTUMN_COFFEE}/",
    ),
    RECOMMENDATION_ROLL: dict(
        order=3,
        name={"cs": "Skořicový šnek", "en": "Cinnamon roll"},
        brief_description={"cs": "K ranní kávě se hodí něco sladkého.",
                           "en": "Something sweet goes with your morning coffee."},
        picture_urls=[f"{IMAGES}/products/cinnamon-roll.svg"],
        web_url="https://shop.example.com/products/cinnamon-roll",
    ),
    RECOMMENDATION_DELETED: dict(
        order=4,
        name={"cs": "Letní ledová káva", "en": "Summer iced coffee"},
        picture_urls=[],
        state=0,
    ),
}


def seed() -> None:
    from ..models import Recommendation

    for pk, fields in RECOMMENDATIONS.items():
        Recommendation.objects.update_or_create(pk=pk, defaults={"customer_id": ids.DEMO_CUSTOMER, **fields})
