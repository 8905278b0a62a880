"""The store finder's one write: making a store the member's home store.

The home store is the profile's field (``personal_information.store_id``): it is written by the
profile's own service, on the customer record read again just now (PUT replaces the whole record,
so it goes back whole with only the store changed; nothing is sent when it is already the home
store)."""

from __future__ import annotations

from portal.accounts.session import CustomerSession, customer_auth
from portal.carecloud import resources
from portal.profile.services import ProfileUpdate, customer_profile_update


def home_store_set(*, session: CustomerSession, store_id: str) -> ProfileUpdate:
    customer = resources.customer_get(**customer_auth(session))
    return customer_profile_update(session=session, customer=customer, changes={"store_id": store_id})
