"""Identity demo data: the external applications, the two customers and the staff user."""

import datetime

from . import ids


def _customer(pk: str, password: str, **fields) -> None:
    from ..models import Customer

    # Created once: what a developer changes on the demo accounts survives a re-seed
    # (`reset` starts over).
    customer, created = Customer.objects.get_or_create(pk=pk, defaults=fields)
    if created:
        customer.set_password(password)
        customer.save(update_fields=["password"])


def seed() -> None:
    from ..models import Customer, ExternalApplication, ServiceUser

    ExternalApplication.objects.update_or_create(
        pk=ids.PORTAL_APPLICATION, defaults={"name": "Customer portal"}
    )
    ExternalApplication.objects.update_or_create(
        pk=ids.MOBILE_APPLICATION, defaults={"name": "Mobile app"}
    )
    _customer(
        ids.DEMO_CUSTOMER,
        ids.DEMO_PASSWORD,
        salutation="Vážená paní Dvořáková",
        gender=2,
        first_name="Tereza",
        last_name="Dvořáková",
        pre_nominals="Ing.",
        birthdate=datetime.date(1988, 4, 17),
        email=ids.DEMO_EMAIL,
        phone=ids.DEMO_PHONE,
        language_id="cs",
        store_id=ids.STORE_PRAHA,
        address={
            "address1": "Vinohradská",
            "address2": "1511",
            "address3": "230",
            "zip": "13000",
            "city": "Praha 3",
            "country_code": "cz",
        },
        agreement={
            "agreement_gtc": 1,
            "agreement_profiling": 2,
            "agreement_marketing_communication": 1,
            "custom_agreements": [],
        },
        consents=[
            {"consent_id": ids.CONSENT_GTC, "consent_value": 1, "last_change": "2024-03-02 10:15:00"},
            {"consent_id": ids.CONSENT_MARKETING, "consent_value": 1, "last_change": "2024-03-02 10:15:00"},
            {"consent_id": ids.CONSENT_PROFILING, "consent_value": 2, "last_change": "2024-03-02 10:15:00"},
        ],
        customer_source={"customer_source_id": ids.SOURCE_POS, "external_id": "POS-104233"},
        state=Customer.State.ACTIVE,
    )
    _customer(
        ids.SECOND_CUSTOMER,
        ids.SECOND_PASSWORD,
        salutation="Vážená paní Nováková",
        gender=2,
        first_name="Jana",
        last_name="Nováková",
        birthdate=datetime.date(1979, 11, 2),
        email=ids.SECOND_EMAIL,
        phone=ids.SECOND_PHONE,
        language_id="cs",
        store_id=ids.STORE_BRNO,
        address={"address1": "Masarykova", "address2": "12", "zip": "60200", "city": "Brno", "country_code": "cz"},
        agreement={"agreement_gtc": 1, "agreement_profiling": 0, "agreement_marketing_communication": 0,
                   "custom_agreements": []},
        consents=[],
        customer_source={"customer_source_id": ids.SOURCE_ESHOP, "external_id": None},
        state=Customer.State.ACTIVE,
    )
    staff, created = ServiceUser.objects.update_or_create(
        pk=ids.STAFF_USER,
        defaults={
            "login": ids.STAFF_LOGIN,
            "first_name": "Petr",
            "last_name": "Svoboda",
            "email": "petr.svoboda@example.com",
            "phone": "420603000111",
            "user_role_ids": ["customer_care"],
            "store_id": ids.STORE_PRAHA,
        },
    )
    if created or not staff.check_password(ids.STAFF_PASSWORD):
        staff.set_password(ids.STAFF_PASSWORD)
        staff.save(update_fields=["password"])
