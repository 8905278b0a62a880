"""Thin typed wrappers of the CareCloud operations the portal uses, one function each.

They know paths, bodies and response shapes; they hold no state and make no decisions (services
and selectors do). Every one goes through the client's single request method.
"""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.utils import translation

from .client import Page, get_client
from .exceptions import ServerError


def _language(language: str | None = None) -> str:
    """CareCloud's language_id (ISO 639-1) for a Django language code ("en", "en-us" → "en")."""
    return (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()


def _required(data, name: str) -> str:
    value = data.get(name) if isinstance(data, dict) else None
    if not value:
        raise ServerError(200, title="Malformed response", detail=f"{name} is missing")
    return str(value)


# --- tokens (session) -------------------------------------------------------------------------------


def token_create(*, device_id: str, language: str | None = None, device_name: str = "Customer portal") -> str:
    """postToken: a new customer-interface token for this browser session's device id."""
    data = get_client().post("/tokens", json={
        "device": {
            "device_id": device_id,
            "device_system": "web",
            "device_name": device_name,
            "device_type": "browser",
        },
        "setup": {"language_id": _language(language), "allowed_gps": False, "allowed_notifications": False},
        "external_application_id": settings.CARECLOUD_EXTERNAL_APP_ID,
    })
    return _required(data, "token_id")


def token_login(*, token: str, login_type: str, login_value: str, password: str) -> str:
    """postTokenLogin: binds the token to the customer; returns the customer id."""
    data = get_client().post(f"/tokens/{_segment(token)}/actions/login", token=token, json={
        "login_type": login_type, "login_value": login_value, "password": password,
    })
    return _required(data, "customer_id")


def token_auth_token_login(*, token: str, authentication_token: str, token_request_id: str) -> str:
    """postTokenAuthTokenLogin: binds the token to the customer an authentication token (from the
    enterprise interface's postCustomersAuthToken) was issued for; returns the customer id."""
    data = get_client().post(f"/tokens/{_segment(token)}/actions/authentication-token-login", token=token, json={
        "application_id": settings.CARECLOUD_EXTERNAL_APP_ID,
        "token": authentication_token,
        "token_request_id": token_request_id,
    })
    return _required(data, "customer_id")


def token_social_login(*, token: str, social_network_id: str, social_network_token: str) -> str:
    """postTokenSocialLogin: binds the token to the customer CareCloud has linked to this social
    network account (the network's id and the token it gave the portal); returns the customer id."""
    data = get_client().post(f"/tokens/{_segment(token)}/actions/social-network-login", token=token, json={
        "social_network_credentials": {"social_network_id": social_network_id,
                                       "social_network_token": social_network_token},
    })
    return _required(data, "customer_id")


def token_auth_token_for(*, token: str, external_application_id: str) -> dict:
    """getTokenAuthentication: an authentication token of the customer logged in with ``token``,
    for another of the retailer's applications (the destination's external application id) to log
    in with once: ``{"authentication_token", "token_request_id", "valid_to"}`` (alphanumeric)."""
    data = get_client().get(f"/tokens/{_segment(token)}/actions/auth-token", token=token, params={
        "external_application_id": external_application_id, "token_type": 1,
    })
    return {"authentication_token": _required(data, "authentication_token"),
            "token_request_id": _required(data, "token_request_id"), "valid_to": (data or {}).get("valid_to")}


def token_logout(*, token: str) -> None:
    """postTokenLogout: the token is dead upstream afterwards."""
    get_client().post(f"/tokens/{_segment(token)}/actions/logout", token=token)


def token_set_language(*, token: str, language: str) -> None:
    """putToken: the token's setup follows the language the customer chose (PUT replaces the
    whole setup, so it is sent complete, as token_create made it)."""
    get_client().put(f"/tokens/{_segment(token)}", token=token, json={
        "setup": {"language_id": _language(language), "allowed_gps": False, "allowed_notifications": False},
    })


def ping() -> None:
    """getLanguages for one record, without a token (the spec's security is empty) and without
    retries: the cheapest read that proves CareCloud answers, for the readiness probe."""
    get_client().get("/languages", params={"count": 1}, retries=0)


# --- customer -----------------------------------------------------------------------------------


def customer_get(*, token: str, customer_id: str) -> dict:
    return get_client().get(f"/customers/{_segment(customer_id)}", token=token)


def customer_update(*, token: str, customer_id: str, customer: dict, password: str | None = None) -> None:
    """putCustomer: PUT replaces the whole record, so ``customer`` must be the record as
    customer_get returned it with only the intended changes; ``password`` changes the password
    (left out, it stays)."""
    body: dict = {"customer": customer}
    if password is not None:
        body["password"] = password
    get_client().put(f"/customers/{_segment(customer_id)}", token=token, json=body)


def collection(path: str, plural: str, *, token: str, count: int = 20, offset: int = 0,
               params: dict | None = None) -> Page:
    """One page of any collection (``GET path`` answering ``{plural: [...], total_items}``)."""
    return get_client().page(path, plural, token=token, count=count, offset=offset, params=params)


EVERY_PAGE_SIZE = 100  # items per request when a whole collection is read


def every(path: str, plural: str, *, token: str, params: dict | None = None, **bounds) -> list[dict]:
    """Every item of a collection, fetched page by page (never silently cut off at one page).
    ``bounds``: the client's ``max_pages``, ``max_items`` and ``on_cut`` for a read that needs
    other ceilings than a page's (the data export)."""
    return list(get_client().iterate(path, plural, token=token, params=params, page_size=EVERY_PAGE_SIZE,
                                     **bounds))


# --- loyalty pages (reads) ------------------------------------------------------------------------
# Each function is one CareCloud operation of the customer interface; ``customer_id`` always comes
# from the customer's session (the caller passes it), never from a URL.


def _flag(value: bool | None) -> str | None:
    """A boolean query parameter as CareCloud spells it (``true``/``false``); None leaves it out."""
    return None if value is None else ("true" if value else "false")


def _params(**params) -> dict:
    return {name: value for name, value in params.items() if value is not None}


def _segment(value: str) -> str:
    """An id as one path segment (an id can never walk to another path)."""
    return quote(str(value), safe="")


def customer_cards(*, token: str, customer_id: str, is_valid: bool | None = None, count: int = 100,
                   offset: int = 0) -> Page:
    """getSubCustomerCards: one page."""
    return collection(f"/customers/{_segment(customer_id)}/cards", "cards", token=token, count=count,
                      offset=offset, params=_params(is_valid=_flag(is_valid)))


def customer_cards_every(*, token: str, customer_id: str, is_valid: bool | None = None, **bounds) -> list[dict]:
    """getSubCustomerCards: every card of the customer (all pages)."""
    return every(f"/customers/{_segment(customer_id)}/cards", "cards", token=token,
                 params=_params(is_valid=_flag(is_valid)), **bounds)


def card_types(*, token: str) -> list[dict]:
    """getCardTypes (names of the card types), all pages within the client's ceilings."""
    return every("/card-types", "card_types", token=token)


def customer_vouchers(*, token: str, customer_id: str, is_valid: bool | None = None,
                      is_applied: bool | None = None, count: int = 20, offset: int = 0) -> Page:
    """getSubCustomerVouchers (each voucher carries the reward it comes from)."""
    return collection(f"/customers/{_segment(customer_id)}/vouchers", "vouchers", token=token, count=count,
                      offset=offset, params=_params(is_valid=_flag(is_valid), is_applied=_flag(is_applied)))


def customer_vouchers_every(*, token: str, customer_id: str, is_valid: bool | None = None,
                            is_applied: bool | None = None, **bounds) -> list[dict]:
    """getSubCustomerVouchers: every matching voucher (all pages)."""
    return every(f"/customers/{_segment(customer_id)}/vouchers", "vouchers", token=token,
                 params=_params(is_valid=_flag(is_valid), is_applied=_flag(is_applied)), **bounds)


def wallet_points(*, token: str, customer_id: str) -> dict:
    """getWalletPoints (points-overview): earned, redeemed and available points."""
    return get_client().get("/wallet/actions/points-overview", token=token,
                            params={"customer_id": customer_id}) or {}


def wallet_points_expiration(*, token: str, customer_id: str) -> dict:
    """getWalletPointsExpiration: the next amount of points to expire and when."""
    return get_client().get("/wallet/actions/points-expiration-overview", token=token,
                            params={"customer_id": customer_id}) or {}


def point_history(*, token: str, customer_id: str, count: int = 20, offset: int = 0) -> Page:
    """getPointHistory: the customer's point transactions."""
    return collection("/point-history", "point_history", token=token, count=count, offset=offset,
                      params={"customer_id": customer_id})


def customer_rewards(*, token: str, customer_id: str, is_valid: bool | None = None, count: int = 20,
                     offset: int = 0) -> Page:
    """getSubCustomerRewards: rewards offered to the customer."""
    return collection(f"/customers/{_segment(customer_id)}/rewards", "rewards", token=token, count=count,
                      offset=offset, params=_params(is_valid=_flag(is_valid)))


def customer_rewards_every(*, token: str, customer_id: str, is_valid: bool | None = None, **bounds) -> list[dict]:
    """getSubCustomerRewards: every reward offered to the customer (all pages)."""
    return every(f"/customers/{_segment(customer_id)}/rewards", "rewards", token=token,
                 params=_params(is_valid=_flag(is_valid)), **bounds)


def reward_get(*, token: str, reward_id: str) -> dict:
    """getReward: any reward of the project (the spec does not limit it to the customer's own, so
    callers check that first)."""
    return get_client().get(f"/rewards/{_segment(reward_id)}", token=token) or {}


def customer_status_records(*, token: str, customer_id: str, valid_now: bool | None = None,
                            count: int = 20) -> Page:
    """getSubCustomerStatus: the customer's status (tier) records."""
    return collection(f"/customers/{_segment(customer_id)}/status-records", "status_records", token=token,
                      count=count, params=_params(valid_now=_flag(valid_now)))


def statuses(*, token: str) -> list[dict]:
    """getStatuses: the tiers with names and qualification points (all pages)."""
    return every("/statuses", "statuses", token=token)


def consents(*, token: str) -> list[dict]:
    """getConsents (``/agreements``): names of the consents (all pages)."""
    return every("/agreements", "agreements", token=token)


def countries(*, token: str, country_id: str | None = None) -> list[dict]:
    """getCountries (all pages), optionally just one by its ISO code."""
    return every("/countries", "countries", token=token, params=_params(country_id=country_id))


def stores(*, token: str) -> list[dict]:
    """getStores (all pages)."""
    return every("/stores", "stores", token=token)


# --- rewards for points (writes) and one voucher ---------------------------------------------------


def reward_create_voucher(*, token: str, reward_id: str, customer_id: str) -> str:
    """postRewardCreateVoucher: a voucher of the reward for the customer, paid with its points
    (CareCloud deducts ``points_cost``); returns the new voucher's id. A write: the client never
    repeats it, so a caller that gets no answer cannot know whether the voucher exists."""
    data = get_client().post(f"/rewards/{_segment(reward_id)}/actions/create-voucher", token=token,
                             json={"customer_id": customer_id})
    return _required(data, "voucher_id")


def voucher_get(*, token: str, voucher_id: str) -> dict:
    """getVoucher: one voucher with its reward (callers check that it is the customer's own)."""
    return get_client().get(f"/vouchers/{_segment(voucher_id)}", token=token) or {}


# --- registration, forgotten password (accounts) --------------------------------------------------
# The reads are project-wide reference data (reference.py caches them per language); the writes
# are called by portal/accounts/services.py only.


def languages(*, list_type: str | None = None) -> list[dict]:
    """getLanguages (public: no token). ``list_type``: ``carecloud-api`` (the default),
    ``web-portal`` or ``customer-communication`` (the languages CareCloud writes to customers in)."""
    data = get_client().get("/languages", params=_params(language_list_type=list_type)) or {}
    items = data.get("languages") if isinstance(data, dict) else None
    return [item for item in items or [] if isinstance(item, dict)]


def communication_channels() -> list[dict]:
    """getCommunicationChannels (public: no token), all pages."""
    return list(get_client().iterate("/communication-channels", "communication_channels",
                                     page_size=EVERY_PAGE_SIZE))


def customer_properties(*, token: str) -> list[dict]:
    """getCustomerProperties: the project's customer property definitions (all pages)."""
    return every("/customer-properties", "customer_properties", token=token)


def customer_create(*, token: str, customer: dict, customer_source: dict, password: str, autologin: bool = True,
                    property_records: list[dict] | None = None, referral_code: str | None = None,
                    social_network_credentials: dict | None = None) -> str:
    """postCustomer: a new customer account; with ``autologin`` the token is logged in as the new
    customer; with ``social_network_credentials`` ({social_network_id, social_network_token}) it
    signs in with that social network account from then on. Returns the new customer id."""
    body: dict = {"customer": customer, "customer_source": customer_source, "password": password,
                  "autologin": autologin}
    if property_records:
        body["property_records"] = property_records
    if referral_code:
        body["referral_code"] = referral_code
    if social_network_credentials:
        body["social_network_credentials"] = social_network_credentials
    return _required(get_client().post("/customers", token=token, json=body), "customer_id")


def customer_registration_ability(*, token: str, kind: str, value: str) -> bool:
    """postCustomersCheckRegistrationAbility: whether an e-mail or phone (``kind``) can still be
    used for a new account (False when an account has it already)."""
    data = get_client().post("/customers/actions/check-registration-ability", token=token,
                             json={"type": kind, "value": value})
    ability = data.get("registration_ability") if isinstance(data, dict) else None
    if not isinstance(ability, bool):
        raise ServerError(200, title="Malformed response", detail="registration_ability is missing")
    return ability


def token_send_password_setup(*, token: str, communication_channel_id: str, recipient: str) -> None:
    """postTokenSendPasswordSetup: CareCloud sends the customer with this contact a link to set a
    new password (through the channel); an unknown contact gets the same answer."""
    get_client().post(f"/tokens/{_segment(token)}/actions/send-password-setup-email", token=token, json={
        "communication_channel_id": communication_channel_id, "recipient": recipient,
    })


# --- interests and customer properties ------------------------------------------------------------


def interests(*, token: str) -> list[dict]:
    """getInterests: every interest a customer can choose (all pages)."""
    return every("/interests", "interests", token=token)


def customer_interest_records(*, token: str, customer_id: str, **bounds) -> list[dict]:
    """getSubCustomerInterests: the customer's interest records (all pages)."""
    return every(f"/customers/{_segment(customer_id)}/interest-records", "interest_records", token=token, **bounds)


def interest_record_create(*, token: str, customer_id: str, interest_id: str) -> str:
    """postSubCustomerInterest; returns the new interest_record_id."""
    data = get_client().post(f"/customers/{_segment(customer_id)}/interest-records", token=token, json={
        "interest_record": {"interest_id": interest_id, "customer_id": customer_id},
    })
    return _required(data, "interest_record_id")


def interest_record_delete(*, token: str, customer_id: str, interest_record_id: str) -> None:
    """deleteSubCustomerInterest."""
    get_client().delete(f"/customers/{_segment(customer_id)}/interest-records/{_segment(interest_record_id)}",
                        token=token)


def customer_property_records(*, token: str, customer_id: str, **bounds) -> list[dict]:
    """getSubCustomerProperties: the customer's property records (all pages)."""
    return every(f"/customers/{_segment(customer_id)}/property-records", "property_records", token=token,
                 **bounds)


def property_record_create(*, token: str, customer_id: str, property_id: str, value) -> str:
    """postSubCustomerProperties; returns the new property_record_id."""
    data = get_client().post(f"/customers/{_segment(customer_id)}/property-records", token=token, json={
        "property_record": {"property_id": property_id, "property_value": value},
    })
    return _required(data, "property_record_id")


def property_record_update(*, token: str, customer_id: str, property_record_id: str, property_id: str,
                           value) -> None:
    """putSubCustomerProperty: the record's new value."""
    get_client().put(f"/customers/{_segment(customer_id)}/property-records/{_segment(property_record_id)}",
                     token=token, json={"property_record": {"property_id": property_id, "property_value": value}})


def property_record_delete(*, token: str, customer_id: str, property_record_id: str) -> None:
    """deleteSubCustomerProperty."""
    get_client().delete(f"/customers/{_segment(customer_id)}/property-records/{_segment(property_record_id)}",
                        token=token)


# --- public reads: campaigns, products, customer sources ------------------------------------------
# Project-wide data, the same for every visitor: the portal reads them with its anonymous token
# (anonymous.py), never with a customer's.


def campaign_get(*, token: str, campaign_id: str) -> dict:
    """getCampaign: one campaign (name, state, parent; CareCloud gives a campaign no dates)."""
    return get_client().get(f"/campaigns/{_segment(campaign_id)}", token=token) or {}


def campaigns_every(*, token: str) -> list[dict]:
    """getCampaigns: every campaign of the project (all pages within the client's ceilings)."""
    return every("/campaigns", "campaigns", token=token)


def campaign_products_every(*, token: str, campaign_id: str | None = None,
                            is_valid: bool | None = None) -> list[dict]:
    """getCampaignProducts: the offers of one campaign (or of all), optionally only those valid now."""
    return every("/campaign-products", "campaign_products", token=token,
                 params=_params(campaign_id=campaign_id, is_valid=_flag(is_valid)))


def product_get(*, token: str, product_id: str) -> dict:
    """getProduct: one product of the catalogue (its regular prices and pictures)."""
    return get_client().get(f"/products/{_segment(product_id)}", token=token) or {}


def customer_sources(*, token: str) -> list[dict]:
    """getCustomerSources: where customer accounts come from (all pages)."""
    return every("/customer-sources", "customer_sources", token=token)


# --- free cards -----------------------------------------------------------------------------------


def card_assign_free(*, token: str, customer_id: str, card_type_id: str, card_number: str | None = None) -> str:
    """postAssignCard: a free card of the type to the customer, the one ``card_number`` names or the
    pool's next one; returns its card id. CareCloud allows one card per card type per customer."""
    body = {"card_type_id": card_type_id, "customer_id": customer_id}
    if card_number:
        body["card_number"] = card_number
    data = get_client().post("/cards/actions/assign-free-card", token=token, json=body)
    return _required(data, "card_id")


# --- card files -----------------------------------------------------------------------------------


def card_file_generate(*, token: str, card_id: str, file_type: str) -> str:
    """postGenerateDigitalCard: CareCloud makes the file (``png`` barcode, ``qr-png``, ``wallet``
    pass) and answers the URL to fetch it from."""
    data = get_client().post("/cards/actions/generate-digital-card-file", token=token,
                             json={"card_id": card_id, "file_type": file_type})
    return _required(data, "file_url")


def card_file_download(*, url: str, max_bytes: int) -> tuple[bytes, str]:
    """The file at a ``file_url`` of card_file_generate: ``(content, content type)``."""
    return get_client().download(url, max_bytes=max_bytes)


def picture_download(*, url: str, max_bytes: int, hosts: tuple[str, ...] = ()) -> tuple[bytes, str]:
    """A picture CareCloud names (an offer's ``presentation_data.image_url``, a product's
    ``image_urls``): ``(content, content type)``, from CareCloud's hosts or ``hosts`` only."""
    return get_client().download(url, max_bytes=max_bytes, hosts=hosts)


# --- purchases ------------------------------------------------------------------------------------


def customer_purchases(*, token: str, customer_id: str, count: int = 10, offset: int = 0) -> Page:
    """getSubCustomerPurchases: one page, newest first (the spec names no default order)."""
    return collection(f"/customers/{_segment(customer_id)}/purchases", "purchases", token=token, count=count,
                      offset=offset, params={"sort_field": "payment_time", "sort_direction": "DESC"})


def customer_purchases_every(*, token: str, customer_id: str, with_items: bool = False, **bounds) -> list[dict]:
    """getSubCustomerPurchases: every purchase, newest first, with its items when asked
    (``purchase_items_extension``)."""
    return every(f"/customers/{_segment(customer_id)}/purchases", "purchases", token=token,
                 params={"sort_field": "payment_time", "sort_direction": "DESC",
                         "purchase_items_extension": _flag(with_items)}, **bounds)


def purchase_get(*, token: str, purchase_id: str) -> dict:
    """getPurchase: any purchase the token may see (callers check it is the customer's own)."""
    return get_client().get(f"/purchases/{_segment(purchase_id)}", token=token) or {}


def purchase_items_every(*, token: str, purchase_id: str) -> list[dict]:
    """getSubPurchaseItems: the purchase's items (all pages)."""
    return every(f"/purchases/{_segment(purchase_id)}/purchase-items", "purchase_items", token=token)


def purchase_points_every(*, token: str, purchase_id: str) -> list[dict]:
    """getSubPurchasePoints: the point records the purchase brought (all pages)."""
    return every(f"/purchases/{_segment(purchase_id)}/points", "points", token=token)


# --- the rest of what the customer's data export reads ----------------------------------------------


def customer_addresses_every(*, token: str, customer_id: str, **bounds) -> list[dict]:
    """getSubCustomerAddresses: the customer's additional addresses (all pages)."""
    return every(f"/customers/{_segment(customer_id)}/addresses", "addresses", token=token, **bounds)


def customer_status_records_every(*, token: str, customer_id: str, **bounds) -> list[dict]:
    """getSubCustomerStatus: every status record of the customer (all pages)."""
    return every(f"/customers/{_segment(customer_id)}/status-records", "status_records", token=token, **bounds)


def point_history_every(*, token: str, customer_id: str, **bounds) -> list[dict]:
    """getPointHistory: every point transaction of the customer (all pages)."""
    return every("/point-history", "point_history", token=token, params={"customer_id": customer_id}, **bounds)


def customer_address_types_every(*, token: str) -> list[dict]:
    """getCustomerAddressTypes: the names of the kinds of additional address (all pages)."""
    return every("/customer-address-types", "customer_address_types", token=token)


# --- stamper campaigns and cards ------------------------------------------------------------------


def stamper_campaigns_every(*, token: str, is_valid: bool | None = None, **bounds) -> list[dict]:
    """getStamperCampaigns: the project's stamper campaigns (all pages), optionally only those
    running now (``is_valid``)."""
    return every("/stamper-campaigns", "stamper_campaigns", token=token, params=_params(is_valid=_flag(is_valid)),
                 **bounds)


def stamper_cards_every(*, token: str, customer_id: str, **bounds) -> list[dict]:
    """getStamperCards: every stamper card of the customer (all pages), each with its stamps. A
    campaign where the customer has no stamp yet has no card: CareCloud creates it at the first."""
    return every("/stamper-cards", "stamper_cards", token=token, params={"customer_id": customer_id}, **bounds)


# --- messages ---------------------------------------------------------------------------------------


def messages(*, token: str, customer_id: str, count: int = 10, offset: int = 0,
             send_time_from: str | None = None) -> Page:
    """getMessages: one page of the messages CareCloud sent the customer, newest first;
    ``send_time_from`` (``YYYY-MM-DD HH:MM:SS``, local time, included) only those sent since."""
    return collection("/messages", "messages", token=token, count=count, offset=offset, params=_params(
        customer_id=customer_id, send_time_from=send_time_from, sort_field="send_time", sort_direction="DESC"))


def message_get(*, token: str, message_id: str) -> dict:
    """getMessage: one message's header (callers check that it is the customer's own)."""
    return get_client().get(f"/messages/{_segment(message_id)}", token=token) or {}


def message_detail(*, token: str, message_id: str) -> dict:
    """getSubMessageDetail: the message's bodies (plain text and HTML, as sent) and attachments."""
    return get_client().get(f"/messages/{_segment(message_id)}/detail", token=token) or {}


def messages_every(*, token: str, customer_id: str, **bounds) -> list[dict]:
    """getMessages: every message CareCloud sent the customer (their headers: no bodies), newest
    first (all pages, for the data export)."""
    return every("/messages", "messages", token=token, params={
        "customer_id": customer_id, "sort_field": "send_time", "sort_direction": "DESC"}, **bounds)


# --- stores, credits, marketing-automation events (issue 19) ----------------------------------------


def stores_visible(*, token: str) -> list[dict]:
    """getStores with ``visible_for_customer=1``: the stores shown to customers (all pages)."""
    return every("/stores", "stores", token=token, params={"visible_for_customer": 1})


def credit_types(*, token: str) -> list[dict]:
    """getCreditTypes: the project's credit programmes (none: the project has no credits)."""
    return every("/credit-types", "credit_types", token=token)


def credits_every(*, token: str, customer_id: str, **bounds) -> list[dict]:
    """getCredits: every credit record of the customer (assigned, available, type, currency, expiry)."""
    return every("/credits", "credits", token=token, params={"customer_id": customer_id}, **bounds)


def credit_history(*, token: str, customer_id: str, count: int = 20, offset: int = 0) -> Page:
    """getCreditHistory: one page of the customer's credit operations, newest first."""
    return collection("/credit-history", "credit_history", token=token, count=count, offset=offset,
                      params={"customer_id": customer_id, "sort_field": "credit_history_record_time",
                              "sort_direction": "DESC"})


def credit_history_every(*, token: str, customer_id: str, **bounds) -> list[dict]:
    """getCreditHistory: every credit operation of the customer, newest first (all pages)."""
    return every("/credit-history", "credit_history", token=token,
                 params={"customer_id": customer_id, "sort_field": "credit_history_record_time",
                         "sort_direction": "DESC"}, **bounds)


def event_create(*, token: str, customer_id: str, event_type_id: str, external_id: str, data: dict,
                 created_at: str, property_records: list[dict]) -> str:
    """postEvent: a marketing-automation event on the customer (it starts the scenario marketing
    wired to the event type); returns the event's id. A write: never repeated blindly."""
    body = {
        "event": {"event_type_id": event_type_id, "customer_id": customer_id, "external_id": external_id,
                  "data": data, "created_at": created_at},
        "property_records": property_records,
    }
    return _required(get_client().post("/events", token=token, json=body), "event_id")


def customer_recommendations(*, token: str, customer_id: str, count: int = 10, offset: int = 0) -> Page:
    """getSubCustomerHintRecords: one page of the recommendations (hint records) CareCloud keeps
    for the customer: suggested products, offers or actions."""
    return collection(f"/customers/{_segment(customer_id)}/recommendation-records", "recommendations", token=token,
                      count=count, offset=offset)
