"""CareCloud errors, mapped once by status (client.py), handled by views in a fixed order:
not found → 404 page; validation → form errors; anything else → a translated message and a log line.
"""

from __future__ import annotations


class CareCloudError(Exception):
    """Any failed CareCloud call. Never show ``title``/``detail`` to a customer as they are."""

    status: int | None = None

    def __init__(self, status: int | None = None, *, title: str = "", detail: str = "", error_type: str = "",
                 invalid_params: list[dict] | None = None, retry_after: float | None = None):
        self.status = status if status is not None else self.status
        self.title = title
        self.detail = detail
        self.error_type = error_type
        self.invalid_params = invalid_params or []
        self.retry_after = retry_after
        super().__init__(f"CareCloud {self.status or 'unreachable'}: {title or type(self).__name__}"
                         + (f" ({detail})" if detail else ""))

    @property
    def field_errors(self) -> dict[str, list[dict]]:
        """invalid_params grouped by the parameter's name (its last path segment)."""
        grouped: dict[str, list[dict]] = {}
        for param in self.invalid_params:
            name = str(param.get("name") or "")
            grouped.setdefault(name.rsplit(".", 1)[-1], []).append(param)
        return grouped


class ValidationError(CareCloudError):
    """400: bad input; ``invalid_params`` name the fields."""

    status = 400


class AuthenticationError(CareCloudError):
    """401: the token is unknown, expired or logged out (or the login was wrong)."""

    status = 401


class PermissionDeniedError(CareCloudError):
    status = 403


class NotFoundError(CareCloudError):
    status = 404


class RateLimitError(CareCloudError):
    status = 429


class ServerError(CareCloudError):
    """5xx."""


class UnavailableError(CareCloudError):
    """CareCloud could not be reached: connection refused, DNS, timeout, or 503."""


def error_for_status(status: int) -> type[CareCloudError]:
    if status == 503:
        return UnavailableError
    if status >= 500:
        return ServerError
    return {400: ValidationError, 401: AuthenticationError, 403: PermissionDeniedError, 404: NotFoundError,
            429: RateLimitError}.get(status, CareCloudError)
