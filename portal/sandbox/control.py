"""Control endpoints, kept apart from the emulated API under ``/_sandbox/``.

They exist for developers and tests: reset/seed the data, set fault knobs, read the request log,
expire a token, read the outbox, list the operations it emulates. Never part of the CareCloud surface.
"""

import json
from dataclasses import asdict
from functools import wraps

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import api, knobs, snapshot
from .api import now
from .models import AuthenticationToken, OneTimePassword, Token, UserToken

FAULT_FIELDS = {"latency_ms": int, "error_rate": float, "force_status": int, "force_count": int, "retry_after": int,
                "latency_count": int, "seed": int}
NULLABLE_FAULT_FIELDS = {"seed"}  # null: back to the system's randomness


def control_endpoint(*methods: str):
    """A control endpoint: no CSRF cookie dance for scripts and tests, but a change must come as
    ``Content-Type: application/json`` — a cross-site form or fetch cannot send that without a
    CORS preflight the sandbox never grants, so a web page a developer opens cannot reset the
    sandbox or inject faults behind their back."""

    def decorate(view):
        @csrf_exempt
        @require_http_methods(list(methods))
        @wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs):
            if request.method != "GET" and request.content_type != "application/json":
                return JsonResponse({"error": "send changes as application/json"}, status=415)
            return view(request, *args, **kwargs)

        return guarded

    return decorate


def _json_body(request: HttpRequest) -> dict:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        body = None
    return body if isinstance(body, dict) else {}


@control_endpoint("POST")
def reset(request: HttpRequest) -> JsonResponse:
    """Wipe and re-seed the data (from a recent copy: portal/sandbox/snapshot.py), clear the log
    and the fault knobs."""
    snapshot.reset()
    knobs.reset_faults()
    knobs.clear_log()
    return JsonResponse({"reset": True})


@control_endpoint("GET", "PUT", "DELETE")
def faults(request: HttpRequest) -> JsonResponse:
    if request.method == "PUT":
        body = _json_body(request)
        changes = {}
        for name, kind in FAULT_FIELDS.items():
            if name in body:
                if body[name] is None and name in NULLABLE_FAULT_FIELDS:
                    changes[name] = None
                    continue
                try:
                    changes[name] = kind(body[name])
                except (TypeError, ValueError):
                    return JsonResponse({"error": f"{name} must be a number"}, status=400)
        if not 0 <= changes.get("error_rate", 0) <= 1:
            return JsonResponse({"error": "error_rate must be between 0 and 1"}, status=400)
        return JsonResponse(asdict(knobs.set_faults(**changes)))
    if request.method == "DELETE":
        return JsonResponse(asdict(knobs.reset_faults()))
    return JsonResponse(asdict(knobs.get_faults()))


@control_endpoint("GET", "DELETE")
def requests_log(request: HttpRequest) -> JsonResponse:
    if request.method == "DELETE":
        knobs.clear_log()
        return JsonResponse({"requests": []})
    try:
        since = int(request.GET.get("since", 0))
    except ValueError:
        since = 0
    return JsonResponse({"requests": knobs.requests_log(since)})


@control_endpoint("GET")
def operations(request: HttpRequest) -> JsonResponse:
    """The operations of the spec the sandbox emulates: the tests check them against the spec
    over HTTP (the portal's test process never imports the sandbox's handlers)."""
    return JsonResponse({"operations": [
        {"operation_id": op.operation_id, "method": op.method, "path": op.path, "interfaces": sorted(op.interfaces)}
        for op in api.REGISTRY
    ]})


@control_endpoint("POST")
def expire_token(request: HttpRequest, token_id: str) -> JsonResponse:
    """Expire one customer token, as if it had idled out (tests of the portal's re-login), an
    enterprise user's bearer token, as if its validity had ended (tests of its renewal), or an
    authentication token by its token_request_id (tests of an expired hand-over)."""
    updated = Token.objects.filter(pk=token_id).update(state=Token.State.EXPIRED)
    updated = updated or UserToken.objects.filter(pk=token_id).update(valid_to=now())
    updated = updated or AuthenticationToken.objects.filter(pk=token_id).update(valid_to=now())
    return JsonResponse({"expired": bool(updated)}, status=200 if updated else 404)


@control_endpoint("POST")
def expire_customer_tokens(request: HttpRequest, customer_id: str) -> JsonResponse:
    """Expire every token logged in as one customer (the portal never shows token ids)."""
    updated = Token.objects.filter(customer_id=customer_id, state=Token.State.ACTIVE).update(
        state=Token.State.EXPIRED
    )
    return JsonResponse({"expired": updated})


@control_endpoint("POST")
def expire_one_time_password(request: HttpRequest, request_id: str) -> JsonResponse:
    """Expire one one-time password request, as if its hour had passed (tests of an expired code)."""
    updated = OneTimePassword.objects.filter(pk=request_id).update(valid_to=now())
    return JsonResponse({"expired": bool(updated)}, status=200 if updated else 404)


def page_not_found(request: HttpRequest, exception=None) -> JsonResponse:
    """The sandbox's own 404 for its non-API pages."""
    return JsonResponse({"error": "not found"}, status=404)


def server_error(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"error": "server error"}, status=500)


@control_endpoint("DELETE")
def remove_credits(request: HttpRequest) -> JsonResponse:
    """Make the sandbox a project without credits (no credit types, no credit records) until the
    next reset: the portal's credits section disappears."""
    from .seed.credits import remove_credits as remove

    return JsonResponse({"removed": remove()})
