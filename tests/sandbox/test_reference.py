"""Reference data against the live sandbox: languages, countries, stores, customer sources,
consents (GET /agreements) and communication channels."""

from http import HTTPStatus

import pytest


def data(response, plural):
    assert response.status_code == HTTPStatus.OK, response.text
    body = response.json()["data"]
    return body[plural], body["total_items"]


def invalid_names(response):
    assert response.status_code == HTTPStatus.BAD_REQUEST, response.text
    return {p["name"]: p["reason"] for p in response.json()["error"]["error_data"]["invalid_params"]}


# --- languages and communication channels: public ------------------------------------------------------


@pytest.mark.parametrize("interface", ["customer", "enterprise"])
def test_languages_need_no_credentials(sandbox, interface):
    languages, total = data(sandbox.api(interface).get("/languages"), "languages")
    assert [language["language_id"] for language in languages] == ["cs", "de", "en", "sk"]
    assert total == 4
    assert all(language["state"] == 1 and language["last_change"] for language in languages)


@pytest.mark.parametrize("list_type, expected", [
    ("carecloud-api", {"cs", "en", "sk", "de"}),
    ("web-portal", {"cs", "en"}),
    ("customer-communication", {"cs", "en", "sk"}),
])
def test_languages_filter_by_list_type(customer_api, list_type, expected):
    languages, total = data(customer_api.get("/languages", params={"language_list_type": list_type}), "languages")
    assert {language["language_id"] for language in languages} == expected and total == len(expected)


def test_languages_default_language_only(customer_api):
    languages, total = data(customer_api.get("/languages", params={"default_language": "true"}), "languages")
    assert [language["language_id"] for language in languages] == ["cs"] and total == 1


def test_languages_reject_an_unknown_list_type(customer_api):
    response = customer_api.get("/languages", params={"language_list_type": "intranet"})
    assert invalid_names(response) == {"language_list_type": "not_allowed_value"}


def test_communication_channels_need_no_credentials(customer_api, ids):
    channels, total = data(customer_api.get("/communication-channels"), "communication_channels")
    by_id = {channel["communication_channel_id"]: channel["text_id"] for channel in channels}
    assert by_id[ids.CHANNEL_EMAIL] == "email"
    assert by_id[ids.CHANNEL_SMS] == "sms"
    assert by_id[ids.CHANNEL_PUSH] == "push"
    assert total == 7


def test_communication_channel_names_follow_the_language(customer_api, ids):
    def push_name(language):
        channels, _ = data(customer_api.get("/communication-channels", language=language), "communication_channels")
        return next(c["name"] for c in channels if c["communication_channel_id"] == ids.CHANNEL_PUSH)

    assert push_name("cs") == "Notifikace v mobilní aplikaci"
    assert push_name("en") == "Mobile app push notification"


def test_communication_channels_page(customer_api):
    everything, _ = data(customer_api.get("/communication-channels"), "communication_channels")
    page, total = data(customer_api.get("/communication-channels", params={"count": 2, "offset": 3}),
                       "communication_channels")
    assert total == 7 and page == everything[3:5]


# --- token-protected lists ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/countries", "/stores", "/customer-sources", "/agreements"])
def test_reference_lists_need_a_token(sandbox, customer_api, enterprise_api, path):
    assert customer_api.get(path).status_code == HTTPStatus.UNAUTHORIZED
    assert customer_api.get(path, token="unknown-token").status_code == HTTPStatus.UNAUTHORIZED
    assert enterprise_api.get(path).status_code == HTTPStatus.UNAUTHORIZED
    # A token not logged in as a customer is enough.
    assert customer_api.get(path, token=sandbox.new_token()).status_code == HTTPStatus.OK


def test_reference_lists_on_the_enterprise_interface(enterprise_api, staff_token, ids):
    stores, total = data(enterprise_api.get("/stores", token=staff_token), "stores")
    assert {ids.STORE_PRAHA, ids.STORE_BRNO, ids.STORE_ESHOP} <= {s["store_id"] for s in stores} and total == 6


# --- countries ---------------------------------------------------------------------------------------


def test_country_names_follow_the_language(customer_api, demo_token):
    for language, name in (("cs", "Česká republika"), ("en", "Czech Republic")):
        countries, total = data(customer_api.get("/countries", token=demo_token, language=language), "countries")
        assert {"country_id": "cz", "name": name, "state": 1} in countries
        assert total == 10


def test_countries_filter_by_id_and_name(customer_api, demo_token):
    countries, total = data(customer_api.get("/countries", token=demo_token, params={"country_id": "SK"},
                                             language="cs"), "countries")
    assert countries == [{"country_id": "sk", "name": "Slovensko", "state": 1}] and total == 1
    countries, _ = data(customer_api.get("/countries", token=demo_token, params={"country_name": "united"},
                                         language="en"), "countries")
    assert {c["country_id"] for c in countries} == {"gb", "us"}
    countries, _ = data(customer_api.get("/countries", token=demo_token, params={"country_name": "republika"},
                                         language="cs"), "countries")
    assert [c["country_id"] for c in countries] == ["cz"]


def test_countries_sort_and_page(customer_api, demo_token):
    countries, total = data(customer_api.get("/countries", token=demo_token, language="en", params={
        "sort_field": "name", "sort_direction": "DESC", "count": 3, "offset": 1}), "countries")
    assert [c["name"] for c in countries] == ["United Kingdom", "Slovakia", "Poland"] and total == 10


def test_countries_reject_an_unknown_sort_field_and_bad_paging(customer_api, demo_token):
    response = customer_api.get("/countries", token=demo_token, params={"sort_field": "capital", "count": 0})
    assert invalid_names(response) == {"sort_field": "not_allowed_value", "count": "not_allowed_value"}


# --- stores ------------------------------------------------------------------------------------------


def test_stores_carry_address_gps_opening_and_contacts(customer_api, demo_token, ids):
    stores, total = data(customer_api.get("/stores", token=demo_token, language="cs"), "stores")
    praha = next(store for store in stores if store["store_id"] == ids.STORE_PRAHA)
    assert praha["name"] == "Zrnko Praha – Vinohrady"
    assert praha["store_address"]["city"] == "Praha 2" and praha["store_address"]["country_code"] == "cz"
    assert praha["gps_coordinates"] == {"gps_latitude": 50.0776, "gps_longitude": 14.4467}
    assert praha["opening"][0] == {"day_id": "MON", "time_intervals": [{"from": "07:00:00", "to": "20:00:00"}]}
    assert praha["phone_number"] == "420224810330" and praha["contact_email"].endswith("@zrnko.example.com")
    assert praha["visibility_for_customer"] == 1 and praha["state"] == 1
    assert praha["description"].startswith("Naše vlajková prodejna")
    assert total == 6


def test_store_texts_follow_the_language(customer_api, demo_token, ids):
    stores, _ = data(customer_api.get("/stores", token=demo_token, language="en"), "stores")
    brno = next(store for store in stores if store["store_id"] == ids.STORE_BRNO)
    assert brno["name"] == "Zrnko Brno – Freedom Square"
    assert brno["short_description"] == "A café in the heart of Brno."


@pytest.mark.parametrize("visible, expected", [("1", 5), ("0", 1)])
def test_stores_filter_by_visibility(customer_api, demo_token, visible, expected):
    stores, total = data(customer_api.get("/stores", token=demo_token, params={"visible_for_customer": visible}),
                         "stores")
    assert total == expected
    assert {store["visibility_for_customer"] for store in stores} == {int(visible)}


def test_the_hidden_store_is_inactive(customer_api, demo_token):
    stores, _ = data(customer_api.get("/stores", token=demo_token, params={"visible_for_customer": 0}), "stores")
    assert stores[0]["state"] == 2 and stores[0]["opening"] == []


def test_stores_filter_by_system_id(customer_api, demo_token, ids):
    stores, total = data(customer_api.get("/stores", token=demo_token, params={"system_id": "ESHOP-1"}), "stores")
    assert [store["store_id"] for store in stores] == [ids.STORE_ESHOP] and total == 1


def test_stores_filter_by_a_store_property(customer_api, demo_token, ids):
    stores, _ = data(customer_api.get("/stores", token=demo_token, params={
        "property_id": "services", "property_value": "click_and_collect"}), "stores")
    assert {store["store_id"] for store in stores} == {ids.STORE_PRAHA, ids.STORE_BRNO}
    stores, _ = data(customer_api.get("/stores", token=demo_token, params={
        "property_id": "store_type", "property_value": "online"}), "stores")
    assert [store["store_id"] for store in stores] == [ids.STORE_ESHOP]


def test_a_store_property_filter_without_its_pair_is_ignored(customer_api, demo_token):
    _, total = data(customer_api.get("/stores", token=demo_token, params={"property_id": "store_type"}), "stores")
    assert total == 6


def test_stores_reject_a_bad_visibility_value(customer_api, demo_token):
    response = customer_api.get("/stores", token=demo_token, params={"visible_for_customer": 2})
    assert invalid_names(response) == {"visible_for_customer": "not_allowed_value"}


def test_stores_page(customer_api, demo_token):
    everything, _ = data(customer_api.get("/stores", token=demo_token), "stores")
    page, total = data(customer_api.get("/stores", token=demo_token, params={"count": 1, "offset": 2}), "stores")
    assert page == everything[2:3] and total == 6


# --- customer sources --------------------------------------------------------------------------------


def test_customer_sources(customer_api, demo_token, ids):
    for language, portal_name in (("cs", "Zákaznický portál"), ("en", "Customer portal")):
        sources, total = data(customer_api.get("/customer-sources", token=demo_token, language=language),
                              "customer_sources")
        by_id = {source["customer_source_id"]: source for source in sources}
        assert by_id[ids.SOURCE_PORTAL]["name"] == portal_name
        assert by_id[ids.SOURCE_PORTAL]["customer_source_text_id"] == "web_portal"
        assert {ids.SOURCE_POS, ids.SOURCE_ESHOP} <= set(by_id) and total == 5


def test_customer_sources_filter_by_text_id(customer_api, demo_token, ids):
    sources, total = data(customer_api.get("/customer-sources", token=demo_token,
                                           params={"customer_source_text_id": "pos"}), "customer_sources")
    assert [source["customer_source_id"] for source in sources] == [ids.SOURCE_POS] and total == 1


# --- consents -----------------------------------------------------------------------------------------


def test_consents_have_texts_in_the_callers_language(customer_api, demo_token, ids):
    for language, name, fragment in (("cs", "Marketingová komunikace", "e-mailem"),
                                     ("en", "Marketing communication", "by e-mail")):
        agreements, total = data(customer_api.get("/agreements", token=demo_token, language=language), "agreements")
        by_id = {agreement["agreement_id"]: agreement for agreement in agreements}
        assert {ids.CONSENT_GTC, ids.CONSENT_MARKETING, ids.CONSENT_PROFILING} <= set(by_id)
        marketing = by_id[ids.CONSENT_MARKETING]
        assert marketing["name"] == name and fragment in marketing["text"]
        assert marketing["withdrawal_text"] and marketing["communication_channel_id"] == ids.CHANNEL_EMAIL
        assert by_id[ids.CONSENT_GTC]["text_id"] == "gtc"
        assert total == 5


def test_consents_filter_by_channel_and_text_id(customer_api, demo_token, ids):
    agreements, total = data(customer_api.get("/agreements", token=demo_token,
                                              params={"communication_channel_id": ids.CHANNEL_SMS}), "agreements")
    assert [agreement["text_id"] for agreement in agreements] == ["marketing_sms"] and total == 1
    agreements, total = data(customer_api.get("/agreements", token=demo_token, params={"text_id": "profiling"}),
                             "agreements")
    assert [agreement["agreement_id"] for agreement in agreements] == [ids.CONSENT_PROFILING] and total == 1


def test_consents_page(customer_api, demo_token):
    agreements, total = data(customer_api.get("/agreements", token=demo_token, params={"count": 2}), "agreements")
    assert len(agreements) == 2 and total == 5
