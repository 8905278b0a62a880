"""The emulated API's machinery: the operation registry, authentication, request parsing and
validation, list paging, and the one view that dispatches every call.

Handlers (``handlers/<group>.py``) only parse, call the models and serialize; they declare
themselves with :func:`operation` and receive a :class:`Call`.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import jsonschema
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.csrf import csrf_exempt

from . import errors, knobs
from .errors import InvalidParam
from .models import Customer, ServiceUser, Token, UserToken

log = logging.getLogger(__name__)

CUSTOMER = "customer"
ENTERPRISE = "enterprise"
INTERFACES = {"customer-interface": CUSTOMER, "enterprise-interface": ENTERPRISE}

# Authentication levels of an operation.
PUBLIC = "public"  # no credentials needed (security: [] in the spec)
TOKEN = "token"  # any valid token; on the customer interface it need not be logged in
CUSTOMER_LOGIN = "customer"  # customer interface: a token logged in as a customer

SUPPORTED_LANGUAGES = ("cs", "en")

TIMESTAMP = "%Y-%m-%d %H:%M:%S"


# --- registry -----------------------------------------------------------------------------------


@dataclass
class Operation:
    operation_id: str
    method: str
    path: str
    handler: Callable
    interfaces: frozenset
    auth: str
    body_schema: dict | None
    regex: re.Pattern = field(init=False)

    def __post_init__(self):
        pattern = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", self.path)
        self.regex = re.compile(f"^{pattern}$")

    @property
    def resource(self) -> str:
        return self.path.strip("/").split("/")[0]


REGISTRY: list[Operation] = []


def operation(
    operation_id: str,
    method: str,
    path: str,
    *,
    interfaces: tuple[str, ...] = (CUSTOMER, ENTERPRISE),
    auth: str = TOKEN,
    body: dict | None = None,
):
    """Register a handler for one operation of the spec.

    ``interfaces``: where the spec makes it available ("only in Customer API" / "only in
    Enterprise API"). ``auth``: PUBLIC, TOKEN or CUSTOMER_LOGIN. ``body``: a JSON Schema the
    request body must satisfy (written from the operation's requestBody in the spec).
    """

    def register(handler):
        REGISTRY.append(
            Operation(operation_id, method.upper(), path, handler, frozenset(interfaces), auth, body)
        )
        return handler

    return register


def find_operations(path: str) -> list[tuple[Operation, dict]]:
    found = []
    for op in REGISTRY:
        match = op.regex.match(path)
        if match:
            found.append((op, match.groupdict()))
    return found


# --- the call -----------------------------------------------------------------------------------


@dataclass
class Call:
    request: HttpRequest
    interface: str
    operation: Operation
    lang: str
    auth_scheme: str = "none"
    token: Token | None = None
    user_token: UserToken | None = None
    body: Any = None
    _invalid: list[InvalidParam] = field(default_factory=list)

    # who is calling

    @property
    def customer(self) -> Customer | None:
        return self.token.customer if self.token else None

    @property
    def is_enterprise(self) -> bool:
        return self.interface == ENTERPRISE

    def customer_scope(self, customer_id: str) -> Customer:
        """The customer a path or filter names, if the caller may see them.

        A customer token sees only its own customer (403 for anyone else); the enterprise
        interface sees every customer that exists (404 otherwise).
        """
        if self.interface == CUSTOMER:
            if self.customer is None:
                raise errors.unauthorized("No customer is logged in with this token.")
            if customer_id != self.customer.id:
                raise errors.forbidden("The customer of this token cannot access another customer's data.")
            return self.customer
        customer = Customer.objects.filter(pk=customer_id).exclude(state=Customer.State.DELETED).first()
        if customer is None:
            raise errors.not_found("customers", customer_id)
        return customer

    # language

    def tr(self, value) -> str | None:
        """Pick the caller's language from a {"cs": ..., "en": ...} value (or pass a str)."""
        return pick_language(value, self.lang)

    # query parameters: problems accumulate, :meth:`check` raises them together

    def _raw(self, name: str) -> str | None:
        value = self.request.GET.get(name)
        return None if value is None else value

    def add_invalid(self, name: str, reason: str, value: object = "", message: str = "") -> None:
        self._invalid.append(InvalidParam(name, reason, value, message))

    def check(self) -> None:
        if self._invalid:
            problems, self._invalid = self._invalid, []
            raise errors.bad_request(problems)

    def q_str(self, name: str, required: bool = False) -> str | None:
        value = self._raw(name)
        if value is None or value == "":
            if required:
                self.add_invalid(name, errors.REQUIRED, "", f"Parameter {name} is required.")
            return None
        return value

    def q_int(self, name: str, default: int | None = None, minimum: int | None = None,
              choices: tuple | None = None) -> int | None:
        raw = self._raw(name)
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            self.add_invalid(name, errors.INVALID_VALUE_FORMAT, raw, f"Parameter {name} must be an integer.")
            return default
        if minimum is not None and value < minimum:
            self.add_invalid(name, errors.NOT_ALLOWED_VALUE, raw, f"Parameter {name} must be at least {minimum}.")
            return default
        if choices is not None and value not in choices:
            self.add_invalid(name, errors.NOT_ALLOWED_VALUE, raw, f"Allowed values: {choices}.")
            return default
        return value

    def q_bool(self, name: str, default: bool | None = None) -> bool | None:
        raw = self._raw(name)
        if raw is None or raw == "":
            return default
        if raw.lower() in ("true", "1"):
            return True
        if raw.lower() in ("false", "0"):
            return False
        self.add_invalid(name, errors.NOT_ALLOWED_VALUE, raw, f"Parameter {name} must be true or false.")
        return default

    def q_enum(self, name: str, choices: tuple[str, ...]) -> str | None:
        raw = self.q_str(name)
        if raw is not None and raw not in choices:
            self.add_invalid(name, errors.NOT_ALLOWED_VALUE, raw, f"Allowed values: {', '.join(choices)}.")
            return None
        return raw

    def q_list(self, name: str) -> list[str]:
        """An array filter: ``name[]=a&name[]=b`` (the spec's syntax) or plain ``name=a``."""
        values = self.request.GET.getlist(f"{name}[]") + self.request.GET.getlist(name)
        return [v for v in values if v != ""]

    def q_date(self, name: str) -> date | None:
        raw = self.q_str(name)
        if raw is None:
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            self.add_invalid(name, errors.INVALID_VALUE_FORMAT, raw, "Expected YYYY-MM-DD.")
            return None

    def q_datetime(self, name: str) -> datetime | None:
        """``YYYY-MM-DD HH:MM:SS`` or ISO-8601, local time (a bare date means its midnight)."""
        raw = self.q_str(name)
        if raw is None:
            return None
        value = parse_timestamp(raw)
        if value is None:
            self.add_invalid(name, errors.INVALID_VALUE_FORMAT, raw, "Expected YYYY-MM-DD HH:MM:SS.")
        return value

    # responses

    def page(self, plural: str, rows: list[dict], sort_fields: set[str] | None = None) -> JsonResponse:
        """Sort, page and wrap a list the way every CareCloud collection is answered."""
        count = self.q_int("count", 100, minimum=1)
        offset = self.q_int("offset", 0, minimum=0)
        sort_field = self.q_str("sort_field")
        direction = self.q_enum("sort_direction", ("ASC", "DESC")) or "ASC"
        allowed = sort_fields if sort_fields is not None else (set(rows[0]) if rows else None)
        if sort_field and allowed is not None and sort_field not in allowed:
            self.add_invalid("sort_field", errors.NOT_ALLOWED_VALUE, sort_field,
                             "Sorting is possible by first-level parameters of the resource only.")
        self.check()
        if sort_field:
            rows = sorted(rows, key=lambda row: _sort_key(row.get(sort_field)), reverse=direction == "DESC")
        return ok({plural: rows[offset: offset + count], "total_items": len(rows)})


def _sort_key(value):
    # None sorts first; mixed types compare by their text.
    if value is None:
        return (0, "")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (1, value)
    return (2, str(value).lower())


def ok(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse({"data": data}, status=status, json_dumps_params={"ensure_ascii": False})


def created(data: Any) -> JsonResponse:
    return ok(data, 201)


def no_content() -> HttpResponse:
    return HttpResponse(status=204)


# --- formatting and parsing helpers --------------------------------------------------------------


def fmt_ts(value: datetime | None) -> str | None:
    """CareCloud's timestamp: local time, ``YYYY-MM-DD HH:MM:SS``."""
    if value is None:
        return None
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime(TIMESTAMP)


def absolute_url(call: Call, url: str | None) -> str | None:
    """Seeded media are stored as sandbox paths; answer them as absolute URLs of this server."""
    if url and url.startswith("/"):
        return call.request.build_absolute_uri(url)
    return url


def fmt_date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def parse_timestamp(raw: str) -> datetime | None:
    raw = raw.strip()
    for candidate in (raw, raw.replace(" ", "T")):
        try:
            value = datetime.fromisoformat(candidate)
        except ValueError:
            continue
        return timezone.make_aware(value) if timezone.is_naive(value) else value
    return None


def pick_language(value, lang: str) -> str | None:
    """A translated value in ``lang``, else the project's default language, else any."""
    if value is None or isinstance(value, str):
        return value
    for code in (lang, settings.SANDBOX_DEFAULT_LANGUAGE, "en", "cs"):
        if value.get(code):
            return value[code]
    return next((v for v in value.values() if v), None)


def negotiate_language(header: str) -> str:
    for code, _quality in parse_accept_lang_header(header or ""):
        primary = code.split("-")[0].lower()
        if primary in SUPPORTED_LANGUAGES:
            return primary
    return settings.SANDBOX_DEFAULT_LANGUAGE


def now() -> datetime:
    return timezone.now()


def compact(data: dict) -> dict:
    """Leave out the optional fields that have no value (None, "" or {}): the spec makes almost
    none of its fields nullable, so "no value" is an absent field, never a null."""
    return {key: value for key, value in data.items() if value is not None and value != "" and value != {}}


def text_contains(value, needle: str) -> bool:
    """The "name or a part of the name" filters: case-insensitive, in any language of a
    translated ``{"cs": ..., "en": ...}`` value (filters are not bound to Accept-Language)."""
    needle = needle.casefold()
    texts = value.values() if isinstance(value, dict) else [value]
    return any(needle in (text or "").casefold() for text in texts)


def get_or_404(model, pk: str, resource: str):
    """The record ``pk`` of ``model``, or CareCloud's 404 naming the resource."""
    record = model.objects.filter(pk=pk).first()
    if record is None:
        raise errors.not_found(resource, pk)
    return record


def own_token(call: Call, token_id: str) -> Token:
    """A token is managed only with itself: the path's token must be the caller's."""
    if call.token is None or call.token.pk != token_id:
        raise errors.forbidden("A token can be managed only with itself.")
    return call.token


# --- body validation ------------------------------------------------------------------------------

_REASONS = {
    "required": errors.REQUIRED,
    "enum": errors.NOT_ALLOWED_VALUE,
    "const": errors.NOT_ALLOWED_VALUE,
    "minItems": errors.EMPTY,
    "minLength": errors.EMPTY,
}


def validate_body(schema: dict, body: Any) -> None:
    """Validate a request body with JSON Schema; every problem becomes one invalid_params entry."""
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    problems = []
    for error in sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path)):
        path = [p for p in error.absolute_path if isinstance(p, str)]
        if error.validator == "required":
            missing = re.search(r"'([^']+)' is a required property", error.message)
            name = missing.group(1) if missing else (path[-1] if path else "body")
            problems.append(InvalidParam(name, errors.REQUIRED, "", f"Parameter {name} is required."))
            continue
        name = path[-1] if path else "body"
        reason = _REASONS.get(error.validator, errors.INVALID_VALUE_FORMAT)
        value = error.instance if not isinstance(error.instance, (dict, list)) else ""
        problems.append(InvalidParam(name, reason, value, error.message[:300]))
    if problems:
        raise errors.bad_request(problems)


# --- authentication --------------------------------------------------------------------------------


def _credentials(request: HttpRequest) -> tuple[str, str | None, str | None]:
    """(scheme, user name, secret) from the Authorization header."""
    header = request.headers.get("Authorization", "").strip()
    if not header:
        return "none", None, None
    scheme, _, value = header.partition(" ")
    value = value.strip()
    if scheme.lower() == "bearer":
        return "bearer", None, value or None
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise errors.unauthorized("The Authorization header is malformed.") from None
        user, _, secret = decoded.partition(":")
        return "basic", user, secret.strip() or None
    raise errors.unauthorized("Unsupported authorization scheme.")


def _token_is_fresh(token: Token) -> bool:
    idle = timedelta(seconds=settings.SANDBOX_TOKEN_IDLE_SECONDS)
    return token.state == Token.State.ACTIVE and token.last_used + idle > now()


def authenticate(call: Call) -> None:
    op = call.operation
    if op.auth == PUBLIC:  # security: [] in the spec; whatever header came is not looked at
        return
    scheme, user, secret = _credentials(call.request)
    call.auth_scheme = scheme
    if call.interface == CUSTOMER:
        if scheme == "basic" and user != settings.SANDBOX_CUSTOMER_INTERFACE_USER:
            raise errors.unauthorized("Unknown customer interface user name.")
        if not secret:
            raise errors.unauthorized("A token is required.")
        token = Token.objects.select_related("customer", "external_application").filter(pk=secret).first()
        if token is None or not _token_is_fresh(token):
            if token is not None and token.state == Token.State.ACTIVE:
                Token.objects.filter(pk=token.pk).update(state=Token.State.EXPIRED)
            raise errors.unauthorized("The token is invalid, expired or logged out.")
        if token.customer is not None and token.customer.state == Customer.State.DELETED:
            raise errors.unauthorized("The customer of this token no longer exists.")
        Token.objects.filter(pk=token.pk).update(last_used=now())
        call.token = token
        if op.auth == CUSTOMER_LOGIN and token.customer is None:
            raise errors.unauthorized("No customer is logged in with this token.")
        return
    # enterprise interface
    if scheme == "bearer" and secret:
        user_token = UserToken.objects.select_related("user").filter(pk=secret, valid_to__gt=now()).first()
        if user_token is None:
            raise errors.unauthorized("The bearer token is invalid or expired.")
        call.user_token = user_token
        return
    if scheme == "basic" and user and secret:
        # The enterprise interface's older scheme: Basic base64(login:password).
        service_user = ServiceUser.objects.filter(login=user).first()
        if service_user is None or not service_user.check_password(secret):
            raise errors.unauthorized("Invalid login or password.")
        call.user_token = UserToken(user=service_user, valid_to=now())
        return
    raise errors.unauthorized("Credentials are required.")


# --- the view --------------------------------------------------------------------------------------


def _parse_body(request: HttpRequest) -> Any:
    if not request.body:
        return None
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        raise errors.bad_request(
            [InvalidParam("body", errors.INVALID_VALUE_FORMAT, "", "The request body is not valid JSON.")],
            "The request body is not valid JSON.",
        ) from None


def _resolve(request: HttpRequest, interface: str, path: str) -> tuple[Operation, dict]:
    matches = find_operations(path)
    if not matches:
        raise errors.not_found(path.strip("/").split("/")[0] or "resource")
    for op, params in matches:
        if op.method == request.method:
            if interface not in op.interfaces:
                raise errors.interface_not_allowed(op.resource, interface)
            return op, params
    raise errors.method_not_allowed(request.method, sorted({op.method for op, _ in matches}))


@csrf_exempt
def dispatch(request: HttpRequest, interface_slug: str, path: str | None = None) -> HttpResponse:
    started = time.monotonic()
    interface = INTERFACES[interface_slug]
    path = "/" + (path or "").strip("/")
    entry = {
        "time": fmt_ts(now()),
        "method": request.method,
        "interface": interface,
        # A token id is a credential: never in the log.
        "path": re.sub(r"^/tokens/[^/]+", "/tokens/{token_id}", path),
        "query": request.META.get("QUERY_STRING", ""),
        "accept_language": request.headers.get("Accept-Language"),
        "auth": _scheme_name(request),
        "operation_id": None,
    }
    try:
        fault = knobs.apply_faults(f"{interface} {request.method} {entry['path']}?{entry['query']}")
        if fault is not None:
            raise fault
        op, params = _resolve(request, interface, path)
        entry["operation_id"] = op.operation_id
        call = Call(request, interface, op, negotiate_language(request.headers.get("Accept-Language", "")))
        authenticate(call)
        if request.method in ("POST", "PUT", "PATCH"):
            call.body = _parse_body(request)
            if op.body_schema is not None:
                validate_body(op.body_schema, call.body if call.body is not None else {})
        response = op.handler(call, **params)
        call.check()
        response["Content-Language"] = call.lang
    except errors.ApiError as error:
        response = error.response()
    except Exception:  # an emulator bug must still answer in CareCloud's error shape
        log.exception("sandbox handler failed: %s %s", request.method, path)
        response = errors.server_error().response()
    entry["status"] = response.status_code
    entry["duration_ms"] = round((time.monotonic() - started) * 1000, 1)
    knobs.log_request(entry)
    return response


def _scheme_name(request: HttpRequest) -> str:
    header = request.headers.get("Authorization", "").strip()
    return header.split(" ", 1)[0].lower() if header else "none"
