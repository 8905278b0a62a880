"""Authentication: customer-interface tokens and enterprise users.

postToken, putToken, postTokenLogin, postTokenLogout (customer interface) and postUserLogin
(enterprise interface).
"""

from datetime import timedelta

from django.db import transaction

from .. import api, errors
from ..api import CUSTOMER, ENTERPRISE, PUBLIC, TOKEN, operation
from ..models import Card, Customer, ExternalApplication, Language, ServiceUser, Token, UserToken
from .customers import normalize_phone

USER_TOKEN_LIFETIME = timedelta(hours=8)

_STR = {"type": "string"}
_SETUP = {
    "type": "object",
    "required": ["language_id", "allowed_gps", "allowed_notifications"],
    "properties": {
        "language_id": {"type": "string", "minLength": 1},
        "allowed_gps": {"type": "boolean"},
        "allowed_notifications": {"type": "boolean"},
    },
}
POST_TOKEN = {
    "type": "object",
    "required": ["device", "setup", "external_application_id"],
    "properties": {
        "device": {
            "type": "object",
            "required": ["device_id", "device_system", "device_name", "device_type"],
            "properties": {
                "device_id": {"type": "string", "minLength": 1},
                "device_system": _STR,
                "device_name": _STR,
                "device_type": _STR,
            },
        },
        "setup": _SETUP,
        "external_application_id": {"type": "string", "minLength": 1},
        "push_token": _STR,
    },
}
PUT_TOKEN = {"type": "object", "required": ["setup"], "properties": {"setup": _SETUP, "push_token": _STR}}
LOGIN = {
    "type": "object",
    "required": ["login_type", "login_value", "password"],
    "properties": {
        "login_type": {"type": "string", "enum": ["email", "phone", "card"]},
        "login_value": {"type": "string", "minLength": 1},
        "password": {"type": "string", "minLength": 1},
    },
}
USER_LOGIN = {
    "type": "object",
    "required": ["login", "password"],
    "properties": {"user_external_application_id": _STR, "login": _STR, "password": _STR},
}



def _check_language(call: api.Call, language_id: str) -> None:
    if not Language.objects.filter(pk=language_id).exists():
        raise errors.invalid("language_id", errors.NOT_FOUND, language_id, "Unknown language.")


@operation("postToken", "POST", "/tokens", interfaces=(CUSTOMER,), auth=PUBLIC, body=POST_TOKEN)
def post_token(call: api.Call):
    body = call.body
    application = ExternalApplication.objects.filter(pk=body["external_application_id"]).first()
    if application is None:
        raise errors.invalid("external_application_id", errors.NOT_FOUND, body["external_application_id"],
                             "Unknown external application.")
    _check_language(call, body["setup"]["language_id"])
    device_id = body["device"]["device_id"]
    with transaction.atomic():
        # A new token for the same device and application replaces the previous one.
        Token.objects.filter(
            device_id=device_id, external_application=application, state=Token.State.ACTIVE
        ).update(state=Token.State.REPLACED)
        token = Token.objects.create(
            external_application=application,
            device=body["device"],
            device_id=device_id,
            setup=body["setup"],
            push_token=body.get("push_token") or "",
        )
    return api.created({"token_id": token.pk})


@operation("putToken", "PUT", "/tokens/{token_id}", interfaces=(CUSTOMER,), auth=TOKEN, body=PUT_TOKEN)
def put_token(call: api.Call, token_id: str):
    token = api.own_token(call, token_id)
    _check_language(call, call.body["setup"]["language_id"])
    token.setup = call.body["setup"]
    if "push_token" in call.body:
        token.push_token = call.body.get("push_token") or ""
    token.save(update_fields=["setup", "push_token", "last_change"])
    return api.no_content()


def find_customer_for_login(login_type: str, login_value: str) -> Customer | None:
    active = Customer.objects.filter(state=Customer.State.ACTIVE)
    if login_type == "email":
        return active.filter(email=login_value.strip().lower()).first()
    if login_type == "phone":
        return active.filter(phone=normalize_phone(login_value)).first()
    card = Card.objects.filter(card_number=login_value.strip(), state=Card.State.ACTIVE).first()
    return active.filter(pk=card.customer_id).first() if card else None


@operation("postTokenLogin", "POST", "/tokens/{token_id}/actions/login", interfaces=(CUSTOMER,), auth=TOKEN,
           body=LOGIN)
def post_token_login(call: api.Call, token_id: str):
    token = api.own_token(call, token_id)
    customer = find_customer_for_login(call.body["login_type"], call.body["login_value"])
    if customer is None or not customer.check_password(call.body["password"]):
        # The same answer for an unknown login and a wrong password: no account enumeration.
        raise errors.unauthorized("Invalid login or password.")
    token.customer = customer
    token.save(update_fields=["customer", "last_change"])
    return api.ok({"customer_id": customer.pk})


@operation("postTokenLogout", "POST", "/tokens/{token_id}/actions/logout", interfaces=(CUSTOMER,),
           auth=TOKEN)
def post_token_logout(call: api.Call, token_id: str):
    token = api.own_token(call, token_id)
    token.state = Token.State.LOGGED_OUT
    token.save(update_fields=["state", "last_change"])
    return api.no_content()


def serialize_user(user: ServiceUser) -> dict:
    return {
        "user_id": user.pk,
        "login": user.login,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "phone": user.phone or None,
        "user_role_ids": user.user_role_ids,
        "store_id": user.store_id or None,
        "last_login": api.fmt_ts(user.last_login),
    }


@operation("postUserLogin", "POST", "/users/actions/login", interfaces=(ENTERPRISE,), auth=PUBLIC,
           body=USER_LOGIN)
def post_user_login(call: api.Call):
    user = ServiceUser.objects.filter(login=call.body["login"]).first()
    if user is None or not user.check_password(call.body["password"]):
        # The spec gives this operation no 401: an unknown client is a 403.
        raise errors.forbidden("Invalid login or password.")
    app_id = call.body.get("user_external_application_id")
    if app_id and not ExternalApplication.objects.filter(pk=app_id).exists():
        raise errors.invalid("user_external_application_id", errors.NOT_FOUND, app_id,
                             "Unknown external application.")
    token = UserToken.objects.create(user=user, valid_to=api.now() + USER_TOKEN_LIFETIME)
    user.last_login = api.now()
    user.save(update_fields=["last_login", "last_change"])
    return api.ok({"bearer_token": token.pk, "valid_to": api.fmt_ts(token.valid_to), "user": serialize_user(user)})

