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


def token_logout(*, token: str) -> None:
    """postTokenLogout: the token is dead upstream afterwards."""
    get_client().post(f"/tokens/{_segment(token)}/actions/logout", token=token)


def token_set_language(*, token: str, language: str) -> None:
    """putToken: the token's setup follows the language the customer chose (PUT replaces the
    whole setup, so it is sent complete, as token_create made it)."""
    get_client().put(f"/tokens/{_segment(token)}", token=token, json={
        "setup": {"language_id": _language(language), "allowed_gps": False, "allowed_notifications": False},
    })


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


def every(path: str, plural: str, *, token: str, params: dict | None = None) -> list[dict]:
    """Every item of a collection, fetched page by page (never silently cut off at one page)."""
    return list(get_client().iterate(path, plural, token=token, params=params, page_size=EVERY_PAGE_SIZE))


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


def customer_cards_every(*, token: str, customer_id: str, is_valid: bool | None = None) -> list[dict]:
    """getSubCustomerCards: every card of the customer (all pages)."""
    return every(f"/customers/{_segment(customer_id)}/cards", "cards", token=token,
                 params=_params(is_valid=_flag(is_valid)))


def card_types(*, token: str) -> list[dict]:
    """getCardTypes (names of the card types), all pages within the client's ceilings."""
    return every("/card-types", "card_types", token=token)


def customer_vouchers(*, token: str, customer_id: str, is_valid: bool | None = None,
                      is_applied: bool | None = None, count: int = 20, offset: int = 0) -> Page:
    """getSubCustomerVouchers (each voucher carries the reward it comes from)."""
    return collection(f"/customers/{_segment(customer_id)}/vouchers", "vouchers", token=token, count=count,
                      offset=offset, params=_params(is_valid=_flag(is_valid), is_applied=_flag(is_applied)))


def customer_vouchers_every(*, token: str, customer_id: str, is_valid: bool | None = None,
                            is_applied: bool | None = None) -> list[dict]:
    """getSubCustomerVouchers: every matching voucher (all pages)."""
    return every(f"/customers/{_segment(customer_id)}/vouchers", "vouchers", token=token,
                 params=_params(is_valid=_flag(is_valid), is_applied=_flag(is_applied)))


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


def customer_rewards_every(*, token: str, customer_id: str, is_valid: bool | None = None) -> list[dict]:
    """getSubCustomerRewards: every reward offered to the customer (all pages)."""
    return every(f"/customers/{_segment(customer_id)}/rewards", "rewards", token=token,
                 params=_params(is_valid=_flag(is_valid)))


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
