"""A request id on every log line and every response, so one customer's trouble can be followed
through the portal's and the CareCloud client's logs (and across instances behind a proxy).

The id comes from the proxy's ``X-Request-ID`` when it is a sane token (letters, digits, ``-``,
``_``, ``.``, at most 64), otherwise a new one is made; it is echoed in the response's
``X-Request-ID``. It lives in a context variable: code that hands work to other threads (the
concurrent CareCloud reads of a page) must run it in a copy of the context (``contextvars``).
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid

HEADER = "X-Request-ID"
_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def current() -> str:
    """The id of the request being served in this context ("-" outside a request)."""
    return _current.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        request_id = given if _ID.fullmatch(given) else uuid.uuid4().hex
        request.request_id = request_id
        reset = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(reset)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Puts ``request_id`` on every record (for the formatters' ``%(request_id)s``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get()
        return True
