"""Driving the sandbox's OpenID Connect provider as a person's browser would: open the identity page
of an authorization request and choose an identity (requests, with its CSRF cookie and token)."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import requests

CLIENT_ID = "customer-portal"  # the sandbox's defaults (portal/sandbox/settings.py)
CLIENT_SECRET = "sandbox-oidc-secret"
NETWORK_ID = "sandbox"


def _form_fields(page: str, button_value: str) -> dict:
    """The hidden fields of the form on ``page`` that holds the button with ``button_value``."""
    for form in re.findall(r"<form.*?</form>", page, flags=re.S):
        if f'value="{button_value}"' in form or (button_value == "new" and 'name="given_name"' in form):
            fields = {html.unescape(name): html.unescape(value) for name, value in
                      re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)}
            return fields
    raise AssertionError(f"no form with {button_value!r} on the identity page")


def choose_identity(authorize_url: str, identity: str, *, new: dict | None = None,
                    http: requests.Session | None = None) -> str:
    """Open ``authorize_url`` and choose ``identity`` (an identity's id, "new" with ``new``'s fields,
    or "cancel"); returns the URL the provider sends the browser back to."""
    http = http or requests.Session()
    page = http.get(authorize_url, timeout=30)
    assert page.status_code == 200, page.text
    data = {**_form_fields(page.text, identity), "identity": identity, **(new or {})}
    answer = http.post(authorize_url.split("?")[0], data=data, allow_redirects=False, timeout=30,
                       headers={"Referer": authorize_url})
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def query(url: str) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def provider_settings(sandbox_url: str, name: str = "Sandbox ID") -> dict:
    """The portal's settings for the sandbox's provider, as `make run` makes them (scripts/run)."""
    return {"SOCIALACCOUNT_PROVIDERS": {"openid_connect": {"APPS": [{
        "provider_id": NETWORK_ID, "name": name, "client_id": CLIENT_ID, "secret": CLIENT_SECRET,
        "settings": {"server_url": f"{sandbox_url}/oidc", "oauth_pkce_enabled": True}}]}},
        "PORTAL_SOCIAL_FORM_ACTION": [f"{sandbox_url}/oidc"]}


def configure_portal(settings, sandbox, name: str = "Sandbox ID") -> None:
    for key, value in provider_settings(sandbox.url, name).items():
        setattr(settings, key, value)


def round_trip(client, identity: str, *, next_url: str = "/en/", new: dict | None = None):
    """Press the sandbox provider's button with a Django test client, choose ``identity`` at the
    provider, come back: the portal's answer to the return."""
    started = client.post(f"/social/oidc/{NETWORK_ID}/login/", {"process": "login", "next": next_url})
    assert started.status_code == 302, started.content[:500]
    assert "/oidc/authorize?" in started["Location"]
    back = urlsplit(choose_identity(started["Location"], identity, new=new))
    assert back.path == f"/social/oidc/{NETWORK_ID}/login/callback/"
    return client.get(f"{back.path}?{back.query}")
