"""The sandbox as an OpenID Connect provider, for local runs and tests: the portal's "Continue with"
button for it runs django-allauth's real OpenID Connect code path end to end without the internet.

Under ``/oidc``: discovery (``/oidc/.well-known/openid-configuration``), authorize (a small page to
choose a demo identity or make a new one: server-rendered, CSRF-protected), token (authorization
code, with PKCE when the client sends a challenge), userinfo and JWKS; ID tokens signed with RS256.
One client, from the settings (``SANDBOX_OIDC_CLIENT_ID`` and ``_SECRET``), redirecting only to the
hosts of ``SANDBOX_OIDC_REDIRECT_HOSTS``. CareCloud's social-network-login (handlers/social.py)
takes the access tokens issued here, under the social network id ``SANDBOX_OIDC_NETWORK_ID``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import time
from urllib.parse import urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from csp.constants import NONCE
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .api import negotiate_language
from .models import OidcAccessToken, OidcAuthorizationCode, OidcIdentity, OidcSigningKey
from .models.oidc import ACCESS_TOKEN_LIFETIME
from .seed.ids import DEMO_OIDC_IDENTITY

PREFIX = "/oidc"
KEY_ID = "sandbox-1"
ID_TOKEN_SECONDS = 600
# The authorization request's parameters the identity page carries through its form.
REQUEST_PARAMS = ("response_type", "client_id", "redirect_uri", "scope", "state", "nonce", "code_challenge",
                  "code_challenge_method")

TEXTS = {
    "cs": {
        "title": "Zvolte demo identitu",
        "intro": "Sandbox tu zastupuje poskytovatele přihlášení (například Google). Zvolte, za koho se přihlásíte.",
        "client": "Přihlášení do aplikace",
        "known": "Známé identity",
        "continue_as": "Pokračovat jako {name}",
        "linked": "propojená s demo zákazníkem",
        "new": "Nová identita",
        "new_hint": "Nikdo ji zatím nezná: portál vám nabídne registraci vyplněnou z jejích údajů.",
        "given_name": "Jméno",
        "family_name": "Příjmení",
        "email": "E-mail",
        "create": "Vytvořit a pokračovat",
        "cancel": "Zrušit přihlášení",
        "required": "Vyplňte tento údaj.",
        "error_title": "Neplatný požadavek na přihlášení",
        "error": "Aplikace poslala požadavek, který sandbox nepřijímá (neznámý klient nebo adresa pro návrat).",
    },
    "en": {
        "title": "Choose a demo identity",
        "intro": "The sandbox stands in for a sign-in provider (Google, say). Choose who you sign in as.",
        "client": "Signing in to",
        "known": "Known identities",
        "continue_as": "Continue as {name}",
        "linked": "linked to the demo customer",
        "new": "A new identity",
        "new_hint": "Nobody knows it yet: the portal offers a registration prefilled from its details.",
        "given_name": "First name",
        "family_name": "Last name",
        "email": "E-mail",
        "create": "Create and continue",
        "cancel": "Cancel sign-in",
        "required": "Fill this in.",
        "error_title": "Invalid sign-in request",
        "error": "The application sent a request the sandbox does not accept (an unknown client or return address).",
    },
}


def issuer(request: HttpRequest) -> str:
    return request.build_absolute_uri(PREFIX)


def _private_key() -> rsa.RSAPrivateKey:
    record = OidcSigningKey.objects.first()
    if record is None:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
        record = OidcSigningKey.objects.create(private_pem=pem)
    return serialization.load_pem_private_key(record.private_pem.encode(), password=None)


def _language(request: HttpRequest) -> str:
    ui = (request.GET.get("ui_locales") or request.POST.get("ui_locales") or "").split()
    for code in ui:
        if code.split("-")[0] in TEXTS:
            return code.split("-")[0]
    return negotiate_language(request.headers.get("Accept-Language", ""))


def _valid_client_redirect(params) -> bool:
    if params.get("client_id") != settings.SANDBOX_OIDC_CLIENT_ID:
        return False
    parts = urlsplit(params.get("redirect_uri") or "")
    return parts.scheme in ("http", "https") and parts.hostname in settings.SANDBOX_OIDC_REDIRECT_HOSTS


def _redirect_back(params, **answer) -> HttpResponseRedirect:
    if params.get("state"):
        answer["state"] = params["state"]
    uri = params["redirect_uri"]
    return HttpResponseRedirect(f"{uri}{'&' if '?' in uri else '?'}{urlencode(answer)}")


@require_GET
def discovery(request: HttpRequest) -> JsonResponse:
    base = issuer(request)
    return JsonResponse({
        "issuer": base,
        "authorization_endpoint": f"{base}/authorize",
        "token_endpoint": f"{base}/token",
        "userinfo_endpoint": f"{base}/userinfo",
        "jwks_uri": f"{base}/jwks",
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": ["openid", "profile", "email"],
        "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        "claims_supported": ["sub", "name", "given_name", "family_name", "email", "email_verified"],
        "code_challenge_methods_supported": ["S256", "plain"],
        "ui_locales_supported": list(TEXTS),
    })


@require_GET
def jwks(request: HttpRequest) -> JsonResponse:
    key = jwt.algorithms.RSAAlgorithm.to_jwk(_private_key().public_key(), as_dict=True)
    return JsonResponse({"keys": [{**key, "kid": KEY_ID, "use": "sig", "alg": "RS256"}]})


def _identity_page(request, params, language, *, errors=None, new=None, status=200):
    """The page's forms post to itself and are answered with a redirect to the client: Chromium
    checks that redirect against form-action too, so the client's origin joins it (and the
    request's nonce style-src, for the page's <style>)."""
    texts = TEXTS[language]
    identities = [(identity, texts["continue_as"].format(name=identity.name))
                  for identity in OidcIdentity.objects.all()]
    response = render(request, "sandbox/oidc_identity.html", {
        "t": texts, "language": language, "identities": identities, "demo_identity": DEMO_OIDC_IDENTITY,
        "params": {name: params.get(name, "") for name in REQUEST_PARAMS},
        "client": urlsplit(params["redirect_uri"]).netloc,
        "errors": errors or {}, "new": new or _new_identity_defaults(),
    }, status=status)
    parts = urlsplit(params["redirect_uri"])
    response._csp_update = {"style-src": [NONCE], "form-action": [f"{parts.scheme}://{parts.netloc}"]}
    return response


def _new_identity_defaults() -> dict:
    suffix = secrets.token_hex(3)
    return {"given_name": "Nela", "family_name": "Nováková", "email": f"nela.{suffix}@example.com"}


@never_cache
@require_http_methods(["GET", "POST"])
def authorize(request: HttpRequest) -> HttpResponse:
    """GET shows the identity page for an authorization request; POST (the page's form) signs the
    chosen (or new) identity in and redirects back to the client with a code, or with
    ``access_denied`` when cancelled."""
    params = request.GET if request.method == "GET" else request.POST
    language = _language(request)
    if not _valid_client_redirect(params):
        texts = TEXTS[language]
        response = render(request, "sandbox/password_setup_invalid.html",
                          {"language": language, "heading": texts["error_title"], "message": texts["error"]},
                          status=400)
        response._csp_update = {"style-src": [NONCE]}
        return response
    if params.get("response_type") != "code":
        return _redirect_back(params, error="unsupported_response_type")
    if "openid" not in (params.get("scope") or "").split():
        return _redirect_back(params, error="invalid_scope")
    if params.get("code_challenge_method") not in ("", None, "S256", "plain"):
        return _redirect_back(params, error="invalid_request")
    if request.method == "GET":
        return _identity_page(request, params, language)
    choice = request.POST.get("identity", "")
    if choice == "cancel":
        return _redirect_back(params, error="access_denied")
    if choice == "new":
        new = {name: request.POST.get(name, "").strip()[:200] for name in ("given_name", "family_name", "email")}
        errors = {name: TEXTS[language]["required"] for name, value in new.items() if not value}
        if "@" not in new["email"] and "email" not in errors:
            errors["email"] = TEXTS[language]["required"]
        if errors:
            return _identity_page(request, params, language, errors=errors, new=new, status=400)
        identity = OidcIdentity.objects.create(**new)
    else:
        identity = OidcIdentity.objects.filter(pk=choice).first()
        if identity is None:
            return _identity_page(request, params, language, status=400)
    _record, code = OidcAuthorizationCode.issue(
        identity=identity, client_id=params["client_id"], redirect_uri=params["redirect_uri"],
        scope=params.get("scope", ""), nonce=params.get("nonce", ""), code_challenge=params.get("code_challenge", ""),
        code_challenge_method=(params.get("code_challenge_method", "")
                               or ("plain" if params.get("code_challenge") else "")))
    return _redirect_back(params, code=code)


def _token_error(error: str, status: int = 400) -> JsonResponse:
    response = JsonResponse({"error": error}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _client_credentials(request: HttpRequest) -> tuple[str, str]:
    header = request.headers.get("Authorization", "")
    if header.startswith("Basic "):
        try:
            client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
            return client_id, secret
        except (binascii.Error, UnicodeDecodeError):
            return "", ""
    return request.POST.get("client_id", ""), request.POST.get("client_secret", "")


def _pkce_ok(record: OidcAuthorizationCode, verifier: str) -> bool:
    if not record.code_challenge:
        return True
    if record.code_challenge_method == "S256":
        digest = hashlib.sha256(verifier.encode()).digest()
        verifier = base64.urlsafe_b64encode(digest).decode().rstrip("=")
    return hmac.compare_digest(verifier, record.code_challenge)


@csrf_exempt
@require_POST
def token(request: HttpRequest) -> JsonResponse:
    client_id, secret = _client_credentials(request)
    expected = settings.SANDBOX_OIDC_CLIENT_SECRET
    if client_id != settings.SANDBOX_OIDC_CLIENT_ID or not hmac.compare_digest(secret, expected):
        return _token_error("invalid_client", 401)
    if request.POST.get("grant_type") != "authorization_code":
        return _token_error("unsupported_grant_type")
    with transaction.atomic():
        record = OidcAuthorizationCode.redeem(request.POST.get("code", ""))
    if (record is None or record.client_id != client_id or record.redirect_uri != request.POST.get("redirect_uri")
            or not _pkce_ok(record, request.POST.get("code_verifier", ""))):
        return _token_error("invalid_grant")
    _access, access_token = OidcAccessToken.issue(record.identity, client_id)
    now = int(time.time())
    claims = {**record.identity.claims(), "iss": issuer(request), "aud": client_id, "iat": now, "auth_time": now,
              "exp": now + ID_TOKEN_SECONDS}
    if record.nonce:
        claims["nonce"] = record.nonce
    id_token = jwt.encode(claims, _private_key(), algorithm="RS256", headers={"kid": KEY_ID})
    response = JsonResponse({"access_token": access_token, "token_type": "Bearer", "id_token": id_token,
                             "expires_in": int(ACCESS_TOKEN_LIFETIME.total_seconds()), "scope": record.scope})
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_http_methods(["GET", "POST"])
def userinfo(request: HttpRequest) -> JsonResponse:
    header = request.headers.get("Authorization", "")
    identity = OidcAccessToken.identity_for(header[7:]) if header.startswith("Bearer ") else None
    if identity is None:
        response = JsonResponse({"error": "invalid_token"}, status=401)
        response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return response
    return JsonResponse(identity.claims())


urlpatterns = [
    path("oidc/.well-known/openid-configuration", discovery, name="oidc-discovery"),
    path("oidc/authorize", authorize, name="oidc-authorize"),
    path("oidc/token", token, name="oidc-token"),
    path("oidc/userinfo", userinfo, name="oidc-userinfo"),
    path("oidc/jwks", jwks, name="oidc-jwks"),
]
