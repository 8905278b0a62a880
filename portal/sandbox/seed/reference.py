"""Reference demo data: languages, countries, stores, customer sources, consents, channels.
Idempotent: fixed ids, update_or_create (reference data follows the code)."""

from ..models import Language

LANGUAGES = {
    "cs": {"cs": "čeština", "en": "Czech"},
    "en": {"cs": "angličtina", "en": "English"},
    "sk": {"cs": "slovenština", "en": "Slovak"},
    "de": {"cs": "němčina", "en": "German"},
}


def seed() -> None:
    for code, name in LANGUAGES.items():
        Language.objects.update_or_create(pk=code, defaults={"name": name, "state": 1})
