"""The customer's CareCloud session, kept server-side in the Django session.

The token is a credential: it lives only in the session store (never in a cookie value, a URL, a
template or a log), and the customer id always comes from here — never from a URL or a form.
There is no Django user per customer: CareCloud is the customer's identity provider, and the
portal's own database keeps nothing about customers (staff get Django users; see README).
"""

from __future__ import annotations

import secrets

from django.http import HttpRequest
from django.middleware.csrf import rotate_token

SESSION_KEY = "carecloud"
DEVICE_KEY = "carecloud_device_id"
# A token of this session's device that no customer is logged in with (registration, forgotten
# password): {"token", "language"}. Logging in replaces it (same device), so start() forgets it.
GUEST_KEY = "carecloud_guest"
# A registration whose POST /customers got no clear answer (timeout, 5xx): it may have gone
# through, so the next attempt asks CareCloud first (services.customer_register).
REGISTRATION_UNCERTAIN_KEY = "carecloud_registration_uncertain"
# A sign-in with a one-time code under way (services.login_code_send): {"request_id" (None when the
# contact has no account: nothing was sent), "customer_id", "contact" (as shown), "wrong" (codes
# refused so far)}. Only here, never in a URL or a form.
LOGIN_CODE_KEY = "carecloud_login_code"


class CustomerSession:
    def __init__(self, request: HttpRequest):
        self._request = request
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
    def language(self) -> str | None:
        """The language the token's setup was last given (at postToken or putToken)."""
        return self._data.get("language")

    def remember_language(self, language: str) -> None:
        """Record that the token's setup now has ``language`` (after a successful putToken)."""
        if self.is_authenticated:
            self._session[SESSION_KEY] = {**self._data, "language": language}

    @property
    def device_id(self) -> str:
        """This browser session's own device id: a new CareCloud token for the same device
        replaces the old one, so no two sessions may share it."""
        device_id = self._session.get(DEVICE_KEY)
        if not device_id:
            device_id = f"portal-{secrets.token_hex(16)}"
            self._session[DEVICE_KEY] = device_id
        return device_id

    @property
    def verification_device_id(self) -> str:
        """The device id of a short-lived token that re-checks the customer's password (a password
        change): not :attr:`device_id`, whose new token would replace the customer's live one."""
        return f"{self.device_id}-verify"

    # --- a token before anyone logs in -----------------------------------------------------------

    @property
    def guest_token(self) -> str | None:
        return (self._session.get(GUEST_KEY) or {}).get("token")

    @property
    def guest_language(self) -> str | None:
        return (self._session.get(GUEST_KEY) or {}).get("language")

    def remember_guest(self, *, token: str, language: str) -> None:
        """Keep a token made for this device before login (its setup has ``language``)."""
        self._session[GUEST_KEY] = {"token": token, "language": language}

    def forget_guest(self) -> None:
        self._session.pop(GUEST_KEY, None)

    # --- a registration that may have gone through ---------------------------------------------------

    @property
    def registration_uncertain(self) -> bool:
        return bool(self._session.get(REGISTRATION_UNCERTAIN_KEY))

    def mark_registration_uncertain(self) -> None:
        self._session[REGISTRATION_UNCERTAIN_KEY] = True

    def clear_registration_uncertain(self) -> None:
        self._session.pop(REGISTRATION_UNCERTAIN_KEY, None)

    # --- a sign-in with a one-time code ------------------------------------------------------------

    @property
    def login_code(self) -> dict | None:
        return self._session.get(LOGIN_CODE_KEY) or None

    def remember_login_code(self, **request: object) -> None:
        self._session[LOGIN_CODE_KEY] = request

    def forget_login_code(self) -> None:
        self._session.pop(LOGIN_CODE_KEY, None)

    def start(self, *, token: str, customer_id: str, language: str | None = None) -> None:
        """Remember a logged-in token (and the language its setup was created with); a new session
        key stops session fixation, and a new CSRF secret stops a token planted before the login
        from being used after it (as Django's own login() does)."""
        device_id = self.device_id
        self._session.cycle_key()
        rotate_token(self._request)
        self._session[DEVICE_KEY] = device_id
        self._session[SESSION_KEY] = {"token": token, "customer_id": customer_id, "language": language}
        self.forget_guest()  # logged in now (the same token after a registration, else replaced)
        self.forget_login_code()
        self.clear_registration_uncertain()

    def end(self) -> None:
        self._session.flush()


def customer_auth(session: CustomerSession) -> dict:
    """The customer's token and id, the keyword arguments of every ``resources`` call about them
    (``resources.customer_get(**customer_auth(session))``). Plain values: reads run at once in other
    threads (portal/carecloud/reads.py) get these, never the session, which is the request's."""
    return {"token": session.token, "customer_id": session.customer_id}
