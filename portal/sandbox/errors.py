"""CareCloud's error bodies, one class per status, as the real API words them.

Every 4xx/5xx the sandbox answers is ``{"error": {"type", "exception", "title", "detail",
"error_data"}}``; a 400 lists the offending fields in ``error_data.invalid_params``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import JsonResponse

# The generic reasons of the spec's BadRequestErrorBody.
REQUIRED = "required"
EMPTY = "empty"
NOT_FOUND = "not_found"
ALREADY_EXISTS = "already_exists"
NOT_ALLOWED_VALUE = "not_allowed_value"
INVALID_VALUE_FORMAT = "invalid_value_format"
RELATION_ALREADY_EXISTS = "relation_already_exists"
NOT_BELONG_TO_LOGGED_IN_CUSTOMER = "not_belong_to_logged_in_customer"
DELETED = "deleted"


@dataclass
class InvalidParam:
    name: str
    reason: str
    value: object = ""
    message: str = ""

    def as_dict(self) -> dict:
        value = self.value
        if value is None:
            value = ""
        elif not isinstance(value, str):
            # The spec types `value` as a string: render what was sent.
            value = str(value).lower() if isinstance(value, bool) else str(value)
        return {"name": self.name, "reason": self.reason, "value": value[:200], "message": self.message}


@dataclass
class ApiError(Exception):
    status: int = 500
    type: str = "internal_server_error_exception"
    title: str = "Internal server error"
    detail: str = "Server is not working as expected."
    error_data: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)

    def body(self) -> dict:
        return {
            "error": {
                "type": self.type,
                "exception": self.type,
                "title": self.title,
                "detail": self.detail,
                "error_data": self.error_data,
            }
        }

    def response(self) -> JsonResponse:
        response = JsonResponse(self.body(), status=self.status)
        for name, value in self.headers.items():
            response[name] = value
        return response


def bad_request(params: list[InvalidParam], detail: str = "") -> ApiError:
    names = ", ".join(dict.fromkeys(p.name for p in params))
    return ApiError(
        400,
        "invalid_params_exception",
        "Invalid parameters",
        detail or f"Invalid parameters: {names}.",
        {"invalid_params": [p.as_dict() for p in params]},
    )


def invalid(name: str, reason: str, value: object = "", message: str = "") -> ApiError:
    """A 400 about one parameter."""
    return bad_request([InvalidParam(name, reason, value, message)])


def unauthorized(detail: str = "The client has invalid credentials or auth token.") -> ApiError:
    return ApiError(401, "unauthorized_exception", "Unauthorized", detail)


def forbidden(detail: str = "The client tried to access an unauthorized property or resource.") -> ApiError:
    return ApiError(403, "forbidden_exception", "Forbidden", detail)


def interface_not_allowed(resource: str, interface: str) -> ApiError:
    label = "Enterprise" if interface == "enterprise" else "Customer"
    return ApiError(
        403,
        "interface_not_allowed_exception",
        f"{label} API is not allowed for this resource",
        f'Resource name "{resource}" is not allowed in {label} API',
        {"invalid_resource_name": resource, "interface": label},
    )


def not_found(resource: str = "resource", record_id: str = "") -> ApiError:
    detail = f'Record "{record_id}" of resource "{resource}" was not found.' if record_id else (
        f'Resource "{resource}" was not found.'
    )
    return ApiError(404, "not_found_exception", "Not found", detail)


def method_not_allowed(method: str, allowed: list[str]) -> ApiError:
    return ApiError(
        405,
        "method_not_allowed_exception",
        "Method not allowed",
        f"The resource does not support the HTTP method {method}.",
        headers={"Allow": ", ".join(allowed)},
    )


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(
        429,
        "too_many_requests_exception",
        "Too many requests",
        "Too many requests - more than the resource limit.",
        headers={"Retry-After": str(retry_after)},
    )


def server_error() -> ApiError:
    return ApiError()


def unavailable(retry_after: int) -> ApiError:
    return ApiError(
        503,
        "service_unavailable_exception",
        "Service unavailable",
        "The service is temporarily unavailable, overloaded or in a maintenance window.",
        headers={"Retry-After": str(retry_after)},
    )


def for_status(status: int, retry_after: int = 1) -> ApiError:
    """The error a forced-status knob answers with."""
    return {
        400: lambda: bad_request([], "Bad input parameter."),
        401: unauthorized,
        403: forbidden,
        404: not_found,
        429: lambda: too_many_requests(retry_after),
        503: lambda: unavailable(retry_after),
    }.get(status, lambda: ApiError(status=status) if status >= 500 else server_error())()
