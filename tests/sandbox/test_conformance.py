"""The sandbox's acceptance gate: its operations against the vendor's spec and the project's list.

The registry of operations is read from the live sandbox (``GET /_sandbox/operations``): the test
process never imports the sandbox's handlers (the portal's settings do not install its app).

1. Every registered operation exists in the spec with the same method and path.
2. Interface restrictions ("⚠️ Endpoint is available only in Customer/Enterprise API") are the
   registered ``interfaces``, and the other interface answers 403 ``interface_not_allowed_exception``.
3. Every operation of the README's "Operations by portal feature" table is registered (this is the
   definition of done: it fails, listing the missing ones, until every group has finished).
4. One realistic happy-path exchange per operation of that table, against the live sandbox, through
   the spec-validating clients (a violation fails the exchange). An operation of the table that is
   not registered fails its exchange (the registry is complete: a missing one is a regression).

The spec and the README live in ``../shared/carecloud`` (not in the repository): without them the
module skips on a developer's machine, saying why, and fails in CI (``CI=true``).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from http import HTTPStatus

import pytest
import requests

from portal.sandbox.seed import campaigns as campaign_seed
from portal.sandbox.seed import ids
from portal.sandbox.seed import messages as messages_seed
from portal.sandbox.seed import stamper as stamper_seed
from tests.support import openapi
from tests.support.sandbox import Sandbox, token_body

openapi.skip_without_spec()  # nothing to check conformance against (a failure in CI)
SPEC_OPERATIONS = openapi.operations_in_spec()

README_PATH = openapi.SPEC_PATH.parent / "README.md"
CUSTOMER, ENTERPRISE = "customer", "enterprise"  # the interfaces, as the sandbox's registry names them
INTERFACE_NAMES = {"Customer": CUSTOMER, "Enterprise": ENTERPRISE}
BOTH = frozenset({CUSTOMER, ENTERPRISE})

# Operations the spec does not restrict but the sandbox serves on one interface only, and why.
# Keep this short: every entry is a deviation from the spec the lead has agreed to.
INTERFACE_DEVIATIONS = {
    "postTokenLogout": frozenset({CUSTOMER}),  # tokens exist only in the Customer API (POST /tokens)
}


def readme_operations() -> list[str]:
    """The operationIds of the README's "Operations by portal feature" table, in its order (the
    README comes with the spec: without it, or without its table, the checks below fail)."""
    assert README_PATH.exists(), f"{README_PATH} is missing beside the spec"
    table = README_PATH.read_text(encoding="utf-8").split("## Operations by portal feature", 1)[-1]
    found: list[str] = []
    for row in table.splitlines():
        cells = row.split("|")
        if len(cells) < 4 or set(cells[2].strip()) <= {"-"}:
            continue
        for name in re.findall(r"\b((?:get|post|put|delete|patch)[A-Z]\w*)", cells[2]):
            if name in SPEC_OPERATIONS and name not in found:
                found.append(name)
    return found


def spec_interfaces(operation_id: str) -> frozenset:
    """Where the spec makes an operation available (both interfaces unless it says "only in")."""
    description = SPEC_OPERATIONS[operation_id][2]
    only = re.findall(r"available only in (Customer|Enterprise) API", description)
    return frozenset(INTERFACE_NAMES[name] for name in only) or BOTH


@dataclass(frozen=True)
class Registered:
    operation_id: str
    method: str
    path: str
    interfaces: frozenset


_registries: dict[str, list[Registered]] = {}


def registry(sb: Sandbox) -> list[Registered]:
    """The sandbox's registered operations, in registration order (read once per sandbox)."""
    if sb.url not in _registries:
        _registries[sb.url] = [
            Registered(op["operation_id"], op["method"], op["path"], frozenset(op["interfaces"]))
            for op in sb.control("GET", "operations").json()["operations"]]
    return _registries[sb.url]


def registered(sb: Sandbox) -> dict[str, Registered]:
    return {op.operation_id: op for op in registry(sb)}


# --- 1. the registry against the spec ---------------------------------------------------------------


def test_operation_ids_are_registered_once(sandbox):
    ids_in_registry = [op.operation_id for op in registry(sandbox)]
    assert len(ids_in_registry) > 50
    duplicates = sorted({name for name in ids_in_registry if ids_in_registry.count(name) > 1})
    assert not duplicates, f"registered more than once: {duplicates}"


def test_registered_operations_are_in_the_spec(sandbox):
    problems = []
    for op in registry(sandbox):
        if op.operation_id not in SPEC_OPERATIONS:
            problems.append(f"{op.operation_id} is not an operationId of the spec")
            continue
        method, path, _ = SPEC_OPERATIONS[op.operation_id]
        if (op.method, op.path) != (method, path):
            problems.append(f"{op.operation_id} is registered as {op.method} {op.path}; the spec has {method} {path}")
    assert not problems, "\n".join(problems)


# --- 2. interfaces ----------------------------------------------------------------------------------------


def test_registered_interfaces_match_the_spec(sandbox):
    problems = []
    for op in registry(sandbox):
        if op.operation_id not in SPEC_OPERATIONS:
            continue  # the test above fails
        expected = INTERFACE_DEVIATIONS.get(op.operation_id, spec_interfaces(op.operation_id))
        if op.interfaces != expected:
            problems.append(f"{op.operation_id} is registered for {sorted(op.interfaces)}; "
                            f"the spec makes it available in {sorted(expected)}")
    assert not problems, "\n".join(problems)


def _placeholder_path(path: str) -> str:
    return re.sub(r"\{\w+\}", "0000000000000000000000000a", path)


def test_the_other_interface_refuses_a_restricted_operation(sandbox):
    restricted = [op for op in registry(sandbox)
                  if op.operation_id in SPEC_OPERATIONS and spec_interfaces(op.operation_id) != BOTH]
    assert restricted, "the sandbox emulates operations the spec restricts to one interface"
    tokens = {ENTERPRISE: sandbox.enterprise_token(), CUSTOMER: sandbox.customer_token()}
    problems = []
    for op in restricted:
        (allowed,) = spec_interfaces(op.operation_id)
        other = ENTERPRISE if allowed == CUSTOMER else CUSTOMER
        kwargs = {"json": {}} if op.method in ("POST", "PUT", "PATCH") else {}
        response = sandbox.api(other).request(op.method, _placeholder_path(op.path), token=tokens[other], **kwargs)
        refused = response.status_code == HTTPStatus.FORBIDDEN and (
            response.json()["error"]["type"] == "interface_not_allowed_exception")
        if not refused:
            problems.append(f"{op.operation_id} on the {other} interface: {response.status_code} {response.text[:300]}")
    assert not problems, "\n".join(problems)


# --- 3. the project's operations are all there ------------------------------------------------------------


def test_every_operation_the_portal_needs_is_registered(sandbox):
    wanted = readme_operations()
    assert wanted, f"no operations table in {README_PATH}"
    missing = [name for name in wanted if name not in registered(sandbox)]
    assert not missing, (
        f"{len(missing)} of the {len(wanted)} operations of the README are not implemented yet: "
        + ", ".join(missing))


# --- 4. one happy-path exchange per operation ------------------------------------------------------------
#
# HAPPY maps an operationId to the exchange that exercises it: a function(sandbox) returning the
# response of the operation (its last request). To add an operation, write a function with
# @happy("operationId"); mark it fresh=True when it changes seeded data (it then runs on a
# re-seeded sandbox). Setup calls go through the same validating clients.


@dataclass(frozen=True)
class Exchange:
    run: Callable[[Sandbox], requests.Response]
    fresh: bool = False


HAPPY: dict[str, Exchange] = {}


def happy(operation_id: str, *, fresh: bool = False):
    def register(function):
        HAPPY[operation_id] = Exchange(function, fresh)
        return function
    return register


def needs(sb: Sandbox, *operation_ids: str) -> None:
    """An exchange's setup relies on these operations: all are registered (a missing one fails)."""
    missing = [name for name in operation_ids if name not in registered(sb)]
    assert not missing, f"not registered: {', '.join(missing)} (needed to set this exchange up)"


def customer(sb: Sandbox):
    return sb.api("customer")


def enterprise(sb: Sandbox):
    return sb.api("enterprise")


def ok_data(response: requests.Response) -> dict:
    assert 200 <= response.status_code < 300, f"setup call failed: {response.status_code} {response.text[:500]}"
    return response.json().get("data")


def demo_get(sb: Sandbox, path: str, **params) -> dict:
    return ok_data(customer(sb).get(path, token=sb.customer_token(), params=params))


def first_id(records: list[dict], key: str, what: str) -> str:
    assert records, f"the seed has no {what} to exercise the operation with"
    return records[0][key]


def resolve(schema: dict) -> dict:
    """A spec schema with its $ref (and allOf) resolved, one level."""
    spec = openapi.spec_dict()
    while "$ref" in schema:
        target = spec
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        schema = target
    if "allOf" in schema:
        merged = {"type": "object", "properties": {}}
        for part in schema["allOf"]:
            merged["properties"].update(resolve(part).get("properties", {}))
        schema = merged
    return schema


def writable(schema: dict, value):
    """``value`` (as read from the API) without the fields the schema marks readOnly."""
    schema = resolve(schema)
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        return {key: writable(properties[key], item) if key in properties else item
                for key, item in value.items()
                if not resolve(properties.get(key, {})).get("readOnly")}
    if isinstance(value, list) and "items" in schema:
        return [writable(schema["items"], item) for item in value]
    return value


def request_schema(operation_id: str) -> dict:
    method, path, _ = SPEC_OPERATIONS[operation_id]
    body = resolve(openapi.spec_dict()["paths"][path][method.lower()]["requestBody"])
    return body["content"]["application/json"]["schema"]


# Property data types whose values the spec's property_value (oneOf string/number/integer/...) can
# carry in a valid request, best first. A whole number matches both "number" and "integer", so an
# integer property cannot be written in a spec-valid request at all.
WRITABLE_TYPES = ("string", "date", "boolean", "enum", "multiselect", "float")


def property_value(definition: dict, variant: int = 0):
    data_type = definition["data_type"]
    items = [item for item in definition.get("items") or [] if item.get("state", 1) == 1]
    if data_type == "string":
        return f"Konformní hodnota {variant + 1}"
    if data_type == "date":
        return (date(1990, 5, 17) + timedelta(days=variant)).isoformat()
    if data_type == "boolean":
        return variant % 2 == 0
    if data_type == "float":
        return 12.5 + variant
    if data_type in ("enum", "multiselect"):
        assert items, f"property {definition['property_id']} has no items"
        return [items[variant % len(items)]]
    raise AssertionError(f"no spec-valid value for data type {data_type}")


def property_definitions(sb: Sandbox) -> dict[str, dict]:
    records = demo_get(sb, "/customer-properties")["customer_properties"]
    return {p["property_id"]: p for p in records}


# session


@happy("postToken")
def _(sb):
    return customer(sb).post("/tokens", json=token_body("cs"))


@happy("putToken")
def _(sb):
    token = sb.new_token("cs")
    setup = {"language_id": "en", "allowed_gps": False, "allowed_notifications": True}
    return customer(sb).put(f"/tokens/{token}", token=token, json={"setup": setup})


@happy("postTokenLogin")
def _(sb):
    token = sb.new_token()
    return customer(sb).post(f"/tokens/{token}/actions/login", token=token, json={
        "login_type": "email", "login_value": ids.DEMO_EMAIL, "password": ids.DEMO_PASSWORD})


@happy("postTokenLogout")
def _(sb):
    token = sb.customer_token()
    return customer(sb).post(f"/tokens/{token}/actions/logout", token=token)


# profile


@happy("getCustomer")
def _(sb):
    return customer(sb).get(f"/customers/{ids.DEMO_CUSTOMER}", token=sb.customer_token(), language="cs")


@happy("putCustomer", fresh=True)
def _(sb):
    needs(sb, "getCustomer")
    token = sb.customer_token()
    record = ok_data(customer(sb).get(f"/customers/{ids.DEMO_CUSTOMER}", token=token))
    record["personal_information"]["post_nominals"] = "Ph.D."
    body = writable(request_schema("putCustomer"), {"customer": record})
    return customer(sb).put(f"/customers/{ids.DEMO_CUSTOMER}", token=token, json=body)


@happy("getSubCustomerAddresses")
def _(sb):
    return customer(sb).get(f"/customers/{ids.DEMO_CUSTOMER}/addresses", token=sb.customer_token())


@happy("getCustomerAddressTypes")
def _(sb):
    return customer(sb).get("/customer-address-types", token=sb.customer_token(), language="cs")


# cards


@happy("getSubCustomerCards")
def _(sb):
    return customer(sb).get(f"/customers/{ids.DEMO_CUSTOMER}/cards", token=sb.customer_token(),
                            params={"is_valid": "true"})


@happy("getCardTypes")
def _(sb):
    return customer(sb).get("/card-types", token=sb.customer_token(), language="cs")


@happy("postGenerateDigitalCard")
def _(sb):
    needs(sb, "getSubCustomerCards")
    cards = demo_get(sb, f"/customers/{ids.DEMO_CUSTOMER}/cards", card_number=ids.DEMO_CARD_NUMBER)["cards"]
    card_id = first_id(cards, "card_id", "card of the demo customer")
    return customer(sb).post("/cards/actions/generate-digital-card-file", token=sb.customer_token(),
                             json={"card_id": card_id, "file_type": "qr-png"})


# vouchers


@happy("getSubCustomerVouchers")
def _(sb):
    return customer(sb).get(f"/customers/{ids.DEMO_CUSTOMER}/vouchers", token=sb.customer_token(),
                            params={"is_valid": "true", "is_applied": "false"})


@happy("getVoucher")
def _(sb):
    needs(sb, "getSubCustomerVouchers")
    vouchers = demo_get(sb, f"/customers/{ids.DEMO_CUSTOMER}/vouchers")["vouchers"]
    voucher_id = first_id(vouchers, "voucher_id", "voucher of the demo customer")
    return customer(sb).get(f"/vouchers/{voucher_id}", token=sb.customer_token(), language="cs")


# points


@happy("getWalletPoints")
def _(sb):
    today = date.today()
    return customer(sb).get("/wallet/actions/points-overview", token=sb.customer_token(), params={
        "customer_id": ids.DEMO_CUSTOMER, "date_from": str(today - timedelta(days=90)), "date_to": str(today)})


@happy("getWalletPointsExpiration")
def _(sb):
    return customer(sb).get("/wallet/actions/points-expiration-overview", token=sb.customer_token(),
                            params={"customer_id": ids.DEMO_CUSTOMER})


@happy("getSubCustomerPoints")
def _(sb):
    return customer(sb).get(f"/customers/{ids.DEMO_CUSTOMER}/points", token=sb.customer_token())


@happy("getPointHistory")
def _(sb):
    return customer(sb).get("/point-history", token=sb.customer_token(), language="cs",
                            params={"customer_id": ids.DEMO_CUSTOMER, "count": 10})


@happy("getPointsTypes")
def _(sb):
    return customer(sb).get("/point-types", token=sb.customer_token(), language="cs")


# rewards


@happy("getSubCustomerRewards")
def _(sb):
    return customer(sb).get(f"/customers/{ids.DEMO_CUSTOMER}/rewards", token=sb.customer_token(),
                            language="cs", params={"is_valid": "true"})


@happy("getRewards")
def _(sb):
    return customer(sb).get("/rewards", token=sb.customer_token(), language="cs", params={"is_valid": "true"})


@happy("getReward")
def _(sb):
    needs(sb, "getRewards")
    reward_id = first_id(demo_get(sb, "/rewards")["rewards"], "reward_id", "reward")
    return customer(sb).get(f"/rewards/{reward_id}", token=sb.customer_token(), language="en")


@happy("postRewardCreateVoucher", fresh=True)
def _(sb):
    needs(sb, "getSubCustomerRewards")
    rewards = demo_get(sb, f"/customers/{ids.DEMO_CUSTOMER}/rewards", is_valid="true")["rewards"]
    priced = sorted((r for r in rewards if r.get("points_cost")), key=lambda r: r["points_cost"])
    reward_id = first_id(priced, "reward_id", "valid points reward for the demo customer")
    return customer(sb).post(f"/rewards/{reward_id}/actions/create-voucher", token=sb.customer_token(),
                             json={"customer_id": ids.DEMO_CUSTOMER, "note": "Uplatněno na portálu"})


# status / tier


@happy("getSubCustomerStatus")
def _(sb):
    return customer(sb).get(f"/customers/{ids.DEMO_CUSTOMER}/status-records", token=sb.customer_token(),
                            params={"valid_now": "true"})


@happy("getStatuses")
def _(sb):
    return customer(sb).get("/statuses", token=sb.customer_token(), language="cs")


@happy("getStatus")
def _(sb):
    return customer(sb).get(f"/statuses/{ids.STATUS_SILVER}", token=sb.customer_token(), language="en")


# purchases


@happy("getSubCustomerPurchases")
def _(sb):
    return customer(sb).get(f"/customers/{ids.DEMO_CUSTOMER}/purchases", token=sb.customer_token(),
                            params={"purchase_items_extension": "true", "count": 5})


# registration: what an anonymous visitor's token does


@happy("postCustomer")
def _(sb):
    token = sb.new_token("cs")
    unique = uuid.uuid4()
    body = {
        "customer": {"personal_information": {
            "first_name": "Karolína", "last_name": "Registrovaná", "language_id": "cs", "gender": 2,
            "birthdate": "1992-03-14", "email": f"registrace-{unique.hex[:12]}@example.com",
            "phone": f"420731{unique.int % 10**6:06d}", "store_id": ids.STORE_PRAHA,
            "address": {"address1": "Korunní", "address2": "810", "address3": "104", "zip": "10100",
                        "city": "Praha 10", "country_code": "cz"},
            "consents": [{"consent_id": ids.CONSENT_GTC, "consent_value": 1},
                         {"consent_id": ids.CONSENT_MARKETING, "consent_value": 2}],
        }},
        "customer_source": {"customer_source_id": ids.SOURCE_PORTAL},
        "password": "Registrace-2026",
        "autologin": True,
    }
    needs(sb, "getCustomerProperties")
    required = [p for p in property_definitions(sb).values() if p["is_required"]]
    assert required, "the seed has required properties: registration must send them"
    body["property_records"] = [{"property_id": p["property_id"], "property_value": property_value(p)}
                                for p in required]
    return customer(sb).post("/customers", token=token, json=body)


@happy("postCustomersCheckRegistrationAbility")
def _(sb):
    return customer(sb).post("/customers/actions/check-registration-ability", token=sb.new_token(),
                             json={"type": "email", "value": f"novy-{uuid.uuid4().hex[:8]}@example.com"})


@happy("postCustomersValidateCustomerData")
def _(sb):
    return customer(sb).post("/customers/actions/validate-customer-data",
                             json={"type": "password", "value": "Registrace-2026"})


@happy("getConsents")
def _(sb):
    return customer(sb).get("/agreements", token=sb.new_token(), language="cs")


@happy("getCustomerSources")
def _(sb):
    return customer(sb).get("/customer-sources", token=sb.new_token())


@happy("getStores")
def _(sb):
    return customer(sb).get("/stores", token=sb.new_token(), language="cs", params={"visible_for_customer": 1})


@happy("getCountries")
def _(sb):
    return customer(sb).get("/countries", token=sb.new_token(), language="cs")


@happy("getLanguages")
def _(sb):
    return customer(sb).get("/languages", token=sb.new_token(), language="en")


# forgotten password


@happy("postTokenSendPasswordSetup", fresh=True)
def _(sb):
    token = sb.new_token("cs")
    return customer(sb).post(f"/tokens/{token}/actions/send-password-setup-email", token=token, json={
        "communication_channel_id": ids.CHANNEL_EMAIL, "recipient": ids.DEMO_EMAIL})


@happy("getCommunicationChannels")
def _(sb):
    return customer(sb).get("/communication-channels", token=sb.new_token(), language="cs")


# interests


@happy("getInterests")
def _(sb):
    return customer(sb).get("/interests", token=sb.customer_token(), language="cs")


@happy("getSubCustomerInterests")
def _(sb):
    return customer(sb).get(f"/customers/{ids.DEMO_CUSTOMER}/interest-records", token=sb.customer_token())


@happy("postSubCustomerInterest", fresh=True)
def _(sb):
    needs(sb, "getInterests", "getSubCustomerInterests")
    mine = {r["interest_id"] for r in
            demo_get(sb, f"/customers/{ids.DEMO_CUSTOMER}/interest-records")["interest_records"]}
    others = [i for i in demo_get(sb, "/interests")["interests"] if i["interest_id"] not in mine]
    interest_id = first_id(others, "interest_id", "interest the demo customer does not have yet")
    return customer(sb).post(f"/customers/{ids.DEMO_CUSTOMER}/interest-records", token=sb.customer_token(),
                             json={"interest_record": {"interest_id": interest_id, "customer_id": ids.DEMO_CUSTOMER}})


@happy("deleteSubCustomerInterest", fresh=True)
def _(sb):
    needs(sb, "getSubCustomerInterests")
    records = demo_get(sb, f"/customers/{ids.DEMO_CUSTOMER}/interest-records")["interest_records"]
    record_id = first_id(records, "interest_record_id", "interest record of the demo customer")
    return customer(sb).delete(f"/customers/{ids.DEMO_CUSTOMER}/interest-records/{record_id}",
                               token=sb.customer_token())


# properties


def demo_property_records(sb: Sandbox) -> dict[str, dict]:
    records = demo_get(sb, f"/customers/{ids.DEMO_CUSTOMER}/property-records")["property_records"]
    return {r["property_id"]: r for r in records}


def pick_property(definitions: dict[str, dict], candidates, **wanted) -> dict:
    """The first writable-type property among ``candidates`` with the wanted settings."""
    usable = [definitions[pid] for pid in candidates if pid in definitions
              and definitions[pid]["data_type"] in WRITABLE_TYPES
              and all(definitions[pid][key] == value for key, value in wanted.items())]
    usable.sort(key=lambda p: WRITABLE_TYPES.index(p["data_type"]))
    assert usable, f"the seed has no property of a spec-writable type ({', '.join(WRITABLE_TYPES)}) for this"
    return usable[0]


def add_property_record(sb: Sandbox, **wanted) -> requests.Response:
    definitions = property_definitions(sb)
    free = [pid for pid in definitions if pid not in demo_property_records(sb)]
    definition = pick_property(definitions, free, is_unique=False, **wanted)
    record = {"property_id": definition["property_id"], "property_value": property_value(definition)}
    return customer(sb).post(f"/customers/{ids.DEMO_CUSTOMER}/property-records", token=sb.customer_token(),
                             json={"property_record": record})


@happy("getCustomerProperties")
def _(sb):
    return customer(sb).get("/customer-properties", token=sb.customer_token(), language="cs")


@happy("getSubCustomerProperties")
def _(sb):
    return customer(sb).get(f"/customers/{ids.DEMO_CUSTOMER}/property-records", token=sb.customer_token(),
                            language="cs")


@happy("postSubCustomerProperties", fresh=True)
def _(sb):
    needs(sb, "getCustomerProperties", "getSubCustomerProperties")
    return add_property_record(sb)


@happy("putSubCustomerProperty", fresh=True)
def _(sb):
    needs(sb, "getCustomerProperties", "getSubCustomerProperties")
    definitions = property_definitions(sb)
    records = demo_property_records(sb)
    definition = pick_property(definitions, records, is_unique=False)
    record_id = records[definition["property_id"]]["property_record_id"]
    body = {"property_record": {"property_id": definition["property_id"],
                                "property_value": property_value(definition, variant=1)}}
    return customer(sb).put(f"/customers/{ids.DEMO_CUSTOMER}/property-records/{record_id}",
                            token=sb.customer_token(), json=body)


@happy("deleteSubCustomerProperty", fresh=True)
def _(sb):
    needs(sb, "getCustomerProperties", "getSubCustomerProperties", "postSubCustomerProperties")
    record_id = ok_data(add_property_record(sb, is_required=False))["property_record_id"]
    return customer(sb).delete(f"/customers/{ids.DEMO_CUSTOMER}/property-records/{record_id}",
                               token=sb.customer_token())


# campaign pages: public pages, an anonymous visitor's token


@happy("getCampaigns")
def _(sb):
    return customer(sb).get("/campaigns", token=sb.new_token(), language="cs")


@happy("getCampaign")
def _(sb):
    return customer(sb).get(f"/campaigns/{campaign_seed.CAMPAIGN_AUTUMN_COFFEE}", token=sb.new_token(),
                            language="cs")


@happy("getCampaignProducts")
def _(sb):
    return customer(sb).get("/campaign-products", token=sb.new_token(), language="cs", params={
        "campaign_id": campaign_seed.CAMPAIGN_AUTUMN_COFFEE, "is_valid": "true", "display_in": "web",
        "include_property_records": "true"})


@happy("getProducts")
def _(sb):
    return customer(sb).get("/products", token=sb.new_token(), language="en",
                            params={"tag_ids[]": campaign_seed.TAG_COFFEE})


@happy("getProduct")
def _(sb):
    return customer(sb).get(f"/products/{campaign_seed.PRODUCT_PUMPKIN_LATTE}", token=sb.new_token(),
                            language="cs")


# staff preview


@happy("postUserLogin")
def _(sb):
    return enterprise(sb).post("/users/actions/login", json={"login": ids.STAFF_LOGIN,
                                                             "password": ids.STAFF_PASSWORD})


@happy("getCustomers")
def _(sb):
    return enterprise(sb).get("/customers", token=sb.enterprise_token(), params={"email": ids.DEMO_EMAIL})


@happy("getCards")
def _(sb):
    return enterprise(sb).get("/cards", token=sb.enterprise_token(), params={"card_number": ids.DEMO_CARD_NUMBER})


def auth_token_for_demo(sb: Sandbox) -> requests.Response:
    return enterprise(sb).post("/customers/actions/auth-token", token=sb.enterprise_token(), json={
        "customer_id": ids.DEMO_CUSTOMER, "external_application_id": ids.PORTAL_APPLICATION, "token_type": 1})


@happy("postCustomersAuthToken")
def _(sb):
    return auth_token_for_demo(sb)


@happy("postTokenAuthTokenLogin")
def _(sb):
    needs(sb, "postCustomersAuthToken")
    grant = ok_data(auth_token_for_demo(sb))
    token = sb.new_token()
    return customer(sb).post(f"/tokens/{token}/actions/authentication-token-login", token=token, json={
        "application_id": ids.PORTAL_APPLICATION, "token": grant["authentication_token"],
        "token_request_id": grant["token_request_id"]})



# stamp cards (issue 19)


@happy("getStamperCampaigns")
def _(sb):
    return customer(sb).get("/stamper-campaigns", token=sb.customer_token(), language="cs",
                            params={"is_valid": "true"})


@happy("getStamperCampaign")
def _(sb):
    return customer(sb).get(f"/stamper-campaigns/{stamper_seed.CAMPAIGN_COFFEE}", token=sb.customer_token())


@happy("getStamperCards")
def _(sb):
    return customer(sb).get("/stamper-cards", token=sb.customer_token(), params={"customer_id": ids.DEMO_CUSTOMER})


@happy("getStamperCard")
def _(sb):
    return customer(sb).get(f"/stamper-cards/{stamper_seed.CARD_DEMO_COFFEE}", token=sb.customer_token())


@happy("getStamperStamps")
def _(sb):
    return customer(sb).get("/stamps", token=sb.customer_token(),
                            params={"stamper_card_id": stamper_seed.CARD_DEMO_COFFEE})


@happy("getStamperStamp")
def _(sb):
    needs(sb, "getStamperStamps")
    stamps = demo_get(sb, "/stamps", stamper_card_id=stamper_seed.CARD_DEMO_COFFEE)["stamper_stamps"]
    return customer(sb).get(f"/stamps/{first_id(stamps, 'stamp_id', 'stamp')}", token=sb.customer_token())


# messages (issue 19)


@happy("getMessages")
def _(sb):
    return customer(sb).get("/messages", token=sb.customer_token(), params={
        "customer_id": ids.DEMO_CUSTOMER, "sort_field": "send_time", "sort_direction": "DESC", "count": 10})


@happy("getMessage")
def _(sb):
    return customer(sb).get(f"/messages/{messages_seed.MESSAGE_NEWEST}", token=sb.customer_token())


@happy("getSubMessageDetail")
def _(sb):
    return customer(sb).get(f"/messages/{messages_seed.MESSAGE_HTML_ONLY}/detail", token=sb.customer_token())


# recommendations: picks for you (issue 19)


@happy("getSubCustomerHintRecords")
def _(sb):
    return customer(sb).get(f"/customers/{ids.DEMO_CUSTOMER}/recommendation-records", token=sb.customer_token(),
                            language="cs", params={"count": 6, "offset": 0})


# one-time passwords (issue 17)


def send_otp_to_demo(sb: Sandbox) -> requests.Response:
    return enterprise(sb).post("/one-time-password/actions/send", token=sb.enterprise_token(), json={
        "external_application_id": ids.PORTAL_APPLICATION, "communication_channel_id": 1,
        "recipient": ids.DEMO_EMAIL, "otp_type": 2})


@happy("postSendOtp")
def _(sb):
    return send_otp_to_demo(sb)


@happy("postVerifyOtp")
def _(sb):
    needs(sb, "postSendOtp")
    request_id = ok_data(send_otp_to_demo(sb))["request_id"]
    return customer(sb).post("/one-time-password/actions/verify", token=sb.new_token(), json={
        "verification_code": "000000", "request_id": request_id, "external_application_id": ids.PORTAL_APPLICATION})


# hand-over and free cards (issue 17)


@happy("getTokenAuthentication")
def _(sb):
    token = sb.customer_token()
    return customer(sb).get(f"/tokens/{token}/actions/auth-token", token=token,
                            params={"external_application_id": ids.MOBILE_APPLICATION, "token_type": 2})


@happy("postAssignCard")
def _(sb):
    token = sb.new_token()
    created = customer(sb).post("/customers", token=token, json={
        "customer": {"personal_information": {"first_name": "Nova", "language_id": "en",
                                              "email": f"pool-{uuid.uuid4().hex[:12]}@example.com"}},
        "customer_source": {"customer_source_id": ids.SOURCE_PORTAL}, "password": "New-Customer-3", "autologin": True})
    return customer(sb).post("/cards/actions/assign-free-card", token=token, json={
        "card_type_id": ids.CARD_TYPE_DIGITAL, "customer_id": ok_data(created)["customer_id"]})


def test_the_happy_path_table_covers_the_readme():
    wanted = readme_operations()
    assert wanted, f"no operations table in {README_PATH}"
    assert not [name for name in wanted if name not in HAPPY], "add them to HAPPY"
    assert not [name for name in HAPPY if name not in SPEC_OPERATIONS], "HAPPY names operations the spec lacks"


@pytest.mark.parametrize("operation_id", list(HAPPY))
def test_happy_path(request, sandbox, operation_id):
    assert operation_id in registered(sandbox), f"{operation_id} is not registered"
    exchange = HAPPY[operation_id]
    live = request.getfixturevalue("fresh_sandbox") if exchange.fresh else sandbox
    since = live.last_seq()
    response = exchange.run(live)
    assert 200 <= response.status_code < 300, (
        f"{operation_id}: {response.status_code} {response.request.method} {response.request.url}\n"
        f"{response.text[:2000]}")
    calls = live.requests_log(since)
    assert calls and calls[-1]["operation_id"] == operation_id, (
        f"the exchange's last call was {calls[-1]['operation_id'] if calls else None}, not {operation_id}")
