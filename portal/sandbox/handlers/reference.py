"""Handlers of the reference group: languages, countries, stores, customer sources, consents,
communication channels. ``serialize_store`` is shared (rewards and vouchers list stores)."""

from .. import api
from ..models import Store


def serialize_store(store: Store, call: api.Call) -> dict:
    return {
        "store_id": store.pk,
        "store_code": store.store_code,
        "name": call.tr(store.name),
        "store_address": store.store_address or None,
        "contact_email": store.contact_email or None,
        "manager_name": store.manager_name or None,
        "phone_number": store.phone_number or None,
        "partner_id": store.partner_id,
        "system_id": store.system_id,
        "gps_coordinates": store.gps_coordinates,
        "url_address": store.url_address or None,
        "opening": store.opening,
        "image_urls": store.image_urls,
        "visibility_for_customer": store.visibility_for_customer,
        "short_description": call.tr(store.short_description) or None,
        "description": call.tr(store.description) or None,
        "registration_id": store.registration_id or None,
        "last_change": api.fmt_ts(store.last_change),
        "state": store.state,
    }
