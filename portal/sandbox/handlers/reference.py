"""Handlers of the reference group: languages, countries, stores, customer sources, consents,
communication channels. ``serialize_store`` is shared (rewards and vouchers list stores)."""

from .. import api
from ..api import PUBLIC, operation
from ..models import Agreement, CommunicationChannel, Country, CustomerSource, Language, Store


def serialize_store(store: Store, call: api.Call) -> dict:
    return {
        "store_id": store.pk,
        "store_code": store.store_code,
        "name": call.tr(store.name) or "",
        "partner_id": store.partner_id,
        "system_id": store.system_id,
        **api.compact({
            "store_address": store.store_address,
            "contact_email": store.contact_email,
            "manager_name": store.manager_name,
            "phone_number": store.phone_number,
            "gps_coordinates": store.gps_coordinates,
            "url_address": store.url_address,
            "opening": store.opening,
            "image_urls": [api.absolute_url(call, url) for url in store.image_urls],
            "visibility_for_customer": store.visibility_for_customer,
            "short_description": call.tr(store.short_description),
            "description": call.tr(store.description),
            "registration_id": store.registration_id,
            "last_change": api.fmt_ts(store.last_change),
            "state": store.state,
        }),
    }


def _store_has_property(store: Store, property_id: str, value: str) -> bool:
    """A store property record equals ``value`` (or, for multi-value properties, contains it)."""
    stored = store.properties.get(property_id)
    return value in stored if isinstance(stored, list) else stored == value


@operation("getStores", "GET", "/stores")
def get_stores(call: api.Call):
    visible = call.q_int("visible_for_customer", choices=(0, 1))
    property_id = call.q_str("property_id")
    property_value = call.q_str("property_value")
    system_id = call.q_str("system_id")
    call.check()
    stores = Store.objects.order_by("store_code")
    if visible is not None:
        stores = stores.filter(visibility_for_customer=visible)
    if system_id:
        stores = stores.filter(system_id=system_id)
    if property_id and property_value:  # the spec: one without the other is ignored
        stores = [store for store in stores if _store_has_property(store, property_id, property_value)]
    return call.page("stores", [serialize_store(store, call) for store in stores])


@operation("getLanguages", "GET", "/languages", auth=PUBLIC)
def get_languages(call: api.Call):
    list_type = call.q_enum("language_list_type", Language.LIST_TYPES) or "carecloud-api"
    only_default = call.q_bool("default_language", False)
    call.check()
    languages = [language for language in Language.objects.order_by("pk") if list_type in language.lists]
    if only_default:
        languages = [language for language in languages if language.is_default]
    return call.page("languages", [
        {"language_id": language.pk, "state": language.state, "last_change": api.fmt_ts(language.last_change)}
        for language in languages
    ])


@operation("getCountries", "GET", "/countries")
def get_countries(call: api.Call):
    country_id = call.q_str("country_id")
    country_name = call.q_str("country_name")
    call.check()
    countries = Country.objects.order_by("pk")
    if country_id:
        countries = countries.filter(pk=country_id.lower())
    rows = [{"country_id": country.pk, "name": call.tr(country.name) or "", "state": country.state}
            for country in countries]
    if country_name:
        rows = [row for row in rows if api.text_contains(row["name"], country_name)]
    return call.page("countries", rows)


@operation("getCustomerSources", "GET", "/customer-sources")
def get_customer_sources(call: api.Call):
    text_id = call.q_str("customer_source_text_id")
    call.check()
    sources = CustomerSource.objects.order_by("code")
    if text_id:
        sources = sources.filter(code=text_id)
    return call.page("customer_sources", [
        {
            "customer_source_id": source.pk,
            "name": call.tr(source.name) or "",
            **api.compact({
                "customer_source_text_id": source.code,
                "state": source.state,
                "last_change": api.fmt_ts(source.last_change),
            }),
        }
        for source in sources
    ])


@operation("getConsents", "GET", "/agreements")
def get_consents(call: api.Call):
    channel_id = call.q_str("communication_channel_id")
    text_id = call.q_str("text_id")
    call.check()
    agreements = Agreement.objects.order_by("text_id")
    if channel_id:
        agreements = agreements.filter(communication_channel_id=channel_id)
    if text_id:
        agreements = agreements.filter(text_id=text_id)
    return call.page("agreements", [
        api.compact({
            "agreement_id": agreement.pk,
            "name": call.tr(agreement.name),
            "text": call.tr(agreement.text),
            "withdrawal_text": call.tr(agreement.withdrawal_text),
            "communication_channel_id": agreement.communication_channel_id,
            "text_id": agreement.text_id,
            "last_change": api.fmt_ts(agreement.last_change),
        })
        for agreement in agreements
    ])


@operation("getCommunicationChannels", "GET", "/communication-channels", auth=PUBLIC)
def get_communication_channels(call: api.Call):
    channels = CommunicationChannel.objects.order_by("text_id")
    return call.page("communication_channels", [
        {"communication_channel_id": channel.pk, "name": call.tr(channel.name) or "", "text_id": channel.text_id}
        for channel in channels
    ])
