"""Demo data of the campaigns group: a coffee-and-bakery catalog, four campaigns and their offers.

Idempotent: fixed ids, update_or_create (catalog data follows the code). Validity windows are
relative to the day of seeding, so there are always current, future and past offers:

- Podzimní káva / Autumn coffee: three current offers (one past, already ended).
- Vánoce 2026 / Christmas 2026: two offers that start in a fortnight.
- Adventní pečení / Advent baking (a child of Christmas 2026): three current offers.
- Letní ledová káva / Summer iced coffee: a non-active campaign whose offers ended in summer.

The campaign ids are fixed so that the portal's public campaign pages have stable addresses.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from ..choices import CampaignState, OfferValueType
from . import ids

CAMPAIGN_AUTUMN_COFFEE = "7ccbd60aeca711a1666119c376"
CAMPAIGN_CHRISTMAS = "1aa4de914e4c2e46c810e32647"
CAMPAIGN_ADVENT_BAKING = "0d679b080e70ceac2c367c20e3"
CAMPAIGN_SUMMER_ICED = "aae0c70509bf6db4f9a2afa2ca"

PRODUCT_COLOMBIA = "78721de25e6ca1dd3b3a96d5bc"
PRODUCT_ETHIOPIA = "956ad606577ddfb1e99b43f281"
PRODUCT_PUMPKIN_LATTE = "89589233847901386950b8ed37"
PRODUCT_CINNAMON_ROLL = "6181c0ed549c914f9a4f96e242"
PRODUCT_CHRISTMAS_BLEND = "8fd09affab01b63f7f5657b784"
PRODUCT_MUG = "35d37628844af993e22a4c2af2"
PRODUCT_ADVENT_CALENDAR = "674e0662ee77e35a8d8756db3e"
PRODUCT_GINGERBREAD = "15750a3bac955f4ae01f1deff2"
PRODUCT_VANILLA_CRESCENTS = "e03e980a4f49beb890a22e9154"
PRODUCT_ICED_LATTE = "453610f7ac0da41d0bad3a6fd3"
PRODUCT_COLD_BREW = "745de8a2e5cf4e4886da906862"

OFFER_PUMPKIN_LATTE = "e272911dc707f42e3e8b0dc91c"
OFFER_COLOMBIA = "e0ebb9b99eed9dc74df31f974d"
OFFER_CINNAMON_ROLL = "62a78778de54c121a4a04b0ba8"
OFFER_ETHIOPIA_ENDED = "a91b29c65e53f8684b00574c29"
OFFER_CHRISTMAS_BLEND = "58b39803ae4b6d9703dccdcaef"
OFFER_MUG = "6622789108d1899a9b5ce0cacc"
OFFER_ADVENT_CALENDAR = "c337793bb6d362cd3b4a50c691"
OFFER_GINGERBREAD = "20dc2f2fb9eef041e0f701503d"
OFFER_VANILLA_CRESCENTS = "c11a95e060a4aa61a191e5c1c9"
OFFER_ICED_LATTE = "ec5e15a2d5ce9a7d777938785a"
OFFER_COLD_BREW = "d0b67822f0e8b279ea0a68e96e"

TAG_COFFEE = "1963fe37f6602885b6571b11da"
TAG_PASTRY = "2d52121f043c80df11d2071f82"
TAG_GIFTS = "e631f4b435ebca7157cf9fb335"
TAG_SEASONAL = "38c2f3169839ccfdf68012e1c1"

# The customer types an offer is meant for (GET /customer-types is not emulated).
CUSTOMER_TYPE_REGULAR = "4aeb890b6dc22d76a204adf561"
CUSTOMER_TYPE_CLUB_MEMBER = "a42585e7a2fd7ba871327fcc29"
PARTNER_CAFE = "fe28e6b8a7f6b5c2b280200dc1"

IMAGES = "/_sandbox/images"  # served by portal/sandbox/images.py
ALL_PLACES = ["web", "api", "cash desk"]

CAMPAIGNS = {
    CAMPAIGN_AUTUMN_COFFEE: dict(name={"cs": "Podzimní káva", "en": "Autumn coffee"},
                                 external_id="AUTUMN-COFFEE-2026"),
    CAMPAIGN_CHRISTMAS: dict(name={"cs": "Vánoce 2026", "en": "Christmas 2026"}, external_id="XMAS-2026"),
    CAMPAIGN_ADVENT_BAKING: dict(name={"cs": "Adventní pečení", "en": "Advent baking"},
                                 external_id="XMAS-2026-ADVENT", parent_id=CAMPAIGN_CHRISTMAS),
    CAMPAIGN_SUMMER_ICED: dict(name={"cs": "Letní ledová káva", "en": "Summer iced coffee"},
                               external_id="SUMMER-ICED-2026", state=CampaignState.NON_ACTIVE),
}

TAGS = {
    TAG_COFFEE: ({"cs": "Káva", "en": "Coffee"}, "coffee"),
    TAG_PASTRY: ({"cs": "Pečivo", "en": "Pastry"}, "pastry"),
    TAG_GIFTS: ({"cs": "Dárky", "en": "Gifts"}, "gifts"),
    TAG_SEASONAL: ({"cs": "Sezónní nabídka", "en": "Seasonal"}, "seasonal"),
}

# Numeric property values are floats: the spec's property_value is oneOf string/number/integer/...,
# and a whole number written as a JSON integer matches both number and integer, which oneOf refuses.
WEIGHT = {"cs": "Hmotnost (g)", "en": "Weight (g)"}
VOLUME = {"cs": "Objem (ml)", "en": "Volume (ml)"}
ORIGIN = {"cs": "Země původu", "en": "Country of origin"}

# id: (cs name, en name, code, EAN, price in CZK, tags, additional properties, image)
PRODUCTS = {
    PRODUCT_COLOMBIA: ("Kolumbie Supremo, zrnková káva 250 g", "Colombia Supremo whole bean coffee, 250 g",
                       "KAV-COL-250", "8595641200017", 289.0, [TAG_COFFEE],
                       [("weight_g", WEIGHT, 250.0), ("origin", ORIGIN, "CO")], "colombia-supremo.svg"),
    PRODUCT_ETHIOPIA: ("Etiopie Yirgacheffe, zrnková káva 250 g", "Ethiopia Yirgacheffe whole bean coffee, 250 g",
                       "KAV-ETH-250", "8595641200024", 329.0, [TAG_COFFEE],
                       [("weight_g", WEIGHT, 250.0), ("origin", ORIGIN, "ET")], "ethiopia-yirgacheffe.svg"),
    PRODUCT_PUMPKIN_LATTE: ("Dýňové latte", "Pumpkin spice latte", "NAP-LAT-DYN", "8595641200031", 95.0,
                            [TAG_COFFEE, TAG_SEASONAL], [("volume_ml", VOLUME, 350.0)], "pumpkin-latte.svg"),
    PRODUCT_CINNAMON_ROLL: ("Skořicový šnek", "Cinnamon roll", "PEC-SNEK-SKO", "8595641200048", 59.0,
                            [TAG_PASTRY], [("weight_g", WEIGHT, 120.0)], "cinnamon-roll.svg"),
    PRODUCT_CHRISTMAS_BLEND: ("Vánoční směs, zrnková káva 250 g", "Christmas blend whole bean coffee, 250 g",
                              "KAV-XMAS-250", "8595641200055", 299.0, [TAG_COFFEE, TAG_SEASONAL],
                              [("weight_g", WEIGHT, 250.0)], "christmas-blend.svg"),
    PRODUCT_MUG: ("Keramický hrnek 350 ml", "Ceramic mug, 350 ml", "DAR-HRN-350", "8595641200062", 249.0,
                  [TAG_GIFTS], [("volume_ml", VOLUME, 350.0), ("origin", ORIGIN, "CZ")], "ceramic-mug.svg"),
    PRODUCT_ADVENT_CALENDAR: ("Adventní kalendář s kávou", "Coffee advent calendar", "DAR-ADV-KAL",
                              "8595641200079", 690.0, [TAG_GIFTS, TAG_SEASONAL, TAG_COFFEE],
                              [("weight_g", WEIGHT, 480.0)], "advent-calendar.svg"),
    PRODUCT_GINGERBREAD: ("Medové perníčky 200 g", "Honey gingerbread, 200 g", "PEC-PERN-200", "8595641200086",
                          119.0, [TAG_PASTRY, TAG_SEASONAL], [("weight_g", WEIGHT, 200.0)], "gingerbread.svg"),
    PRODUCT_VANILLA_CRESCENTS: ("Vanilkové rohlíčky 250 g", "Vanilla crescent cookies, 250 g", "PEC-ROHL-250",
                                "8595641200093", 139.0, [TAG_PASTRY, TAG_SEASONAL], [("weight_g", WEIGHT, 250.0)],
                                "vanilla-crescents.svg"),
    PRODUCT_ICED_LATTE: ("Ledové latte", "Iced latte", "NAP-LAT-LED", "8595641200109", 89.0,
                         [TAG_COFFEE, TAG_SEASONAL], [("volume_ml", VOLUME, 400.0)], "iced-latte.svg"),
    PRODUCT_COLD_BREW: ("Cold brew 330 ml", "Cold brew, 330 ml", "NAP-COLD-330", "8595641200116", 79.0,
                        [TAG_COFFEE], [("volume_ml", VOLUME, 330.0)], "cold-brew.svg"),
}

HIGHLIGHT = {"cs": "Zvýraznit na webu", "en": "Highlight on the website"}
LIMIT = {"cs": "Maximum kusů na zákazníka", "en": "Maximum pieces per customer"}
WHILE_STOCKS_LAST = {"cs": "Nabídka platí do vyprodání zásob.", "en": "While stocks last."}


def _offer(campaign_id, product_id, value_type, value, window, places, presentation, *,
           stores=(), customer_type=CUSTOMER_TYPE_REGULAR, properties=()):
    return dict(
        campaign_id=campaign_id, product_id=product_id, value_type_id=value_type, value=value,
        window=window, display_in=list(places), store_ids=list(stores), type_id=customer_type,
        presentation_data=presentation,
        property_records=[{"property_id": pid, "property_name": name, "property_value": v}
                          for pid, name, v in properties],
    )


def _presentation(name, subtitle, description, image, note=WHILE_STOCKS_LAST):
    return {"name": name, "subtitle": subtitle, "note": note, "description": description,
            "image_url": f"{IMAGES}/campaigns/{image}"}


PERCENT, FINAL = OfferValueType.PERCENTAGE_DISCOUNT, OfferValueType.FINAL_PRICE

# Validity windows in days relative to the day of seeding: (first day, last day).
CURRENT, ENDED, UPCOMING, ADVENT, LAST_SUMMER = (-20, 12), (-60, -21), (15, 40), (-2, 29), (-150, -90)

OFFERS = {
    OFFER_PUMPKIN_LATTE: _offer(
        CAMPAIGN_AUTUMN_COFFEE, PRODUCT_PUMPKIN_LATTE, PERCENT, 20.0, CURRENT, ALL_PLACES,
        _presentation({"cs": "Dýňové latte o 20 % levněji", "en": "Pumpkin spice latte 20% off"},
                      {"cs": "Podzim v hrnku", "en": "Autumn in a cup"},
                      {"cs": "Espresso z kolumbijské kávy, napěněné mléko, dýňové pyré a špetka skořice.",
                       "en": "Colombian espresso, steamed milk, pumpkin purée and a pinch of cinnamon."},
                      "pumpkin-latte-20.png"),
        properties=[("highlight", HIGHLIGHT, True)]),
    OFFER_COLOMBIA: _offer(
        CAMPAIGN_AUTUMN_COFFEE, PRODUCT_COLOMBIA, FINAL, 239.0, CURRENT, ["web", "api"],
        _presentation({"cs": "Kolumbie Supremo za 239 Kč", "en": "Colombia Supremo for CZK 239"},
                      {"cs": "Jen v e-shopu", "en": "Online only"},
                      {"cs": "Sladká karamelová chuť s tónem mléčné čokolády, středně pražená.",
                       "en": "A sweet caramel taste with a hint of milk chocolate, medium roast."},
                      "colombia-239.png"),
        stores=[ids.STORE_ESHOP], properties=[("highlight", HIGHLIGHT, False), ("max_per_customer", LIMIT, 3.0)]),
    OFFER_CINNAMON_ROLL: _offer(
        CAMPAIGN_AUTUMN_COFFEE, PRODUCT_CINNAMON_ROLL, PERCENT, 15.0, CURRENT, ["cash desk"],
        _presentation({"cs": "Skořicový šnek ke kávě −15 %", "en": "Cinnamon roll with your coffee, 15% off"},
                      {"cs": "Čerstvě z naší pekárny", "en": "Fresh from our bakery"},
                      {"cs": "Kynuté těsto, máslo, třtinový cukr a cejlonská skořice.",
                       "en": "Yeast dough, butter, cane sugar and Ceylon cinnamon."},
                      "cinnamon-roll-15.png"),
        stores=[ids.STORE_PRAHA, ids.STORE_BRNO]),
    OFFER_ETHIOPIA_ENDED: _offer(
        CAMPAIGN_AUTUMN_COFFEE, PRODUCT_ETHIOPIA, FINAL, 279.0, ENDED, ALL_PLACES,
        _presentation({"cs": "Etiopie Yirgacheffe za 279 Kč", "en": "Ethiopia Yirgacheffe for CZK 279"},
                      {"cs": "Pro členy klubu", "en": "For club members"},
                      {"cs": "Květinová vůně jasmínu a svěží citrusová kyselost.",
                       "en": "A floral jasmine aroma and a fresh citrus acidity."},
                      "ethiopia-279.png"),
        customer_type=CUSTOMER_TYPE_CLUB_MEMBER),
    OFFER_CHRISTMAS_BLEND: _offer(
        CAMPAIGN_CHRISTMAS, PRODUCT_CHRISTMAS_BLEND, PERCENT, 25.0, UPCOMING, ALL_PLACES,
        _presentation({"cs": "Vánoční směs o čtvrtinu levněji", "en": "Christmas blend, a quarter off"},
                      {"cs": "Limitovaná edice", "en": "Limited edition"},
                      {"cs": "Směs Brazílie a Guatemaly s tóny pečeného jablka, ořechů a koření.",
                       "en": "A blend of Brazil and Guatemala with notes of baked apple, nuts and spice."},
                      "christmas-blend-25.png"),
        properties=[("highlight", HIGHLIGHT, True)]),
    OFFER_MUG: _offer(
        CAMPAIGN_CHRISTMAS, PRODUCT_MUG, FINAL, 199.0, UPCOMING, ["web", "cash desk"],
        _presentation({"cs": "Keramický hrnek za 199 Kč", "en": "Ceramic mug for CZK 199"},
                      {"cs": "Dárek pro milovníky kávy", "en": "A gift for coffee lovers"},
                      {"cs": "Ručně glazovaný hrnek z české keramické dílny, 350 ml.",
                       "en": "A hand-glazed 350 ml mug from a Czech pottery workshop."},
                      "ceramic-mug-199.png"),
        stores=[ids.STORE_PRAHA, ids.STORE_BRNO]),
    OFFER_ADVENT_CALENDAR: _offer(
        CAMPAIGN_ADVENT_BAKING, PRODUCT_ADVENT_CALENDAR, FINAL, 590.0, ADVENT, ["web", "api"],
        _presentation({"cs": "Adventní kalendář s kávou za 590 Kč", "en": "Coffee advent calendar for CZK 590"},
                      {"cs": "24 druhů kávy na každý den adventu", "en": "24 coffees for every day of Advent"},
                      {"cs": "Čtyřiadvacet balíčků výběrové kávy z celého světa, každý na dva šálky.",
                       "en": "Twenty-four packs of speciality coffee from around the world, two cups each."},
                      "advent-calendar-590.png"),
        stores=[ids.STORE_ESHOP], customer_type=CUSTOMER_TYPE_CLUB_MEMBER,
        properties=[("highlight", HIGHLIGHT, True), ("max_per_customer", LIMIT, 2.0)]),
    OFFER_GINGERBREAD: _offer(
        CAMPAIGN_ADVENT_BAKING, PRODUCT_GINGERBREAD, PERCENT, 10.0, ADVENT, ALL_PLACES,
        _presentation({"cs": "Medové perníčky −10 %", "en": "Honey gingerbread, 10% off"},
                      {"cs": "Podle babiččina receptu", "en": "Grandma's recipe"},
                      {"cs": "Měkké perníčky s medem z Vysočiny, zdobené bílkovou polevou.",
                       "en": "Soft gingerbread with honey from the Vysočina highlands, iced by hand."},
                      "gingerbread-10.png")),
    OFFER_VANILLA_CRESCENTS: _offer(
        CAMPAIGN_ADVENT_BAKING, PRODUCT_VANILLA_CRESCENTS, FINAL, 109.0, ADVENT, ["web", "cash desk"],
        _presentation({"cs": "Vanilkové rohlíčky za 109 Kč", "en": "Vanilla crescent cookies for CZK 109"},
                      {"cs": "Máslové cukroví", "en": "Butter Christmas cookies"},
                      {"cs": "Tradiční vánoční cukroví z másla, vlašských ořechů a pravé vanilky.",
                       "en": "Traditional Czech Christmas cookies made with butter, walnuts and real vanilla."},
                      "vanilla-crescents-109.png")),
    OFFER_ICED_LATTE: _offer(
        CAMPAIGN_SUMMER_ICED, PRODUCT_ICED_LATTE, PERCENT, 30.0, LAST_SUMMER, ALL_PLACES,
        _presentation({"cs": "Ledové latte o 30 % levněji", "en": "Iced latte 30% off"},
                      {"cs": "Osvěžení na horké dny", "en": "Refreshment for hot days"},
                      {"cs": "Dvojité espresso, studené mléko a kostky ledu.",
                       "en": "A double espresso, cold milk and ice cubes."},
                      "iced-latte-30.png")),
    OFFER_COLD_BREW: _offer(
        CAMPAIGN_SUMMER_ICED, PRODUCT_COLD_BREW, FINAL, 59.0, LAST_SUMMER, ["cash desk"],
        _presentation({"cs": "Cold brew za 59 Kč", "en": "Cold brew for CZK 59"},
                      {"cs": "Louhováno 16 hodin", "en": "Steeped for 16 hours"},
                      {"cs": "Káva louhovaná za studena, jemná a přirozeně sladká.",
                       "en": "Cold-steeped coffee, smooth and naturally sweet."},
                      "cold-brew-59.png"),
        stores=[ids.STORE_PRAHA]),
}


def _window(days: tuple[int, int]) -> tuple[datetime, datetime]:
    """From the start of the first day to the last second of the last day, local time."""
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    first, last = days
    return today + timedelta(days=first), today + timedelta(days=last + 1, seconds=-1)


def seed() -> None:
    from ..models import Campaign, CampaignProduct, Product, ProductTag

    for pk, fields in CAMPAIGNS.items():
        Campaign.objects.update_or_create(pk=pk, defaults={"parent_id": "", "state": Campaign.State.ACTIVE,
                                                           **fields})
    for pk, (name, text_id) in TAGS.items():
        ProductTag.objects.update_or_create(pk=pk, defaults={"name": name, "text_id": text_id, "state": 1})
    for pk, (cs, en, code, ean, price, tags, properties, image) in PRODUCTS.items():
        Product.objects.update_or_create(pk=pk, defaults={
            "name": {"cs": cs, "en": en},
            "code": code,
            "plu_ids": [{"list_code": "GLOBAL", "code": ean}, {"list_code": "SKU", "code": code}],
            "partner_id": PARTNER_CAFE,
            "prices": [{"currency_id": ids.CURRENCY_CZK, "value": price}],
            "additional_properties": [{"property_id": pid, "property_name": label, "property_value": value}
                                      for pid, label, value in properties],
            "image_urls": [f"{IMAGES}/products/{image}"],
            "tag_ids": tags,
            "state": Product.State.ACTIVE,
        })
    for pk, fields in OFFERS.items():
        fields = dict(fields)
        valid_from, valid_to = _window(fields.pop("window"))
        CampaignProduct.objects.update_or_create(pk=pk, defaults={
            **fields, "currency_id": ids.CURRENCY_CZK, "valid_from": valid_from, "valid_to": valid_to,
            "state": CampaignProduct.State.ACTIVE,
        })
