"""Reference demo data: languages, countries, stores, customer sources, consents, channels.
Idempotent: fixed ids, update_or_create (reference data follows the code)."""

from ..choices import LANGUAGE_LIST_TYPES
from . import ids

# Records no other group names: their fixed ids live here.
STORE_OSTRAVA = "5d1e0c8a9b7f4e2d3c6a1b0f98"
# The store finder's demo: a bar open past midnight, and a store closed on the day of seeding.
STORE_PLZEN = "3e8b1d6f0a4c9e2b7d5f1a8c36"
STORE_OLOMOUC = "9f2c7a4e1b8d5063c9e2a7f4b1"
CHANNEL_WEB_PUSH = "e3a7c19d52b04f8e6a1d7c3b20"
CHANNEL_VIBER = "7b2f0e4d8c1a9e3b5d6f2a0c47"
CHANNEL_WHATSAPP = "a94c2e7f1b3d5a8c0e6f4b2d19"
CHANNEL_WHITE_POST = "0c6e8a2f4d1b7e9c3a5f0d2b86"
CONSENT_SMS_MARKETING = "6f1a3c5e7b9d0f2a4c6e8b0d13"
CONSENT_PUSH_MARKETING = "b8d0f2a4c6e1a3c5e7b9d0f257"
PARTNER_ZRNKO = "86e05affc7a7abefcd513ab400"
SOURCE_NEWSLETTER = "c4f1a9e27b3d5086e2a7f4c913"
SOURCE_SOCIAL_ADS = "8e2d6b0f4a1c7e93b5d2f8a064"

LANGUAGES = {
    "cs": {"cs": "čeština", "en": "Czech"},
    "en": {"cs": "angličtina", "en": "English"},
    "sk": {"cs": "slovenština", "en": "Slovak"},
    "de": {"cs": "němčina", "en": "German"},
}
LANGUAGE_LISTS = {
    "cs": list(LANGUAGE_LIST_TYPES),
    "en": list(LANGUAGE_LIST_TYPES),
    "sk": ["carecloud-api", "customer-communication"],
    "de": ["carecloud-api"],
}
DEFAULT_LANGUAGE = "cs"

COUNTRIES = {
    "cz": {"cs": "Česká republika", "en": "Czech Republic"},
    "sk": {"cs": "Slovensko", "en": "Slovakia"},
    "de": {"cs": "Německo", "en": "Germany"},
    "at": {"cs": "Rakousko", "en": "Austria"},
    "pl": {"cs": "Polsko", "en": "Poland"},
    "hu": {"cs": "Maďarsko", "en": "Hungary"},
    "gb": {"cs": "Spojené království", "en": "United Kingdom"},
    "us": {"cs": "Spojené státy americké", "en": "United States"},
    "fr": {"cs": "Francie", "en": "France"},
    "it": {"cs": "Itálie", "en": "Italy"},
}

_WEEKDAYS = ("MON", "TUE", "WED", "THU", "FRI")


def _opening(weekdays: tuple[str, str], saturday: tuple[str, str] | None, sunday: tuple[str, str] | None) -> list:
    days = [(day, weekdays) for day in _WEEKDAYS] + [("SAT", saturday), ("SUN", sunday)]
    return [
        {"day_id": day, "time_intervals": [{"from": hours[0], "to": hours[1]}]}
        for day, hours in days
        if hours is not None
    ]


STORES = {
    ids.STORE_PRAHA: {
        "store_code": "PRG01",
        "name": {"cs": "Zrnko Praha – Vinohrady", "en": "Zrnko Prague – Vinohrady"},
        "store_address": {"address1": "Vinohradská", "address2": "1233", "address3": "48", "zip": "12000",
                          "city": "Praha 2", "country_code": "cz"},
        "contact_email": "vinohrady@zrnko.example.com",
        "manager_name": "Lucie Horáková",
        "phone_number": "420224810330",
        "system_id": "POS-PRG01",
        "gps_coordinates": {"gps_latitude": 50.0776, "gps_longitude": 14.4467},
        "url_address": "https://zrnko.example.com/prodejny/praha-vinohrady",
        "opening": _opening(("07:00:00", "20:00:00"), ("08:00:00", "18:00:00"), ("09:00:00", "17:00:00")),
        "image_urls": ["/_sandbox/images/stores/praha-vinohrady.svg"],
        "visibility_for_customer": 1,
        "short_description": {"cs": "Kavárna a pražírna u náměstí Míru.",
                              "en": "Café and roastery near Náměstí Míru."},
        "description": {
            "cs": "Naše vlajková prodejna s vlastní pražírnou, pekárnou kváskového chleba a posezením "
                  "na zahrádce. Každou sobotu ochutnávky výběrové kávy.",
            "en": "Our flagship store with its own roastery, a sourdough bakery and garden seating. "
                  "Speciality coffee tastings every Saturday.",
        },
        "registration_id": "27195031",
        "state": 1,
        "properties": {"store_type": "flagship", "services": ["roastery", "bakery", "click_and_collect"]},
    },
    ids.STORE_BRNO: {
        "store_code": "BRN01",
        "name": {"cs": "Zrnko Brno – náměstí Svobody", "en": "Zrnko Brno – Freedom Square"},
        "store_address": {"address1": "náměstí Svobody", "address2": "91", "address3": "17", "zip": "60200",
                          "city": "Brno", "country_code": "cz"},
        "contact_email": "brno@zrnko.example.com",
        "manager_name": "Martin Kučera",
        "phone_number": "420542210870",
        "system_id": "POS-BRN01",
        "gps_coordinates": {"gps_latitude": 49.1951, "gps_longitude": 16.6079},
        "url_address": "https://zrnko.example.com/prodejny/brno-namesti-svobody",
        "opening": _opening(("07:30:00", "19:00:00"), ("09:00:00", "16:00:00"), None),
        "image_urls": ["/_sandbox/images/stores/brno.svg"],
        "visibility_for_customer": 1,
        "short_description": {"cs": "Kavárna v srdci Brna.", "en": "A café in the heart of Brno."},
        "description": {
            "cs": "Útulná kavárna přímo na náměstí Svobody se snídaněmi do poledne a výdejem "
                  "objednávek z e-shopu.",
            "en": "A cosy café right on Freedom Square serving breakfast until noon, with pick-up "
                  "of e-shop orders.",
        },
        "registration_id": "27195031",
        "state": 1,
        "properties": {"store_type": "cafe", "services": ["click_and_collect"]},
    },
    ids.STORE_ESHOP: {
        "store_code": "ESHOP",
        "name": {"cs": "Zrnko e-shop", "en": "Zrnko online shop"},
        "store_address": {"address1": "Průmyslová", "address2": "1472", "address3": "11", "zip": "10800",
                          "city": "Praha 10", "country_code": "cz"},
        "contact_email": "eshop@zrnko.example.com",
        "manager_name": "Ondřej Malý",
        "phone_number": "420800123456",
        "system_id": "ESHOP-1",
        "gps_coordinates": {"gps_latitude": 50.0712, "gps_longitude": 14.5203},
        "url_address": "https://zrnko.example.com",
        "opening": _opening(("00:00:00", "23:59:59"), ("00:00:00", "23:59:59"), ("00:00:00", "23:59:59")),
        "image_urls": [],
        "visibility_for_customer": 1,
        "short_description": {"cs": "Online obchod s doručením po celé ČR.",
                              "en": "Online shop with delivery across the Czech Republic."},
        "description": {
            "cs": "Čerstvě pražená káva, čaje a pečivo s doručením do druhého dne. Zákaznická linka "
                  "v pracovní dny 8–18 h.",
            "en": "Freshly roasted coffee, teas and pastries delivered the next day. Customer line "
                  "on weekdays 8 am–6 pm.",
        },
        "registration_id": "27195031",
        "state": 1,
        "properties": {"store_type": "online", "services": ["delivery"]},
    },
    STORE_OSTRAVA: {
        "store_code": "OVA01",
        "name": {"cs": "Zrnko Ostrava – Stodolní (uzavřeno)", "en": "Zrnko Ostrava – Stodolní (closed)"},
        "store_address": {"address1": "Stodolní", "address2": "794", "address3": "8", "zip": "70200",
                          "city": "Ostrava", "country_code": "cz"},
        "contact_email": "ostrava@zrnko.example.com",
        "manager_name": "Pavla Šebestová",
        "phone_number": "420596110220",
        "system_id": "POS-OVA01",
        "gps_coordinates": {"gps_latitude": 49.8384, "gps_longitude": 18.2835},
        "url_address": "https://zrnko.example.com/prodejny/ostrava",
        "opening": [],
        "image_urls": [],
        "visibility_for_customer": 0,
        "short_description": {"cs": "Prodejna je dočasně uzavřena.", "en": "The store is temporarily closed."},
        "description": {"cs": "Prodejna prochází rekonstrukcí.", "en": "The store is being refurbished."},
        "registration_id": "27195031",
        "state": 2,
        "properties": {"store_type": "cafe", "services": []},
    },
}

STORES[STORE_PLZEN] = {
    "store_code": "PLZ01",
    "name": {"cs": "Zrnko Plzeň – noční kavárna", "en": "Zrnko Plzeň – night café"},
    "store_address": {"address1": "Americká", "address2": "2040", "address3": "34", "zip": "30100",
                      "city": "Plzeň", "country_code": "cz"},
    "contact_email": "plzen@zrnko.example.com",
    "manager_name": "Tomáš Veselý",
    "phone_number": "420377123456",
    "system_id": "POS-PLZ01",
    "gps_coordinates": {"gps_latitude": 49.7434, "gps_longitude": 13.3786},
    "url_address": "https://zrnko.example.com/prodejny/plzen",
    "opening": [
        {"day_id": day, "time_intervals": [{"from": "10:00:00", "to": "22:00:00"}]} for day in ("MON", "TUE", "SUN")
    ] + [
        {"day_id": day, "time_intervals": [{"from": "16:00:00", "to": "02:00:00"}]}
        for day in ("WED", "THU", "FRI", "SAT")
    ],
    "image_urls": [],
    "visibility_for_customer": 1,
    "short_description": {"cs": "Káva a dezerty až do dvou do rána.", "en": "Coffee and desserts until 2 am."},
    "description": {"cs": "Od středy do soboty otevřeno do dvou hodin ráno.",
                    "en": "Open until 2 am from Wednesday to Saturday."},
    "registration_id": "27195031",
    "state": 1,
    "properties": {"store_type": "cafe", "services": []},
}
STORES[STORE_OLOMOUC] = {
    "store_code": "OLO01",
    "name": {"cs": "Zrnko Olomouc – Horní náměstí", "en": "Zrnko Olomouc – Upper Square"},
    "store_address": {"address1": "Horní náměstí", "address2": "583", "address3": "5", "zip": "77900",
                      "city": "Olomouc", "country_code": "cz"},
    "contact_email": "olomouc@zrnko.example.com",
    "manager_name": "Eva Marková",
    "phone_number": "420585224466",
    "system_id": "POS-OLO01",
    "gps_coordinates": {"gps_latitude": 49.5938, "gps_longitude": 17.2509},
    # Set at seeding: closed on Sundays and on the day of the week the sandbox was seeded.
    "opening": [],
    "image_urls": [],
    "visibility_for_customer": 1,
    "short_description": {"cs": "Malá kavárna pod radnicí.", "en": "A small café below the town hall."},
    "description": {"cs": "Jeden den v týdnu zavřeno kvůli pražení.", "en": "Closed one day a week for roasting."},
    "registration_id": "27195031",
    "state": 1,
    "properties": {"store_type": "cafe", "services": []},
}


def closed_today_opening(today) -> list:
    """Olomouc's hours: weekdays 8–18, Saturday 9–13, closed on Sundays and on ``today``'s weekday."""
    days = [(day, ("08:00:00", "18:00:00")) for day in _WEEKDAYS] + [("SAT", ("09:00:00", "13:00:00"))]
    closed = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")[today.weekday()]
    return [{"day_id": day, "time_intervals": [{"from": hours[0], "to": hours[1]}]} for day, hours in days
            if day != closed]


CUSTOMER_SOURCES = {
    ids.SOURCE_PORTAL: ("web_portal", {"cs": "Zákaznický portál", "en": "Customer portal"}),
    ids.SOURCE_POS: ("pos", {"cs": "Pokladna na prodejně", "en": "In-store POS"}),
    ids.SOURCE_ESHOP: ("eshop", {"cs": "E-shop", "en": "Online shop"}),
    # where marketing's links bring new customers from (the portal's UTM mapping points at these)
    SOURCE_NEWSLETTER: ("newsletter", {"cs": "Newsletter", "en": "Newsletter"}),
    SOURCE_SOCIAL_ADS: ("social_ads", {"cs": "Reklama na sociálních sítích", "en": "Social media ads"}),
}

CHANNELS = {
    ids.CHANNEL_EMAIL: ("email", {"cs": "E-mail", "en": "E-mail"}),
    ids.CHANNEL_SMS: ("sms", {"cs": "SMS", "en": "SMS"}),
    ids.CHANNEL_PUSH: ("push", {"cs": "Notifikace v mobilní aplikaci", "en": "Mobile app push notification"}),
    CHANNEL_WEB_PUSH: ("web_push", {"cs": "Webové notifikace", "en": "Web push notification"}),
    CHANNEL_VIBER: ("viber", {"cs": "Viber", "en": "Viber"}),
    CHANNEL_WHATSAPP: ("whatsapp", {"cs": "WhatsApp", "en": "WhatsApp"}),
    CHANNEL_WHITE_POST: ("white_post", {"cs": "Tištěná pošta", "en": "White post"}),
}

AGREEMENTS = {
    ids.CONSENT_GTC: {
        "text_id": "gtc",
        "communication_channel_id": "",
        "name": {"cs": "Zpracování osobních údajů", "en": "Processing of personal data"},
        "text": {
            "cs": "Souhlasím se zpracováním osobních údajů za účelem vedení členského účtu věrnostního "
                  "programu Zrnko a s obchodními podmínkami programu.",
            "en": "I agree to the processing of my personal data for the purpose of running my Zrnko "
                  "loyalty programme account and to the programme's terms and conditions.",
        },
        "withdrawal_text": {
            "cs": "Odvoláním souhlasu bude váš členský účet zrušen a nasbírané body propadnou.",
            "en": "If you withdraw this consent, your membership account will be closed and your "
                  "collected points will be lost.",
        },
    },
    ids.CONSENT_MARKETING: {
        "text_id": "marketing_communication",
        "communication_channel_id": ids.CHANNEL_EMAIL,
        "name": {"cs": "Marketingová komunikace", "en": "Marketing communication"},
        "text": {
            "cs": "Chci dostávat e-mailem novinky, pozvánky na ochutnávky a nabídky šité na míru.",
            "en": "I want to receive news, tasting invitations and tailored offers by e-mail.",
        },
        "withdrawal_text": {
            "cs": "Po odvolání souhlasu vám již nebudeme posílat obchodní sdělení e-mailem.",
            "en": "After you withdraw this consent we will no longer send you commercial e-mails.",
        },
    },
    ids.CONSENT_PROFILING: {
        "text_id": "profiling",
        "communication_channel_id": "",
        "name": {"cs": "Profilování", "en": "Profiling"},
        "text": {
            "cs": "Souhlasím s vyhodnocováním mých nákupů, abych dostával(a) nabídky podle svých zvyklostí.",
            "en": "I agree to the analysis of my purchases so that I receive offers matching my habits.",
        },
        "withdrawal_text": {
            "cs": "Po odvolání souhlasu budete dostávat jen obecné nabídky.",
            "en": "After you withdraw this consent you will receive only general offers.",
        },
    },
    CONSENT_SMS_MARKETING: {
        "text_id": "marketing_sms",
        "communication_channel_id": ids.CHANNEL_SMS,
        "name": {"cs": "Obchodní sdělení v SMS", "en": "Marketing by SMS"},
        "text": {
            "cs": "Chci dostávat SMS s akčními nabídkami nejbližší prodejny.",
            "en": "I want to receive text messages with offers from my nearest store.",
        },
        "withdrawal_text": {
            "cs": "Po odvolání souhlasu vám již nebudeme posílat obchodní SMS.",
            "en": "After you withdraw this consent we will no longer send you marketing text messages.",
        },
    },
    CONSENT_PUSH_MARKETING: {
        "text_id": "marketing_push",
        "communication_channel_id": ids.CHANNEL_PUSH,
        "name": {"cs": "Notifikace s nabídkami", "en": "Offer notifications"},
        "text": {
            "cs": "Chci dostávat v mobilní aplikaci upozornění na nové odměny a nabídky.",
            "en": "I want to receive notifications about new rewards and offers in the mobile app.",
        },
        "withdrawal_text": {
            "cs": "Po odvolání souhlasu vám aplikace nebude posílat obchodní notifikace.",
            "en": "After you withdraw this consent the app will no longer send you marketing notifications.",
        },
    },
}


def seed() -> None:
    from ..models import Agreement, CommunicationChannel, Country, CustomerSource, Language, Store

    for code, name in LANGUAGES.items():
        Language.objects.update_or_create(pk=code, defaults={
            "name": name, "state": 1, "lists": LANGUAGE_LISTS[code], "is_default": code == DEFAULT_LANGUAGE})
    for code, name in COUNTRIES.items():
        Country.objects.update_or_create(pk=code, defaults={"name": name, "state": 1})
    from django.utils import timezone

    for pk, fields in STORES.items():
        if pk == STORE_OLOMOUC:
            fields = {**fields, "opening": closed_today_opening(timezone.localdate())}
        Store.objects.update_or_create(pk=pk, defaults={"partner_id": PARTNER_ZRNKO, **fields})
    for pk, (code, name) in CUSTOMER_SOURCES.items():
        CustomerSource.objects.update_or_create(pk=pk, defaults={"code": code, "name": name, "state": 1})
    for pk, (text_id, name) in CHANNELS.items():
        CommunicationChannel.objects.update_or_create(pk=pk, defaults={"text_id": text_id, "name": name})
    for pk, fields in AGREEMENTS.items():
        Agreement.objects.update_or_create(pk=pk, defaults=fields)
