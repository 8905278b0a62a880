"""Thin typed wrappers of the CareCloud operations the portal uses, one function each.

They know paths, bodies and response shapes; they hold no state and make no decisions (services
and selectors do). Every one goes through the client's single request method.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from .client import Page, get_client


def _language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


# --- tokens (session) -------------------------------------------------------------------------------


def token_create(*, device_id: str, language: str | None = None) -> str:
    """postToken: a new customer-interface token for this browser session's device id."""
    data = get_client().post("/tokens", json={
        "device": {
            "device_id": device_id,
            "device_system": "web",
            "device_name": "Customer portal",
            "device_type": "browser",
        },
        "setup": {"language_id": language or _language(), "allowed_gps": False, "allowed_notifications": False},
        "external_application_id": settings.CARECLOUD_EXTERNAL_APP_ID,
    })
    return data["token_id"]


def token_login(*, token: str, login_type: str, login_value: str, password: str) -> str:
    """postTokenLogin: binds the token to the customer; returns the customer id."""
    data = get_client().post(f"/tokens/{token}/actions/login", token=token, json={
        "login_type": login_type, "login_value": login_value, "password": password,
    })
    return data["customer_id"]


def token_logout(*, token: str) -> None:
    get_client().post(f"/tokens/{token}/actions/logout", token=token)


def token_set_language(*, token: str, language: str) -> None:
    """putToken: the token's setup follows the language the customer chose."""
    get_client().put(f"/tokens/{token}", token=token, json={
        "setup": {"language_id": language, "allowed_gps": False, "allowed_notifications": False},
    })


# --- customer -----------------------------------------------------------------------------------


def customer_get(*, token: str, customer_id: str) -> dict:
    return get_client().get(f"/customers/{customer_id}", token=token)


def collection(path: str, plural: str, *, token: str, count: int = 20, offset: int = 0,
               params: dict | None = None) -> Page:
    """One page of any collection (``GET path`` answering ``{plural: [...], total_items}``)."""
    return get_client().page(path, plural, token=token, count=count, offset=offset, params=params)
