"""Handlers of the customers group: customers (read, register, update, list), registration checks,
additional addresses and their types, auth-token login and the password-setup message.

postCustomer, getCustomers, getCustomer, putCustomer, postCustomersCheckRegistrationAbility,
postCustomersValidateCustomerData, postCustomersAuthToken, postTokenAuthTokenLogin, getTokenAuthentication,
getSubCustomerAddresses, getCustomerAddressTypes, postTokenSendPasswordSetup.
"""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime

from django.conf import settings
from django.db import transaction

from .. import api, errors
from ..api import CUSTOMER, ENTERPRISE, PUBLIC, TOKEN, operation
from ..models import (
    Agreement,
    AuthenticationToken,
    CommunicationChannel,
    Customer,
    CustomerAddress,
    CustomerAddressType,
    CustomerSource,
    ExternalApplication,
    Language,
    OutboxMessage,
    PasswordSetupCode,
    Store,
    new_id,
)
from ..models.customers import PASSWORD_RULES, password_problems
from . import social

# The spec's e-mail pattern (applied to the lowercased address) and phone pattern.
EMAIL_RE = re.compile(
    r"^[-a-z0-9!#$%&'*+\\/=?^_`{|}~]+(\.[-a-z0-9!#$%&'*+\\/=?^_`{|}~]+)*"
    r"@([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])$"
)
PHONE_RE = re.compile(r"^[1-9][0-9]*$")
ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ADDRESS_FIELDS = ("address1", "address2", "address3", "address4", "address5", "address6", "address7",
                  "zip", "city", "country_code")
AGREEMENT_FIELDS = ("agreement_gtc", "agreement_profiling", "agreement_marketing_communication")
CUSTOMER_SORT_FIELDS = {"customer_id", "doi_email", "doi_phone", "last_change", "state"}

# --- request bodies (from the spec's requestBody schemas) -------------------------------------------

_STR = {"type": "string"}
_ID = {"type": "string", "minLength": 1}
_CONSENT_VALUE = {"type": "integer", "enum": [0, 1, 2]}
_PERSONAL_INFORMATION = {
    "type": "object",
    "required": ["language_id"],
    "properties": {
        "salutation": _STR,
        "gender": {"type": ["integer", "null"], "enum": [1, 2, 3, 4, 5, None]},
        "first_name": _STR,
        "last_name": _STR,
        "pre_nominals": _STR,
        "post_nominals": _STR,
        "birthdate": _STR,  # format and pattern checks are the handler's (all problems together)
        "email": _STR,
        "phone": _STR,
        "language_id": _ID,
        "store_id": _STR,
        "address": {"type": "object", "properties": {name: _STR for name in ADDRESS_FIELDS}},
        "agreement": {
            "type": "object",
            "properties": {
                **{name: _CONSENT_VALUE for name in AGREEMENT_FIELDS},
                "custom_agreements": {
                    "type": "array",
                    "maxItems": 1000,
                    "items": {
                        "type": "object",
                        "required": ["agreement_id", "agreement_value"],
                        "properties": {"agreement_id": _ID, "agreement_value": _CONSENT_VALUE},
                    },
                },
            },
        },
        "consents": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["consent_id", "consent_value"],
                "properties": {"consent_id": _ID, "consent_value": _CONSENT_VALUE},
            },
        },
    },
}
_CUSTOMER = {"type": "object", "required": ["personal_information"],
             "properties": {"personal_information": _PERSONAL_INFORMATION}}
_SOCIAL_NETWORK_CREDENTIALS = {
    "type": "object",
    "required": ["social_network_id", "social_network_token"],
    "properties": {"social_network_id": _STR, "social_network_token": _STR},
}
_PROPERTY_RECORDS = {
    "type": "array",
    "maxItems": 1000,
    "items": {"type": "object", "required": ["property_id"], "properties": {"property_id": _ID}},
}
POST_CUSTOMER = {
    "type": "object",
    "required": ["customer", "customer_source", "autologin"],
    "properties": {
        "customer": _CUSTOMER,
        "customer_source": {
            "type": "object",
            "required": ["customer_source_id"],
            "properties": {"customer_source_id": _ID, "external_id": _STR},
        },
        "password": _STR,
        "autologin": {"type": "boolean"},
        "social_network_credentials": _SOCIAL_NETWORK_CREDENTIALS,
        "property_records": _PROPERTY_RECORDS,
        "referral_code": _STR,
    },
}
PUT_CUSTOMER = {
    "type": "object",
    "required": ["customer"],
    "properties": {
        "customer": _CUSTOMER,
        "password": _STR,
        "social_network_credentials": _SOCIAL_NETWORK_CREDENTIALS,
        "property_records": _PROPERTY_RECORDS,
    },
}
CHECK_REGISTRATION_ABILITY = {
    "type": "object",
    "required": ["type", "value"],
    "properties": {"type": {"type": "string", "enum": ["email", "phone"]}, "value": _STR},
}
VALIDATE_CUSTOMER_DATA = {
    "type": "object",
    "required": ["type", "value"],
    "properties": {"type": {"type": "string", "enum": ["password", "referral_code"]}, "value": _STR},
}
AUTH_TOKEN = {
    "type": "object",
    "required": ["customer_id", "external_application_id", "token_type"],
    "properties": {"customer_id": _ID, "external_application_id": _ID,
                   "token_type": {"type": "integer", "enum": [1, 2]}},
}
AUTH_TOKEN_LOGIN = {
    "type": "object",
    "required": ["application_id", "token", "token_request_id"],
    "properties": {"application_id": _ID, "token": _ID, "token_request_id": _ID},
}
SEND_PASSWORD_SETUP = {
    "type": "object",
    "properties": {"email": _STR, "communication_channel_id": _STR, "recipient": _STR},
}

# --- salutation -------------------------------------------------------------------------------------

_SALUTATIONS = {
    "cs": {1: "Vážený pane {name}", 2: "Vážená paní {name}", 3: "Vážená slečno {name}",
           None: "Dobrý den, {name}"},
    "en": {1: "Dear Mr {name}", 2: "Dear Mrs {name}", 3: "Dear Miss {name}", None: "Dear {name}"},
}
_ANONYMOUS_SALUTATION = {"cs": "Vážená zákaznice, vážený zákazníku", "en": "Dear customer"}


def czech_vocative(surname: str) -> str:
    """The vocative of a Czech male surname by its common endings (Novák → Nováku, Svoboda → Svobodo)."""
    lower = surname.lower()
    if not surname or lower[-1] in "aeiouyáéíóúůý":
        return surname[:-1] + "o" if lower.endswith("a") else surname
    if lower.endswith("ek"):
        return surname[:-2] + "ku"
    if lower.endswith("ec"):
        return surname[:-2] + "če"
    if lower[-1] in "khg":
        return surname + "u"
    if lower[-1] in "šžčřcjťďň":
        return surname + "i"
    if lower.endswith("r") and lower[-2:-1] not in "aeiouyáéíóúůý":
        return surname[:-1] + "ře"
    return surname + "e"


def generate_salutation(gender: int | None, first_name: str, last_name: str, language: str) -> str:
    """The salutation CareCloud makes when none is given: by gender and language (cs, else en)."""
    language = language if language in _SALUTATIONS else "en"
    if gender in (1, 2, 3) and last_name:
        name = czech_vocative(last_name) if language == "cs" and gender == 1 else last_name
        return _SALUTATIONS[language][gender].format(name=name)
    full_name = " ".join(part for part in (first_name, last_name) if part)
    if full_name:
        return _SALUTATIONS[language][None].format(name=full_name)
    return _ANONYMOUS_SALUTATION[language]


# --- serializers ---------------------------------------------------------------------------------------


def serialize_address(address: dict) -> dict:
    return {name: address[name] for name in ADDRESS_FIELDS if address.get(name)}


def serialize_personal_information(customer: Customer, short_salutation: bool = False) -> dict:
    info = {
        "salutation": (customer.first_name if short_salutation and customer.first_name else customer.salutation),
        "gender": customer.gender,
        "first_name": customer.first_name,
        "last_name": customer.last_name,
        "pre_nominals": customer.pre_nominals,
        "post_nominals": customer.post_nominals,
        "birthdate": api.fmt_date(customer.birthdate),
        "email": customer.email or None,
        "phone": customer.phone or None,
        "language_id": customer.language_id,
        "store_id": customer.store_id or None,
        "photo_url": customer.photo_url or None,
        "address": serialize_address(customer.address),
        "consents": [
            {"consent_id": c["consent_id"], "consent_value": c["consent_value"], "last_change": c["last_change"]}
            for c in customer.consents
        ],
    }
    if customer.agreement:
        info["agreement"] = {
            **{name: customer.agreement[name] for name in AGREEMENT_FIELDS if name in customer.agreement},
            "custom_agreements": customer.agreement.get("custom_agreements", []),
        }
    # Optional values the customer does not have are left out. `gender` is nullable, but an enum
    # without null among its values: a customer without a gender has none in the answer.
    return {key: value for key, value in info.items() if value is not None}


def serialize_customer(customer: Customer, short_salutation: bool = False) -> dict:
    data = {
        "customer_id": customer.pk,
        "personal_information": serialize_personal_information(customer, short_salutation),
        "doi_email": api.fmt_ts(customer.doi_email),
        "doi_phone": api.fmt_ts(customer.doi_phone),
        "last_change": api.fmt_ts(customer.last_change),
        "state": customer.state,
    }
    return {key: value for key, value in data.items() if value is not None}


def serialize_additional_address(record: CustomerAddress) -> dict:
    return {
        "additional_address_id": record.pk,
        "address_type": record.address_type_id,
        "address": serialize_address(record.address),
    }


def serialize_address_type(address_type: CustomerAddressType, call: api.Call) -> dict:
    return {
        "address_type_id": address_type.pk,
        "name": call.tr(address_type.name) or "",
        "last_change": api.fmt_ts(address_type.last_change),
    }


# --- lookups and checks shared by registration, update and the registration checks --------------------


def living_customers():
    return Customer.objects.exclude(state=Customer.State.DELETED)


def normalize_phone(raw: str) -> str:
    return raw.strip().lstrip("+").replace(" ", "")


def identifier_taken(kind: str, value: str, exclude: Customer | None = None) -> bool:
    """Whether an e-mail (lowercased) or phone already belongs to another living customer.

    The sandbox project keeps phones unique as well: customers log in by phone.
    """
    others = living_customers().filter(**{kind: value})
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    return others.exists()


def referrer_for(code: str) -> Customer | None:
    """The active customer whose referral code this is."""
    if not code:
        return None
    return Customer.objects.filter(referral_code=code.strip().upper(), state=Customer.State.ACTIVE).first()


def _new_referral_code() -> str:
    while True:
        code = secrets.token_hex(4).upper()
        if not Customer.objects.filter(referral_code=code).exists():
            return code


def _check_password(call: api.Call, raw: str) -> None:
    problems = password_problems(raw)
    if problems:
        # The value is never echoed: it is a password.
        call.add_invalid("password", errors.NOT_ALLOWED_VALUE, "",
                         " ".join(PASSWORD_RULES[key]["en"] for key in problems))


def _check_email(call: api.Call, raw: str, customer: Customer | None) -> str:
    email = raw.strip().lower()
    if not email:
        return ""
    if not EMAIL_RE.match(email):
        call.add_invalid("email", errors.INVALID_VALUE_FORMAT, raw, "The e-mail address is not valid.")
    elif identifier_taken("email", email, customer):
        call.add_invalid("email", errors.ALREADY_EXISTS, raw, "A customer with this e-mail already exists.")
    return email


def _check_phone(call: api.Call, raw: str, customer: Customer | None) -> str:
    phone = raw.strip()
    if not phone:
        return ""
    if not PHONE_RE.match(phone):
        call.add_invalid("phone", errors.INVALID_VALUE_FORMAT, raw,
                         "The phone number must have the international prefix and digits only (420000000000).")
    elif identifier_taken("phone", phone, customer):
        call.add_invalid("phone", errors.ALREADY_EXISTS, raw, "A customer with this phone number already exists.")
    return phone


def _check_birthdate(call: api.Call, raw: str) -> date | None:
    if not raw:
        return None
    try:
        if not ISO_DATE_RE.match(raw):
            raise ValueError
        return date.fromisoformat(raw)
    except ValueError:
        call.add_invalid("birthdate", errors.INVALID_VALUE_FORMAT, raw, "Expected a date, YYYY-MM-DD.")
        return None


def _check_exists(call: api.Call, model, name: str, pk: str, what: str) -> None:
    if not model.objects.filter(pk=pk).exists():
        call.add_invalid(name, errors.NOT_FOUND, pk, f"Unknown {what}.")


def _consents(call: api.Call, given: list[dict], current: list[dict]) -> list[dict]:
    """The stored consent list; a consent's last_change moves only when its value does."""
    previous = {c["consent_id"]: c for c in current}
    stamp = api.fmt_ts(api.now())
    result = []
    for item in given:
        _check_exists(call, Agreement, "consent_id", item["consent_id"], "consent")
        old = previous.get(item["consent_id"])
        unchanged = old is not None and old["consent_value"] == item["consent_value"]
        result.append({"consent_id": item["consent_id"], "consent_value": item["consent_value"],
                       "last_change": old["last_change"] if unchanged else stamp})
    return result


def _agreement(call: api.Call, given: dict) -> dict:
    for item in given.get("custom_agreements", []):
        _check_exists(call, Agreement, "agreement_id", item["agreement_id"], "consent")
    return {
        **{name: given[name] for name in AGREEMENT_FIELDS if name in given},
        "custom_agreements": [
            {"agreement_id": a["agreement_id"], "agreement_value": a["agreement_value"]}
            for a in given.get("custom_agreements", [])
        ],
    }


def personal_fields(call: api.Call, info: dict, customer: Customer | None) -> dict:
    """Customer model fields from a personal_information body, PUT-style: what is left out is cleared
    (except ``store_id``, which can be changed but not removed). Problems go to ``call``."""
    language_id = info["language_id"]
    _check_exists(call, Language, "language_id", language_id, "language")
    store_id = info.get("store_id") or ""
    if store_id:
        _check_exists(call, Store, "store_id", store_id, "store")
    elif customer is not None:
        store_id = customer.store_id
    fields = {
        "gender": info.get("gender"),
        "first_name": (info.get("first_name") or "").strip(),
        "last_name": (info.get("last_name") or "").strip(),
        "pre_nominals": info.get("pre_nominals") or "",
        "post_nominals": info.get("post_nominals") or "",
        "birthdate": _check_birthdate(call, info.get("birthdate") or ""),
        "email": _check_email(call, info.get("email") or "", customer),
        "phone": _check_phone(call, info.get("phone") or "", customer),
        "language_id": language_id,
        "store_id": store_id,
        "address": serialize_address(info.get("address") or {}),
    }
    if "consents" in info:
        # `consents` replaces the deprecated `agreement`, which is then ignored entirely.
        fields["consents"] = _consents(call, info["consents"], customer.consents if customer else [])
        if customer is None:
            fields["agreement"] = {}
    else:
        fields["consents"] = []
        fields["agreement"] = _agreement(call, info["agreement"]) if "agreement" in info else {}
    fields["salutation"] = (info.get("salutation") or "").strip() or generate_salutation(
        fields["gender"], fields["first_name"], fields["last_name"], language_id
    )
    return fields


def _apply_property_records(call: api.Call, customer_id: str, records: list | None, *, replace: bool) -> None:
    """Property records go through the preferences group (it validates them against the definitions)."""
    if records is None:
        return
    from . import preferences

    apply = getattr(preferences, "apply_property_records", None)
    if apply is not None:
        apply(call, customer_id, records, replace=replace)


# --- customers -------------------------------------------------------------------------------------------


@operation("postCustomer", "POST", "/customers", auth=TOKEN, body=POST_CUSTOMER)
def post_customer(call: api.Call):
    body = call.body
    fields = personal_fields(call, body["customer"]["personal_information"], None)
    source_id = body["customer_source"]["customer_source_id"]
    _check_exists(call, CustomerSource, "customer_source_id", source_id, "customer source")
    password = body.get("password")
    if password:
        _check_password(call, password)
    elif body["autologin"]:
        call.add_invalid("password", errors.REQUIRED, "", "The password is required when autologin is true.")
    referrer = None
    if body.get("referral_code"):
        referrer = referrer_for(body["referral_code"])
        if referrer is None:
            call.add_invalid("referral_code", errors.NOT_FOUND, body["referral_code"], "Unknown referral code.")
    credentials = body.get("social_network_credentials")
    subject = social.check_credentials(call, credentials)
    call.check()

    source = {"customer_source_record_id": new_id(), "customer_source_id": source_id,
              "last_change": api.fmt_ts(api.now())}
    if body["customer_source"].get("external_id"):
        source["external_id"] = body["customer_source"]["external_id"]
    with transaction.atomic():
        customer = Customer(**fields, customer_source=source, referral_code=_new_referral_code(),
                            referred_by=referrer.pk if referrer else "")
        if password:
            customer.set_password(password)
        customer.save()
        _apply_property_records(call, customer.pk, body.get("property_records"), replace=False)
        social.link_credentials(customer, credentials, subject)
        # Enterprise API validates the password but establishes no customer session.
        if call.interface == CUSTOMER and body["autologin"]:
            call.token.customer = customer
            call.token.save(update_fields=["customer", "last_change"])
    return api.created({"customer_id": customer.pk})


def _birthdate_filter(call: api.Call) -> date | None:
    raw = call.q_str("birthdate")
    if raw is None:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(raw.strip(), pattern).date()
        except ValueError:
            continue
    call.add_invalid("birthdate", errors.INVALID_VALUE_FORMAT, raw, "Expected YYYY-MM-DD or DD.MM.YYYY.")
    return None


@operation("getCustomers", "GET", "/customers")
def get_customers(call: api.Call):
    """Every customer for the enterprise interface; on the customer interface (the spec allows
    it there too) a token sees only its own customer, however the filters are set."""
    customers = living_customers()
    if call.interface == CUSTOMER:
        if call.customer is None:
            raise errors.unauthorized("No customer is logged in with this token.")
        customers = customers.filter(pk=call.customer.pk)
    if email := call.q_str("email"):
        customers = customers.filter(email=email.strip().lower())
    if phone := call.q_str("phone"):
        customers = customers.filter(phone=normalize_phone(phone))
    if source_id := call.q_str("customer_source_id"):
        customers = customers.filter(customer_source__customer_source_id=source_id)
    if birthdate := _birthdate_filter(call):
        customers = customers.filter(birthdate=birthdate)
    if email_list := call.q_list("email_list"):
        customers = customers.filter(email__in=[e.strip().lower() for e in email_list])
    if customer_ids := call.q_list("customer_ids"):
        customers = customers.filter(pk__in=customer_ids)
    first_name = call.q_str("first_name")
    last_name = call.q_str("last_name")
    short = call.q_bool("customer_short_salutation", False)
    call.check()
    # Names compare case-insensitively in Python: SQLite folds ASCII letters only (Š ≠ š there).
    rows = [
        serialize_customer(customer, short)
        for customer in customers
        if (first_name is None or customer.first_name.casefold() == first_name.strip().casefold())
        and (last_name is None or customer.last_name.casefold() == last_name.strip().casefold())
    ]
    return call.page("customers", rows, CUSTOMER_SORT_FIELDS)


@operation("getCustomer", "GET", "/customers/{customer_id}")
def get_customer(call: api.Call, customer_id: str):
    customer = call.customer_scope(customer_id)
    short = call.q_bool("customer_short_salutation", False)
    call.check()
    return api.ok(serialize_customer(customer, short))


@operation("putCustomer", "PUT", "/customers/{customer_id}", body=PUT_CUSTOMER)
def put_customer(call: api.Call, customer_id: str):
    customer = call.customer_scope(customer_id)
    body = call.body
    fields = personal_fields(call, body["customer"]["personal_information"], customer)
    if "password" in body:  # changed only when given
        _check_password(call, body["password"])
    credentials = body.get("social_network_credentials")  # linked when given, else left as they are
    subject = social.check_credentials(call, credentials, customer)
    call.check()
    with transaction.atomic():
        for name, value in fields.items():
            setattr(customer, name, value)
        if "password" in body:
            customer.set_password(body["password"])
        customer.save()
        _apply_property_records(call, customer.pk, body.get("property_records"), replace=True)
        social.link_credentials(customer, credentials, subject)
    return api.no_content()


# --- registration checks -----------------------------------------------------------------------------


@operation("postCustomersCheckRegistrationAbility", "POST", "/customers/actions/check-registration-ability",
           body=CHECK_REGISTRATION_ABILITY)
def post_check_registration_ability(call: api.Call):
    """True when POST /customers would accept the identifier (valid and not taken)."""
    kind, raw = call.body["type"], call.body["value"]
    value = raw.strip().lower() if kind == "email" else raw.strip()
    pattern = EMAIL_RE if kind == "email" else PHONE_RE
    if not pattern.match(value):
        raise errors.invalid("value", errors.INVALID_VALUE_FORMAT, raw, f"The value is not a valid {kind}.")
    return api.ok({"registration_ability": not identifier_taken(kind, value)})


@operation("postCustomersValidateCustomerData", "POST", "/customers/actions/validate-customer-data",
           auth=PUBLIC, body=VALIDATE_CUSTOMER_DATA)
def post_validate_customer_data(call: api.Call):
    """The same password criteria and referral codes POST /customers accepts."""
    kind, value = call.body["type"], call.body["value"]
    valid = not password_problems(value) if kind == "password" else referrer_for(value) is not None
    return api.ok({"is_valid": valid})


# --- auth-token login ----------------------------------------------------------------------------------



@operation("postCustomersAuthToken", "POST", "/customers/actions/auth-token", interfaces=(ENTERPRISE,),
           body=AUTH_TOKEN)
def post_customers_auth_token(call: api.Call):
    body = call.body
    if not Customer.objects.filter(pk=body["customer_id"], state=Customer.State.ACTIVE).exists():
        call.add_invalid("customer_id", errors.NOT_FOUND, body["customer_id"], "Unknown customer.")
    _check_exists(call, ExternalApplication, "external_application_id", body["external_application_id"],
                  "external application")
    call.check()
    token, raw = AuthenticationToken.issue(body["customer_id"], body["external_application_id"],
                                           numeric=body["token_type"] == 2)
    return api.ok({"authentication_token": raw, "token_request_id": token.pk,
                   "valid_to": api.fmt_ts(token.valid_to)})


@operation("postTokenAuthTokenLogin", "POST", "/tokens/{token_id}/actions/authentication-token-login",
           interfaces=(CUSTOMER,), auth=TOKEN, body=AUTH_TOKEN_LOGIN)
def post_token_auth_token_login(call: api.Call, token_id: str):
    token = api.own_token(call, token_id)
    body = call.body
    customer_id = None
    # The authentication token is for the destination application: the calling token's own.
    if body["application_id"] == token.external_application_id:
        customer_id = AuthenticationToken.redeem(body["token_request_id"], body["token"], body["application_id"])
    customer = Customer.objects.filter(pk=customer_id, state=Customer.State.ACTIVE).first() if customer_id else None
    if customer is None:
        raise errors.unauthorized("The authentication token is invalid, expired or already used.")
    token.customer = customer
    token.save(update_fields=["customer", "last_change"])
    return api.ok({"customer_id": customer.pk})


@operation("getTokenAuthentication", "GET", "/tokens/{token_id}/actions/auth-token", interfaces=(CUSTOMER,),
           auth=api.CUSTOMER_LOGIN)
def get_token_authentication(call: api.Call, token_id: str):
    """An authentication token for the customer logged in with this token, for another external
    application (``external_application_id``: the destination's, not the caller's) to log its own
    token in with (postTokenAuthTokenLogin): single use, short-lived (AUTHENTICATION_TOKEN_LIFETIME),
    alphanumeric (``token_type`` 1) or numeric (2); ``token_request_id`` names the request."""
    token = api.own_token(call, token_id)
    application_id = call.q_str("external_application_id", required=True)
    token_type = call.q_int("token_type", choices=(1, 2))
    if call.q_str("token_type") is None:
        call.add_invalid("token_type", errors.REQUIRED, "", "Parameter token_type is required.")
    if application_id and not ExternalApplication.objects.filter(pk=application_id).exists():
        call.add_invalid("external_application_id", errors.NOT_FOUND, application_id, "Unknown external application.")
    call.check()
    issued, raw = AuthenticationToken.issue(token.customer.pk, application_id, numeric=token_type == 2)
    return api.ok({"authentication_token": raw, "token_request_id": issued.pk, "valid_to": api.fmt_ts(issued.valid_to)})


# --- additional addresses ----------------------------------------------------------------------------


@operation("getSubCustomerAddresses", "GET", "/customers/{customer_id}/addresses")
def get_customer_addresses(call: api.Call, customer_id: str):
    customer = call.customer_scope(customer_id)
    addresses = CustomerAddress.objects.filter(customer_id=customer.pk)
    if address_type_id := call.q_str("customer_address_type_id"):
        addresses = addresses.filter(address_type_id=address_type_id)
    return call.page("addresses", [serialize_additional_address(a) for a in addresses],
                     {"additional_address_id", "address_type"})


@operation("getCustomerAddressTypes", "GET", "/customer-address-types")
def get_customer_address_types(call: api.Call):
    rows = [serialize_address_type(t, call) for t in CustomerAddressType.objects.all()]
    return call.page("customer_address_types", rows, {"address_type_id", "name", "last_change"})


# --- password setup --------------------------------------------------------------------------------------

_SETUP_MESSAGE = {
    "cs": {
        "subject": "Nastavení hesla k zákaznickému účtu",
        "email": "{salutation},\n\npro nastavení nového hesla k vašemu zákaznickému účtu otevřete tento "
                 "odkaz:\n{link}\n\nOdkaz platí 24 hodin a lze jej použít jen jednou. Pokud jste o nastavení hesla "
                 "nežádali, tuto zprávu prosím ignorujte.\n",
        "sms": "Nové heslo k zákaznickému účtu si nastavíte zde: {link} (odkaz platí 24 hodin).",
    },
    "en": {
        "subject": "Set up the password of your customer account",
        "email": "{salutation},\n\nto set up a new password for your customer account, open this link:\n"
                 "{link}\n\nThe link is valid for 24 hours and can be used only once. If you did not ask "
                 "for a new password, please ignore this message.\n",
        "sms": "Set up a new password for your customer account here: {link} (valid for 24 hours).",
    },
}
_CHANNEL_KINDS = {"email": OutboxMessage.Channel.EMAIL, "sms": OutboxMessage.Channel.SMS}


def _password_setup_target(call: api.Call) -> tuple[str, str]:
    """(channel kind, normalized recipient) from the body: a channel and recipient, or the old `email`."""
    body = call.body or {}
    channel_id, recipient = body.get("communication_channel_id"), body.get("recipient")
    if not channel_id and body.get("email"):
        channel_kind, recipient = OutboxMessage.Channel.EMAIL, body["email"]
    else:
        if not channel_id:
            call.add_invalid("communication_channel_id", errors.REQUIRED, "",
                             "communication_channel_id is required when email is not set.")
        if not recipient:
            call.add_invalid("recipient", errors.REQUIRED, "", "recipient is required when email is not set.")
        call.check()
        channel = CommunicationChannel.objects.filter(pk=channel_id).first()
        if channel is None:
            raise errors.invalid("communication_channel_id", errors.NOT_FOUND, channel_id,
                                 "Unknown communication channel.")
        channel_kind = _CHANNEL_KINDS.get(channel.text_id)
        if channel_kind is None:
            raise errors.invalid("communication_channel_id", errors.NOT_ALLOWED_VALUE, channel_id,
                                 "Password setup messages can be sent by e-mail or SMS only.")
    if channel_kind == OutboxMessage.Channel.EMAIL:
        value, pattern, field = recipient.strip().lower(), EMAIL_RE, "e-mail address"
    else:
        value, pattern, field = normalize_phone(recipient), PHONE_RE, "phone number"
    if not pattern.match(value):
        name = "recipient" if body.get("communication_channel_id") else "email"
        raise errors.invalid(name, errors.INVALID_VALUE_FORMAT, recipient, f"The recipient is not a valid {field}.")
    return channel_kind, value


@operation("postTokenSendPasswordSetup", "POST", "/tokens/{token_id}/actions/send-password-setup-email",
           interfaces=(CUSTOMER,), auth=TOKEN, body=SEND_PASSWORD_SETUP)
def post_token_send_password_setup(call: api.Call, token_id: str):
    """Write the password-setup message to the outbox. An unknown recipient gets the same 204 and
    nothing is written: the answer never tells whether an account exists."""
    token = api.own_token(call, token_id)
    channel, recipient = _password_setup_target(call)
    lookup = {"email": recipient} if channel == OutboxMessage.Channel.EMAIL else {"phone": recipient}
    customer = Customer.objects.filter(state=Customer.State.ACTIVE, **lookup).first()
    if customer is not None:
        language = "cs" if token.setup.get("language_id") == "cs" else "en"
        code = PasswordSetupCode.issue(customer.pk, language)
        link = f"{settings.SANDBOX_PUBLIC_URL.rstrip('/')}/password-setup/{code}"
        texts = _SETUP_MESSAGE[language]
        salutation = generate_salutation(customer.gender, customer.first_name, customer.last_name, language)
        OutboxMessage.objects.create(
            customer_id=customer.pk,
            channel=channel,
            recipient=recipient,
            subject=texts["subject"] if channel == OutboxMessage.Channel.EMAIL else "",
            body=texts[channel].format(salutation=salutation, link=link),
            link=link,
        )
    return api.no_content()
