"""The sandbox as an OpenID Connect provider, and CareCloud's social network sign-in against it
(postTokenSocialLogin, POST /customers with social_network_credentials), over real HTTP."""

import base64
import hashlib
import secrets
from http import HTTPStatus
from urllib.parse import urlencode

import jwt
import pytest
import requests

from tests.support.oidc import CLIENT_ID, CLIENT_SECRET, NETWORK_ID, choose_identity, query

REDIRECT_URI = "http://127.0.0.1:8000/social/oidc/sandbox/login/callback/"


def authorize_url(sandbox, **overrides) -> tuple[str, dict]:
    verifier = secrets.token_urlsafe(40)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    params = {"response_type": "code", "client_id": CLIENT_ID, "redirect_uri": REDIRECT_URI,
              "scope": "openid profile email", "state": "st-1", "nonce": "n-1", "code_challenge": challenge,
              "code_challenge_method": "S256", **overrides}
    return f"{sandbox.url}/oidc/authorize?{urlencode(params)}", {"verifier": verifier}


def exchange(sandbox, code: str, verifier: str, **overrides) -> requests.Response:
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI, "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET, "code_verifier": verifier, **overrides}
    return requests.post(f"{sandbox.url}/oidc/token", data=data, timeout=30)


def sign_in(sandbox, identity: str, new: dict | None = None) -> dict:
    """The token endpoint's answer for ``identity`` signed in through the identity page."""
    url, secret = authorize_url(sandbox)
    back = query(choose_identity(url, identity, new=new))
    assert back["state"] == "st-1"
    answer = exchange(sandbox, back["code"], secret["verifier"])
    assert answer.status_code == HTTPStatus.OK, answer.text
    return answer.json()


def test_discovery_names_every_endpoint_under_its_issuer(sandbox):
    config = requests.get(f"{sandbox.url}/oidc/.well-known/openid-configuration", timeout=30).json()
    assert config["issuer"] == f"{sandbox.url}/oidc"
    for name in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri"):
        assert config[name].startswith(config["issuer"] + "/")
    assert config["id_token_signing_alg_values_supported"] == ["RS256"]


def test_the_identity_page_offers_the_demo_identity_and_a_new_one(sandbox, ids):
    url, _ = authorize_url(sandbox)
    page = requests.get(url, headers={"Accept-Language": "cs"}, timeout=30)
    assert page.status_code == HTTPStatus.OK
    assert "Zvolte demo identitu" in page.text and "Tereza Dvořáková" in page.text
    assert f'value="{ids.DEMO_OIDC_IDENTITY}"' in page.text and 'value="new"' in page.text
    assert "csrfmiddlewaretoken" in page.text
    assert page.headers["Cache-Control"].startswith("max-age=0")


def test_a_code_gives_a_signed_id_token_and_the_userinfo(sandbox, ids):
    answer = sign_in(sandbox, ids.DEMO_OIDC_IDENTITY)
    keys = jwt.PyJWKClient(f"{sandbox.url}/oidc/jwks")
    key = keys.get_signing_key_from_jwt(answer["id_token"])
    claims = jwt.decode(answer["id_token"], key.key, algorithms=["RS256"], audience=CLIENT_ID,
                        issuer=f"{sandbox.url}/oidc")
    assert claims["sub"] == ids.DEMO_OIDC_IDENTITY and claims["nonce"] == "n-1"
    info = requests.get(f"{sandbox.url}/oidc/userinfo", timeout=30,
                        headers={"Authorization": f"Bearer {answer['access_token']}"}).json()
    assert info == {"sub": ids.DEMO_OIDC_IDENTITY, "name": "Tereza Dvořáková", "given_name": "Tereza",
                    "family_name": "Dvořáková", "email": ids.DEMO_EMAIL, "email_verified": True}


def test_a_code_works_once_with_its_verifier_and_the_clients_secret(sandbox, ids):
    url, secret = authorize_url(sandbox)
    code = query(choose_identity(url, ids.DEMO_OIDC_IDENTITY))["code"]
    assert exchange(sandbox, code, "wrong-verifier").json() == {"error": "invalid_grant"}
    url, secret = authorize_url(sandbox)
    code = query(choose_identity(url, ids.DEMO_OIDC_IDENTITY))["code"]
    assert exchange(sandbox, code, secret["verifier"], client_secret="nope").status_code == HTTPStatus.UNAUTHORIZED
    assert exchange(sandbox, code, secret["verifier"]).status_code == HTTPStatus.OK
    assert exchange(sandbox, code, secret["verifier"]).json() == {"error": "invalid_grant"}


def test_cancelling_returns_access_denied(sandbox):
    url, _ = authorize_url(sandbox)
    assert query(choose_identity(url, "cancel")) == {"error": "access_denied", "state": "st-1"}


@pytest.mark.parametrize("overrides", [{"client_id": "someone-else"}, {"redirect_uri": "https://evil.example/cb"}])
def test_an_unknown_client_or_return_address_gets_a_page_never_a_redirect(sandbox, overrides):
    url, _ = authorize_url(sandbox, **overrides)
    page = requests.get(url, allow_redirects=False, timeout=30)
    assert page.status_code == HTTPStatus.BAD_REQUEST and "Location" not in page.headers


def test_choosing_needs_the_pages_csrf_token(sandbox, ids):
    url, _ = authorize_url(sandbox)
    answer = requests.post(url.split("?")[0], data={"identity": ids.DEMO_OIDC_IDENTITY}, allow_redirects=False,
                           timeout=30)
    assert answer.status_code == HTTPStatus.FORBIDDEN


def test_a_new_identity_needs_its_details(sandbox):
    url, _ = authorize_url(sandbox)
    http = requests.Session()
    page = http.get(url, timeout=30)
    from tests.support.oidc import _form_fields

    data = {**_form_fields(page.text, "new"), "identity": "new", "given_name": "", "family_name": "X", "email": ""}
    answer = http.post(url.split("?")[0], data=data, allow_redirects=False, timeout=30)
    assert answer.status_code == HTTPStatus.BAD_REQUEST and 'aria-invalid="true"' in answer.text


# --- CareCloud's social network sign-in with the provider's tokens -----------------------------------------


def social_login(sandbox, customer_api, access_token: str, network: str = NETWORK_ID) -> requests.Response:
    token = sandbox.new_token()
    return customer_api.post(f"/tokens/{token}/actions/social-network-login", token=token, json={
        "social_network_credentials": {"social_network_id": network, "social_network_token": access_token}})


def test_the_demo_identity_signs_the_demo_customer_in(sandbox, customer_api, ids):
    answer = sign_in(sandbox, ids.DEMO_OIDC_IDENTITY)
    response = social_login(sandbox, customer_api, answer["access_token"])
    assert response.status_code == HTTPStatus.OK
    assert response.json()["data"]["customer_id"] == ids.DEMO_CUSTOMER


def test_an_unknown_identity_is_not_found_and_a_forged_token_is_invalid(sandbox, customer_api):
    answer = sign_in(sandbox, "new", {"given_name": "Nela", "family_name": "Nová", "email": "nela.x@example.com"})
    assert social_login(sandbox, customer_api, answer["access_token"]).status_code == HTTPStatus.NOT_FOUND
    forged = social_login(sandbox, customer_api, "not-a-token-the-sandbox-issued")
    assert forged.status_code == HTTPStatus.BAD_REQUEST


def test_a_customer_registered_with_the_credentials_signs_in_with_them(fresh_sandbox, customer_api, ids):
    sandbox = fresh_sandbox
    answer = sign_in(sandbox, "new", {"given_name": "Nela", "family_name": "Nová", "email": "nela.y@example.com"})
    credentials = {"social_network_id": NETWORK_ID, "social_network_token": answer["access_token"]}
    token = sandbox.new_token()
    body = {"customer": {"personal_information": {"first_name": "Nela", "last_name": "Nová", "language_id": "en",
                                                  "email": "nela.y@example.com"}},
            "customer_source": {"customer_source_id": ids.SOURCE_PORTAL}, "password": "Nela-Portal-9",
            "autologin": True, "social_network_credentials": credentials}
    created = customer_api.post("/customers", token=token, json=body)
    assert created.status_code == HTTPStatus.CREATED, created.text
    again = sign_in(sandbox, query_identity(sandbox, answer))
    response = social_login(sandbox, customer_api, again["access_token"])
    assert response.json()["data"]["customer_id"] == created.json()["data"]["customer_id"]
    # The same account cannot be linked to a second customer.
    body["customer"]["personal_information"]["email"] = "nela.z@example.com"
    twice = customer_api.post("/customers", token=sandbox.new_token(), json=body)
    assert twice.status_code == HTTPStatus.BAD_REQUEST
    assert twice.json()["error"]["error_data"]["invalid_params"][0]["reason"] == "already_exists"


def query_identity(sandbox, answer: dict) -> str:
    """The identity (sub) an access token was issued to."""
    return requests.get(f"{sandbox.url}/oidc/userinfo", timeout=30,
                        headers={"Authorization": f"Bearer {answer['access_token']}"}).json()["sub"]
