"""Demo data of the customers group: customer address types and the demo customer's additional
addresses and referral code. Idempotent: fixed ids; address types follow the code
(update_or_create), a customer's addresses are created once (get_or_create)."""

from . import ids

ADDRESS_TYPE_BILLING = "4c1f7a9e2b6d8a0c3e5f7b9d21"
ADDRESS_TYPE_DELIVERY = "9e3b5d7f1a2c4e6a8b0d2f4c63"
ADDRESS_TYPE_WORK = "2d8f0b4e6a1c3e5a7c9b1d3f05"
DEMO_BILLING_ADDRESS = "b71e3d5f9a2c4b6d8e0f1a3c57"
DEMO_DELIVERY_ADDRESS = "e5a7c9b1d3f2a4c6e8b0d2f469"
DEMO_REFERRAL_CODE = "TEREZA24"

ADDRESS_TYPES = {
    ADDRESS_TYPE_BILLING: {"cs": "Fakturační adresa", "en": "Billing address"},
    ADDRESS_TYPE_DELIVERY: {"cs": "Doručovací adresa", "en": "Delivery address"},
    ADDRESS_TYPE_WORK: {"cs": "Adresa zaměstnání", "en": "Work address"},
}

DEMO_ADDRESSES = {
    DEMO_BILLING_ADDRESS: (ADDRESS_TYPE_BILLING, {
        "address1": "Vinohradská", "address2": "1511", "address3": "230",
        "zip": "13000", "city": "Praha 3", "country_code": "cz",
    }),
    DEMO_DELIVERY_ADDRESS: (ADDRESS_TYPE_DELIVERY, {
        "address1": "Karlovo náměstí", "address2": "293", "address3": "13", "address4": "Kancelář 4. patro",
        "zip": "12000", "city": "Praha 2", "country_code": "cz",
    }),
}


def seed() -> None:
    from ..models import Customer, CustomerAddress, CustomerAddressType

    for pk, name in ADDRESS_TYPES.items():
        CustomerAddressType.objects.update_or_create(pk=pk, defaults={"name": name})
    for pk, (address_type_id, address) in DEMO_ADDRESSES.items():
        CustomerAddress.objects.get_or_create(
            pk=pk, defaults={"customer_id": ids.DEMO_CUSTOMER, "address_type_id": address_type_id, "address": address}
        )
    # The demo customer refers friends with a known code (registration and validate-customer-data).
    Customer.objects.filter(pk=ids.DEMO_CUSTOMER, referral_code="").update(referral_code=DEMO_REFERRAL_CODE)
