"""The registration form's choices, built from reference lists given directly (quick and precise,
for make mutation): only active languages, visible active stores, active countries and required
active properties, sorted by their names as a reader expects, with names falling back to ids,
consent texts as plain text, and the page's language chosen by default when it is offered; and the
card types' prefixes the login field tells a card number by."""

import pytest
from django.utils import translation

from portal.accounts import selectors

LANGUAGES = [{"language_id": "en"}, {"language_id": "cs", "state": 1}, {"language_id": "de", "state": 0}]
STORES = [
    {"store_id": "s3", "name": "Žižkov"},
    {"store_id": "s1", "name": "Anděl"},
    {"store_id": "s2"},  # no name: its id
    {"store_id": "s4", "name": "Closed", "state": 0},
    {"store_id": "s5", "name": "Hidden", "visibility_for_customer": 0},
    {"store_id": "s6", "name": "Čakovice", "visibility_for_customer": 1},
]
COUNTRIES = [
    {"country_id": "AT", "name": "Österreich"},
    {"country_id": "CZ", "name": "Czechia"},
    {"country_id": "SK"},  # no name: its id
    {"country_id": "PL", "name": "Poland", "state": 2},
]
CONSENTS = [
    {"agreement_id": 7, "name": "Terms", "text_id": "gtc", "text": "<p>The <b>terms</b>\n  apply.</p>"},
    {"agreement_id": 8, "text_id": "newsletter"},  # neither name nor text
    {"name": "no id"},
]
PROPERTIES = [
    {"property_id": "size", "is_required": True},
    {"property_id": "pet", "is_required": False},
    {"property_id": "old", "is_required": True, "state": 0},
    {"is_required": True},
]


@pytest.fixture
def reference_lists(monkeypatch, settings):
    settings.PORTAL_REGISTRATION_REQUIRED_CONSENTS = ["gtc"]
    monkeypatch.setattr(selectors.reference, "languages", lambda: LANGUAGES)
    monkeypatch.setattr(selectors.reference, "stores", lambda *, token: STORES)
    monkeypatch.setattr(selectors.reference, "countries", lambda *, token: COUNTRIES)
    monkeypatch.setattr(selectors.reference, "consents", lambda *, token: CONSENTS)
    monkeypatch.setattr(selectors.reference, "customer_properties", lambda *, token: PROPERTIES)


def test_the_registration_choices_are_the_active_visible_items_sorted_by_name(reference_lists):
    with translation.override("en"):
        choices = selectors._registration_choices(lambda: "token")
    assert choices.languages == [("cs", "Czech"), ("en", "English")]
    assert choices.stores == [("s1", "Anděl"), ("s6", "Čakovice"), ("s2", "s2"), ("s3", "Žižkov")]
    assert choices.countries == [("cz", "Czechia"), ("at", "Österreich"), ("sk", "SK")]
    assert choices.consents == [
        {"id": "7", "name": "Terms", "text": "The terms apply.", "required": True},
        {"id": "8", "name": "", "text": "", "required": False},
    ]
    assert choices.properties == [{"property_id": "size", "is_required": True}]
    assert choices.default_language == "en"


@pytest.mark.parametrize(("page_language", "default"), [("cs", "cs"), ("en-gb", "en"), ("fr", "en"), ("de", "en")])
def test_the_default_language_is_the_pages_when_offered_else_the_first_offered(reference_lists, page_language,
                                                                               default):
    with translation.override(page_language):
        assert selectors._registration_choices(lambda: "token").default_language == default


@pytest.mark.parametrize(("state", "active"), [(None, True), (1, True), (0, False), (2, False)])
def test_an_item_is_active_without_a_state_or_with_state_1(state, active):
    item = {} if state is None else {"state": state}
    assert selectors._active(item) is active


@pytest.mark.parametrize(("page_language", "code", "name"), [("en", "cs", "Czech"), ("cs", "en", "anglicky"),
                                                            ("en", "xx", "XX")])
def test_a_language_is_named_in_the_pages_language_or_by_its_code(page_language, code, name):
    with translation.override(page_language):
        assert selectors.language_name(code) == name


# --- the login field's card types ------------------------------------------------------------------------


@pytest.mark.parametrize(("card_types", "prefixes"), [
    ([{"prefix": " 2001 "}, {"prefix": "AB"}, "not a card type"], ("2001", "AB")),
    ([{"prefix": "2001"}, {"name": "Gift card"}], None),  # a type without a prefix: any number may be one
    ([{"prefix": "2001"}, {"prefix": " "}], None),
    ([], None),
])
def test_a_number_is_a_card_by_the_prefixes_of_the_card_types_unless_one_has_none(monkeypatch, card_types,
                                                                                   prefixes):
    monkeypatch.setattr(selectors.anonymous, "read", lambda fetch: fetch("anonymous-token"))
    monkeypatch.setattr(selectors.reference, "card_types", lambda *, token: card_types)
    assert selectors.login_card_prefixes() == prefixes
