"""The customer's CareCloud session, kept server-side in the Django session.

The token is a credential: it lives only in the session store (never in a cookie value, a URL, a
template or a log), and the customer id always comes from here — never from a URL or a form.
There is no Django user per customer: CareCloud is the customer's identity provider, and the
portal's own database keeps nothing about customers (staff get Django users; see README).
"""

from __future__ import annotations

import secrets

from django.http import HttpRequest

SESSION_KEY = "carecloud"
DEVICE_KEY = "carecloud_device_id"


class CustomerSession:
    def __init__(self, request: HttpRequest):
        self._session = request.session

    @property
    def _data(self) -> dict:
        return self._session.get(SESSION_KEY) or {}

    @property
    def is_authenticated(self) -> bool:
        return bool(self._data.get("token") and self._data.get("customer_id"))

    @property
    def token(self) -> str | None:
        return self._data.get("token")

    @property
    def customer_id(self) -> str | None:
        return self._data.get("customer_id")

    @property
    def device_id(self) -> str:
        """This browser session's own device id: a new CareCloud token for the same device
        replaces the old one, so no two sessions may share it."""
        device_id = self._session.get(DEVICE_KEY)
        if not device_id:
            device_id = f"portal-{secrets.token_hex(16)}"
            self._session[DEVICE_KEY] = device_id
        return device_id

    def start(self, *, token: str, customer_id: str) -> None:
        """Remember a logged-in token; a new session key stops session fixation."""
        device_id = self.device_id
        self._session.cycle_key()
        self._session[DEVICE_KEY] = device_id
        self._session[SESSION_KEY] = {"token": token, "customer_id": customer_id}

    def end(self) -> None:
        self._session.flush()
