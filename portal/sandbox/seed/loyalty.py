"""Demo data of the loyalty group: the card types, the customers' cards, the reward catalogue of a
Czech café-bakery chain and the customers' vouchers.

Idempotent: fixed ids; the catalogue (card types, rewards) with update_or_create, what belongs to
a customer (cards, vouchers) with get_or_create. Dates are relative to the first seeding.
"""

from datetime import time, timedelta

from django.utils import timezone

from . import ids

CARD_DEMO_LOYALTY = "1920e272503ee90b7953a598ab"
CARD_DEMO_DIGITAL = "1de431b916a108920ca1687268"
CARD_DEMO_PARTNER = "f262534e309df7f27b74e2a3c6"
CARD_SECOND_LOYALTY = "f8aa0edbf7318903c6c25b28a0"
DEMO_DIGITAL_CARD_NUMBER = "2002900621"
DEMO_PARTNER_CARD_NUMBER = "7001004411"
DEMO_PARTNER_SECONDARY_NUMBER = "ISIC-S420118877"
# Free plastic loyalty cards (no holder yet: "Add a card I have"), one of them blocked, and the pool
# of digital cards new members get (assign-free-card without a number takes the next one).
FREE_CARD_NUMBERS = [f"20019007{n:02d}" for n in range(10)]  # 2001900700 ... 2001900709
FREE_BLOCKED_CARD_NUMBER = "2001900799"
DIGITAL_POOL_FIRST = 2002100000
DIGITAL_POOL_SIZE = 500

REWARD_ESPRESSO = "0ecfa85ae051e164e7e478c423"
REWARD_CROISSANT = "ed548ecd5afec202b5f9ed55d2"
REWARD_DISCOUNT = "dfda604c5a36a87f61e23bbcb4"
REWARD_BEANS = "afd3319feea6d9aed18a3ec466"  # costs more than the demo customer has
REWARD_BIRTHDAY = "1940a7dfe98375581e2db269e6"  # only for the demo customer
REWARD_HAPPY_HOUR = "b0bbe31fdcc1ffc8a60cbc2de4"
REWARD_AUTUMN = "9fb01949cae09e82b4594988f8"
REWARD_ICED_COFFEE = "778a5e57901e5861cdb6e6e021"  # expired
REWARD_WELCOME_COOKIE = "01d9149d578deb462d55fc2d37"  # only for the second customer

VOUCHER_ESPRESSO = "809c48c0ae1f358d33d57dde53"
VOUCHER_CROISSANT = "e7e5cc928f717ef5c934c1bff5"
VOUCHER_BIRTHDAY = "1559148b2a16c935b2fcdef11c"
VOUCHER_APPLIED_ESPRESSO = "dca0c7205a38f1dafea5e4f038"
VOUCHER_APPLIED_DISCOUNT = "edf26a6b171e05951adfefa709"
VOUCHER_DISCOUNT = "6b0e3c9a2d58f41e7c93a05bd2"  # a percentage discount: its value is 10 (%)
VOUCHER_EXPIRED_ICED = "925b8e24348719a4c9540d7584"
VOUCHER_UPCOMING_CROISSANT = "4c07d2b8e9a15f36a0d8b1c7e2"  # valid only from next week (is_valid=false)
VOUCHER_SECOND_CROISSANT = "31c6b1261bc71583655bcb25f2"
VOUCHER_SECOND_COOKIE = "b15bd99773cc7546f39ee05ff5"

REWARD_TYPE_FREE_PRODUCT = "edc0f7908fd651f44f8b4e4a49"
REWARD_TYPE_PERCENTAGE = "4a86ef3cc662c4e732bea3bb1d"
REWARD_TYPE_FIXED = "0a3fdddc49c1f23f5349828cd1"
CUSTOMER_TYPE_REGULAR = "ecfecbc3506a08cd55a0422980"
CUSTOMER_TYPE_STUDENT = "f9e7616a4426a925926f550047"

TAG_COFFEE = {"tag_id": "3042deae6c7a055ab6eb4fb6a9", "text_id": "coffee", "name": {"cs": "Káva", "en": "Coffee"}}
TAG_BAKERY = {"tag_id": "ee1bd89149f696331c2f5e560f", "text_id": "bakery",
              "name": {"cs": "Pekárna", "en": "Bakery"}}
TAG_SEASONAL = {"tag_id": "c509eb0f289dfd555d7bab3186", "text_id": "seasonal",
                "name": {"cs": "Sezónní nabídka", "en": "Seasonal offer"}}

ALL_STORES = [ids.STORE_PRAHA, ids.STORE_BRNO, ids.STORE_ESHOP]
CAFES = [ids.STORE_PRAHA, ids.STORE_BRNO]
IMAGES = "/_sandbox/images/rewards"  # served by portal/sandbox/images.py


def _card_types() -> None:
    from ..models import CardType

    for pk, text_id, cs, en, prefix in [
        (ids.CARD_TYPE_LOYALTY, "loyalty_card", "Věrnostní karta", "Loyalty card", "2001"),
        (ids.CARD_TYPE_DIGITAL, "digital_card", "Digitální karta v aplikaci", "Digital card in the app", "2002"),
        (ids.CARD_TYPE_PARTNER, "partner_card", "Partnerská karta ISIC", "ISIC partner card", "7001"),
    ]:
        CardType.objects.update_or_create(pk=pk, defaults={"text_id": text_id, "name": {"cs": cs, "en": en},
                                                           "prefix": prefix})


def _cards(now) -> None:
    from ..models import Card

    for pk, fields in [
        (CARD_DEMO_LOYALTY, dict(customer_id=ids.DEMO_CUSTOMER, card_type_id=ids.CARD_TYPE_LOYALTY,
                                 card_number=ids.DEMO_CARD_NUMBER, valid_from=now - timedelta(days=730),
                                 valid_to=now + timedelta(days=1095), store_id=ids.STORE_PRAHA,
                                 state=Card.State.ACTIVE)),
        (CARD_DEMO_DIGITAL, dict(customer_id=ids.DEMO_CUSTOMER, card_type_id=ids.CARD_TYPE_DIGITAL,
                                 card_number=DEMO_DIGITAL_CARD_NUMBER, valid_from=now - timedelta(days=90),
                                 store_id=ids.STORE_ESHOP, state=Card.State.ACTIVE)),
        (CARD_DEMO_PARTNER, dict(customer_id=ids.DEMO_CUSTOMER, card_type_id=ids.CARD_TYPE_PARTNER,
                                 card_number=DEMO_PARTNER_CARD_NUMBER,
                                 secondary_card_number=DEMO_PARTNER_SECONDARY_NUMBER,
                                 valid_from=now - timedelta(days=400), valid_to=now - timedelta(days=35),
                                 store_id=ids.STORE_BRNO, state=Card.State.BLOCKED)),
        (CARD_SECOND_LOYALTY, dict(customer_id=ids.SECOND_CUSTOMER, card_type_id=ids.CARD_TYPE_LOYALTY,
                                   card_number=ids.SECOND_CARD_NUMBER, valid_from=now - timedelta(days=200),
                                   valid_to=now + timedelta(days=1625), store_id=ids.STORE_BRNO,
                                   state=Card.State.ACTIVE)),
    ]:
        Card.objects.get_or_create(pk=pk, defaults=fields)


def _free_cards(now) -> None:
    """The pools: created once (fixed numbers), so a card assigned since stays its holder's; a reset
    (wipe and seed) makes them free again."""
    from ..models import Card

    free = [Card(card_type_id=ids.CARD_TYPE_LOYALTY, card_number=number, valid_to=now + timedelta(days=1825))
            for number in FREE_CARD_NUMBERS]
    free.append(Card(card_type_id=ids.CARD_TYPE_LOYALTY, card_number=FREE_BLOCKED_CARD_NUMBER,
                     state=Card.State.BLOCKED))
    free += [Card(card_type_id=ids.CARD_TYPE_DIGITAL, card_number=str(DIGITAL_POOL_FIRST + n))
             for n in range(DIGITAL_POOL_SIZE)]
    Card.objects.bulk_create(free, ignore_conflicts=True)  # card_number is unique: existing ones stay


def _rewards(now) -> None:
    from ..models import Reward

    catalogue = [
        dict(pk=REWARD_ESPRESSO, code="ESPRESSO-ZDARMA", priority=1, points_cost=150,
             name={"cs": "Espresso zdarma", "en": "Free espresso"},
             subtitle={"cs": "Za 150 bodů", "en": "For 150 points"},
             note={"cs": "Jedno espresso nebo ristretto z naší výběrové kávy v kterékoli kavárně.",
                   "en": "One espresso or ristretto of our speciality coffee in any of our cafés."},
             reward_group=Reward.Group.CATALOG, reward_type_id=REWARD_TYPE_FREE_PRODUCT, store_ids=CAFES,
             tags=[TAG_COFFEE], image_urls=[f"{IMAGES}/espresso.svg"], voucher_value=59, voucher_valid_days=30,
             valid_from=now - timedelta(days=365), valid_to=now + timedelta(days=365)),
        dict(pk=REWARD_CROISSANT, code="CROISSANT", priority=2, points_cost=250,
             name={"cs": "Máslový croissant ke kávě", "en": "Butter croissant with your coffee"},
             subtitle={"cs": "Za 250 bodů", "en": "For 250 points"},
             note={"cs": "Čerstvý croissant z naší pekárny k jakémukoli nápoji.",
                   "en": "A fresh croissant from our bakery with any drink."},
             reward_group=Reward.Group.CATALOG, reward_type_id=REWARD_TYPE_FREE_PRODUCT, store_ids=CAFES,
             tags=[TAG_BAKERY], image_urls=[f"{IMAGES}/croissant.svg", f"{IMAGES}/croissant-detail.svg"],
             voucher_value=45, voucher_valid_days=30,
             valid_from=now - timedelta(days=200), valid_to=now + timedelta(days=165)),
        dict(pk=REWARD_DISCOUNT, code="SLEVA-10", priority=3, points_cost=600,
             name={"cs": "Sleva 10 % na celý nákup", "en": "10% off your whole purchase"},
             subtitle={"cs": "Za 600 bodů", "en": "For 600 points"},
             note={"cs": "Platí v kavárnách i v e-shopu, nelze kombinovat s jinými slevami.",
                   "en": "Valid in our cafés and the e-shop; cannot be combined with other discounts."},
             reward_group=Reward.Group.CATALOG, reward_type_id=REWARD_TYPE_PERCENTAGE, store_ids=ALL_STORES,
             customer_type_ids=[CUSTOMER_TYPE_REGULAR, CUSTOMER_TYPE_STUDENT], tags=[TAG_COFFEE, TAG_BAKERY],
             image_urls=[f"{IMAGES}/discount-10.svg"], voucher_value=10, voucher_valid_days=60,
             valid_from=now - timedelta(days=90), valid_to=now + timedelta(days=275)),
        dict(pk=REWARD_BEANS, code="ZRNKOVA-KAVA-250", priority=4, points_cost=5000,
             name={"cs": "Balíček zrnkové kávy 250 g", "en": "250 g bag of coffee beans"},
             subtitle={"cs": "Za 5 000 bodů", "en": "For 5,000 points"},
             note={"cs": "Etiopie Yirgacheffe z naší pražírny, vyzvednutí v kavárně nebo zaslání z e-shopu.",
                   "en": "Ethiopia Yirgacheffe from our roastery, to pick up in a café or sent from the e-shop."},
             reward_group=Reward.Group.CATALOG, reward_type_id=REWARD_TYPE_FREE_PRODUCT, store_ids=ALL_STORES,
             tags=[TAG_COFFEE], image_urls=[f"{IMAGES}/coffee-beans.svg"],
             reward_external_url="https://example.com/kava/etiopie-yirgacheffe", voucher_value=289,
             voucher_valid_days=90, valid_from=now - timedelta(days=30), valid_to=None),
        dict(pk=REWARD_BIRTHDAY, code="NAROZENINY", priority=1, points_cost=None,
             name={"cs": "Narozeninový dortík", "en": "Birthday cake slice"},
             subtitle={"cs": "Dárek k narozeninám", "en": "A birthday present"},
             note={"cs": "Všechno nejlepší! Vyberte si jeden zákusek z vitríny.",
                   "en": "Happy birthday! Choose any cake from the counter."},
             reward_group=Reward.Group.SIMPLE, reward_type_id=REWARD_TYPE_FREE_PRODUCT, store_ids=CAFES,
             customer_ids=[ids.DEMO_CUSTOMER], tags=[TAG_BAKERY], image_urls=[f"{IMAGES}/birthday-cake.svg"],
             voucher_value=89, voucher_valid_days=14,
             valid_from=now - timedelta(days=10), valid_to=now + timedelta(days=50)),
        dict(pk=REWARD_HAPPY_HOUR, code="HAPPY-HOUR", priority=5, points_cost=None,
             name={"cs": "Happy hour: druhá káva za polovic", "en": "Happy hour: second coffee half price"},
             subtitle={"cs": "Každý den 14–16 h", "en": "Every day 2–4 pm"},
             note={"cs": "Uplatní se automaticky na pokladně.", "en": "Applied automatically at the till."},
             reward_group=Reward.Group.PARTY_TIME, reward_type_id=REWARD_TYPE_PERCENTAGE, store_ids=CAFES,
             tags=[TAG_COFFEE], valid_time_from=time(14, 0), valid_time_to=time(16, 0), is_automated=True,
             valid_from=now - timedelta(days=60), valid_to=now + timedelta(days=120)),
        dict(pk=REWARD_AUTUMN, code="PODZIMNI-KAVA", priority=6, points_cost=None,
             name={"cs": "Podzimní káva: dýňové latte o 20 % levněji",
                   "en": "Autumn coffee: pumpkin spice latte 20% off"},
             subtitle={"cs": "Jen po dobu kampaně", "en": "While the campaign lasts"},
             note={"cs": "Sleva se odečte automaticky po načtení věrnostní karty.",
                   "en": "The discount is deducted automatically when you show your loyalty card."},
             reward_group=Reward.Group.CAMPAIGN, reward_type_id=REWARD_TYPE_PERCENTAGE, store_ids=CAFES,
             customer_type_ids=[CUSTOMER_TYPE_REGULAR], tags=[TAG_COFFEE, TAG_SEASONAL],
             image_urls=[f"{IMAGES}/pumpkin-latte.svg"], is_automated=True,
             valid_from=now - timedelta(days=20), valid_to=now + timedelta(days=40)),
        dict(pk=REWARD_ICED_COFFEE, code="LEDOVA-KAVA", priority=7, points_cost=200,
             name={"cs": "Ledová káva zdarma", "en": "Free iced coffee"},
             subtitle={"cs": "Letní nabídka za 200 bodů", "en": "Summer offer for 200 points"},
             note={"cs": "Letní speciál s vanilkovou zmrzlinou.", "en": "Summer special with vanilla ice cream."},
             reward_group=Reward.Group.CATALOG, reward_type_id=REWARD_TYPE_FREE_PRODUCT, store_ids=CAFES,
             tags=[TAG_COFFEE, TAG_SEASONAL], image_urls=[f"{IMAGES}/iced-coffee.svg"], voucher_value=79,
             valid_from=now - timedelta(days=240), valid_to=now - timedelta(days=60)),
        dict(pk=REWARD_WELCOME_COOKIE, code="VITEJTE", priority=2, points_cost=None,
             name={"cs": "Uvítací sušenka", "en": "Welcome cookie"},
             subtitle={"cs": "Pro nové členy", "en": "For new members"},
             note={"cs": "Ovesná sušenka s čokoládou jako poděkování za registraci.",
                   "en": "An oat and chocolate cookie to thank you for joining."},
             reward_group=Reward.Group.SIMPLE, reward_type_id=REWARD_TYPE_FREE_PRODUCT, store_ids=[ids.STORE_BRNO],
             customer_ids=[ids.SECOND_CUSTOMER], tags=[TAG_BAKERY], image_urls=[f"{IMAGES}/cookie.svg"],
             voucher_value=35, voucher_valid_days=30,
             valid_from=now - timedelta(days=200), valid_to=now + timedelta(days=30)),
    ]
    defaults = dict(customer_ids=[], customer_type_ids=[], valid_time_from=None, valid_time_to=None,
                    is_automated=False, reward_external_url="", voucher_value=None, voucher_valid_days=30,
                    image_urls=[], state=Reward.State.ACTIVE)
    for reward in catalogue:
        pk = reward.pop("pk")
        Reward.objects.update_or_create(pk=pk, defaults={**defaults, **reward})


def _vouchers(now) -> None:
    from ..models import Voucher

    day = timedelta(days=1)
    for pk, fields in [
        (VOUCHER_ESPRESSO, dict(customer_id=ids.DEMO_CUSTOMER, reward_id=REWARD_ESPRESSO, code="ESP7Q4M2KX",
                                value=59, created_at=now - 5 * day, valid_from=now - 5 * day,
                                valid_to=now + 25 * day)),
        (VOUCHER_CROISSANT, dict(customer_id=ids.DEMO_CUSTOMER, reward_id=REWARD_CROISSANT, code="CRS8H3TNWA",
                                 value=45, created_at=now - 12 * day, valid_from=now - 12 * day,
                                 valid_to=now + 18 * day, note="Vyzvednout v Praze na Vinohradech")),
        (VOUCHER_BIRTHDAY, dict(customer_id=ids.DEMO_CUSTOMER, reward_id=REWARD_BIRTHDAY, code="NAR4ZLY9PE",
                                value=89, created_at=now - 2 * day, valid_from=now - 2 * day,
                                valid_to=now + 12 * day, note="Všechno nejlepší, Terezo!")),
        (VOUCHER_DISCOUNT, dict(customer_id=ids.DEMO_CUSTOMER, reward_id=REWARD_DISCOUNT, code="SLV10P3WZD",
                                value=10, created_at=now - 3 * day, valid_from=now - 3 * day,
                                valid_to=now + 57 * day)),
        (VOUCHER_APPLIED_ESPRESSO, dict(customer_id=ids.DEMO_CUSTOMER, reward_id=REWARD_ESPRESSO,
                                        code="ESPR2D6FHC", value=59, created_at=now - 40 * day,
                                        valid_from=now - 40 * day, valid_to=now - 10 * day,
                                        applied_date=now - 21 * day, store_id=ids.STORE_PRAHA)),
        (VOUCHER_APPLIED_DISCOUNT, dict(customer_id=ids.DEMO_CUSTOMER, reward_id=REWARD_DISCOUNT,
                                        code="SLV10K7MQR", value=10, created_at=now - 30 * day,
                                        valid_from=now - 30 * day, valid_to=now + 30 * day,
                                        applied_date=now - 8 * day, store_id=ids.STORE_BRNO)),
        (VOUCHER_EXPIRED_ICED, dict(customer_id=ids.DEMO_CUSTOMER, reward_id=REWARD_ICED_COFFEE,
                                    code="LED5XW2GTB", value=79, created_at=now - 120 * day,
                                    valid_from=now - 120 * day, valid_to=now - 90 * day)),
        (VOUCHER_UPCOMING_CROISSANT, dict(customer_id=ids.DEMO_CUSTOMER, reward_id=REWARD_CROISSANT,
                                          code="CRS6B9VDQN", value=45, created_at=now - 1 * day,
                                          valid_from=now + 7 * day, valid_to=now + 37 * day)),
        (VOUCHER_SECOND_CROISSANT, dict(customer_id=ids.SECOND_CUSTOMER, reward_id=REWARD_CROISSANT,
                                        code="CRS3JV8UYD", value=45, created_at=now - 3 * day,
                                        valid_from=now - 3 * day, valid_to=now + 27 * day)),
        (VOUCHER_SECOND_COOKIE, dict(customer_id=ids.SECOND_CUSTOMER, reward_id=REWARD_WELCOME_COOKIE,
                                     code="VIT6NP4RSE", value=35, created_at=now - 190 * day,
                                     valid_from=now - 190 * day, valid_to=now - 160 * day,
                                     applied_date=now - 185 * day, store_id=ids.STORE_BRNO)),
    ]:
        Voucher.objects.get_or_create(pk=pk, defaults=fields)


def seed() -> None:
    now = timezone.now().replace(microsecond=0)
    _card_types()
    _cards(now)
    _free_cards(now)
    _rewards(now)
    _vouchers(now)
