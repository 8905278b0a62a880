"""One client, one request method.

Every call goes through :meth:`CareCloudClient.request`, which builds the URL, sets the
authentication header and ``Accept-Language`` (the active Django language), applies timeouts,
retries idempotent GETs on connection errors, 429 and 502/503/504 (honouring ``Retry-After``),
and maps error statuses to :mod:`.exceptions`. One pooled ``requests.Session`` per process.
Tokens and request bodies (passwords) never reach the log.
"""

from __future__ import annotations

import base64
import json
import logging
import random
import re
import threading
import time
from dataclasses import dataclass
from typing import Any, Iterator

import requests
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation

from .exceptions import CareCloudError, ServerError, UnavailableError, error_for_status

log = logging.getLogger("portal.carecloud")

RETRY_STATUSES = {429, 502, 503, 504}
MAX_RETRY_AFTER = 5.0  # seconds; a longer Retry-After is not waited for in a page request
# Transport failures after which a GET may be repeated: no connection (refused, reset, DNS, connect
# timeout) or an answer cut off mid-body. A read timeout is not repeated: it would multiply the
# time a page waits for a slow CareCloud.
RETRY_EXCEPTIONS = (requests.ConnectionError, requests.exceptions.ChunkedEncodingError)
_TOKEN_IN_PATH = re.compile(r"(/tokens/)[^/?\s\"]+")


@dataclass(frozen=True)
class Page:
    """One page of a CareCloud collection."""

    items: list[dict]
    total: int
    count: int
    offset: int
    # False when the answer had no ``total_items`` (then ``total`` counts what was seen so far).
    total_known: bool = True

    @property
    def has_next(self) -> bool:
        if not self.total_known:
            return len(self.items) >= self.count > 0
        return self.offset + len(self.items) < self.total

    @property
    def has_previous(self) -> bool:
        return self.offset > 0


class CareCloudClient:
    def __init__(self, *, base_url: str, auth_scheme: str = "bearer", username: str = "customer_interface",
                 connect_timeout: float = 3.05, read_timeout: float = 10.0, max_retries: int = 2,
                 backoff: float = 0.25, session: requests.Session | None = None):
        if auth_scheme not in ("bearer", "basic"):
            raise ValueError("auth_scheme must be 'bearer' or 'basic'")
        self.base_url = base_url.rstrip("/")
        self.auth_scheme = auth_scheme
        self.username = username
        self.timeout = (connect_timeout, read_timeout)
        self.max_retries = max_retries
        self.backoff = backoff
        self.session = session or _shared_session()

    # --- the one request method ---------------------------------------------------------------

    def request(self, method: str, path: str, *, token: str | None = None, params: dict | None = None,
                json: Any = None, language: str | None = None) -> Any:
        """Call CareCloud; return the ``data`` of the body (None for 204), or raise CareCloudError."""
        method = method.upper()
        url = self.base_url + path
        headers = {
            "Accept": "application/json",
            "Accept-Language": language or translation.get_language() or settings.LANGUAGE_CODE,
            **self._auth_header(token),
        }
        retries = self.max_retries if method == "GET" else 0  # never blindly repeat a write
        attempt = 0
        while True:
            started = time.monotonic()
            try:
                response = self.session.request(method, url, params=params, json=json, headers=headers,
                                                timeout=self.timeout)
            except requests.RequestException as error:
                log.warning("carecloud %s %s failed: %s", method, _safe_path(path), type(error).__name__)
                if isinstance(error, RETRY_EXCEPTIONS) and attempt < retries:
                    attempt += 1
                    time.sleep(self._delay(attempt))
                    continue
                raise UnavailableError(title="CareCloud is unreachable", detail=type(error).__name__) from error
            elapsed = (time.monotonic() - started) * 1000
            log.info("carecloud %s %s -> %s in %.0f ms", method, _safe_path(path), response.status_code, elapsed)
            if response.status_code in RETRY_STATUSES and attempt < retries:
                delay = self._delay(attempt + 1, response.headers.get("Retry-After"))
                if delay is not None:
                    attempt += 1
                    time.sleep(delay)
                    continue
            return self._result(response)

    def get(self, path: str, **kwargs) -> Any:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> Any:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs) -> Any:
        return self.request("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs) -> Any:
        return self.request("DELETE", path, **kwargs)

    # --- pagination ---------------------------------------------------------------------------

    def page(self, path: str, plural: str, *, count: int = 20, offset: int = 0, params: dict | None = None,
             **kwargs) -> Page:
        data = self.get(path, params={**(params or {}), "count": count, "offset": offset}, **kwargs)
        data = data if isinstance(data, dict) else {}
        items = data.get(plural) or []
        total = data.get("total_items")
        if isinstance(total, int) and not isinstance(total, bool):
            return Page(items=items, total=max(total, offset + len(items)), count=count, offset=offset)
        return Page(items=items, total=offset + len(items), count=count, offset=offset, total_known=False)

    def iterate(self, path: str, plural: str, *, page_size: int = 100, max_pages: int | None = None,
                max_items: int | None = None, params: dict | None = None, **kwargs) -> Iterator[dict]:
        """Every item of a collection, fetched page by page as it is consumed, within bounds.

        CareCloud's paging fields are input, not truth: a ``total_items`` that never runs out or
        pages that ignore ``offset`` must not make a page view loop. So the read stops when a page
        is empty, when the known total is reached, when a page brings nothing that was not seen
        already, and at a ceiling of pages and items (settings ``CARECLOUD_MAX_PAGES`` and
        ``CARECLOUD_MAX_ITEMS``); a ceiling or a repeating upstream that cuts the list is logged."""
        max_pages = max_pages if max_pages is not None else settings.CARECLOUD_MAX_PAGES
        max_items = max_items if max_items is not None else settings.CARECLOUD_MAX_ITEMS
        offset = pages = items = 0
        seen: set[str] = set()
        while True:
            page = self.page(path, plural, count=page_size, offset=offset, params=params, **kwargs)
            pages += 1
            fresh = [item for item in page.items if _identity(item) not in seen]
            seen.update(_identity(item) for item in fresh)
            if page.items and not fresh:
                log.warning("carecloud GET %s: page %d repeats what was read already; stopping at %d items",
                            _safe_path(path), pages, items)
                return
            for item in fresh:
                if items >= max_items:
                    log.warning("carecloud GET %s: list cut at the ceiling of %d items", _safe_path(path), max_items)
                    return
                items += 1
                yield item
            if not page.items or not page.has_next:
                return
            if pages >= max_pages:
                log.warning("carecloud GET %s: list cut at the ceiling of %d pages (%d items)", _safe_path(path),
                            max_pages, items)
                return
            offset += len(page.items)

    # --- helpers ------------------------------------------------------------------------------

    def _auth_header(self, token: str | None) -> dict:
        if self.auth_scheme == "basic":
            raw = f"{self.username}:{token or ''}".encode()
            return {"Authorization": "Basic " + base64.b64encode(raw).decode()}
        return {"Authorization": f"Bearer {token}"} if token else {}

    def _delay(self, attempt: int, retry_after: str | None = None) -> float | None:
        """Seconds to wait before the next attempt; None when the server asks for longer than a
        page can wait (the error is then raised at once)."""
        seconds = _seconds((retry_after or "").strip())  # None for an HTTP date: our own backoff
        if seconds is not None:
            return seconds if seconds <= MAX_RETRY_AFTER else None
        return min(self.backoff * 2 ** (attempt - 1), 2.0) * (0.5 + random.random() / 2)

    @staticmethod
    def _result(response: requests.Response) -> Any:
        if 200 <= response.status_code < 300:
            if response.status_code == 204 or not response.content:
                return None
            try:
                body = response.json()
            except ValueError as error:
                raise ServerError(response.status_code, title="Malformed response") from error
            if not isinstance(body, dict):
                raise ServerError(response.status_code, title="Malformed response")
            return body.get("data")
        try:
            body = response.json()
        except ValueError:
            body = None
        error = body.get("error") if isinstance(body, dict) else None
        error = error if isinstance(error, dict) else {}
        error_data = error.get("error_data") if isinstance(error.get("error_data"), dict) else {}
        invalid_params = error_data.get("invalid_params")
        invalid_params = [p for p in invalid_params if isinstance(p, dict)] if isinstance(invalid_params, list) else []
        retry_after = response.headers.get("Retry-After", "").strip()
        raise error_for_status(response.status_code)(
            response.status_code,
            title=str(error.get("title") or response.reason or ""),
            detail=str(error.get("detail") or ""),
            error_type=str(error.get("type") or ""),
            invalid_params=invalid_params,
            retry_after=_seconds(retry_after),
        )


def _identity(item: Any) -> str:
    """What tells one collection item from another when an upstream repeats itself."""
    return json.dumps(item, sort_keys=True, default=str)


def _seconds(value: str) -> float | None:
    try:
        return max(float(value), 0.0) if value else None
    except ValueError:
        return None


def _safe_path(path: str) -> str:
    """The path for a log line: a token id in it is a credential."""
    return _TOKEN_IN_PATH.sub(r"\1***", path)


class RedactTokensFilter(logging.Filter):
    """Masks token ids in URLs logged by libraries (urllib3 logs every request line at DEBUG,
    and the customer interface puts the token id into paths like ``/tokens/{token_id}/...``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken record is not ours to fix
            return True
        if "/tokens/" in message:
            record.msg, record.args = _TOKEN_IN_PATH.sub(r"\1***", message), None
        return True


for _logger_name in ("urllib3.connectionpool", "requests"):
    _logger = logging.getLogger(_logger_name)
    if not any(isinstance(f, RedactTokensFilter) for f in _logger.filters):
        _logger.addFilter(RedactTokensFilter())


_session_lock = threading.Lock()
_session: requests.Session | None = None
_client: CareCloudClient | None = None


def _shared_session() -> requests.Session:
    global _session
    with _session_lock:
        if _session is None:
            _session = requests.Session()
            adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=32)
            _session.mount("http://", adapter)
            _session.mount("https://", adapter)
        return _session


def client_for(base_url: str, **kwargs) -> CareCloudClient:
    """A client of one CareCloud interface with the project's timeouts and retries (settings)."""
    return CareCloudClient(base_url=base_url, connect_timeout=settings.CARECLOUD_CONNECT_TIMEOUT,
                           read_timeout=settings.CARECLOUD_READ_TIMEOUT, max_retries=settings.CARECLOUD_MAX_RETRIES,
                           **kwargs)


def get_client() -> CareCloudClient:
    """The process's client of the customer interface, configured from settings."""
    global _client
    if _client is None:
        _client = client_for(settings.CARECLOUD_API_URL, auth_scheme=settings.CARECLOUD_AUTH_SCHEME,
                             username=settings.CARECLOUD_USERNAME)
    return _client


@receiver(setting_changed)
def _reset_client(setting: str, **kwargs) -> None:
    global _client
    if setting.startswith("CARECLOUD_"):
        _client = None


__all__ = ["CareCloudClient", "CareCloudError", "Page", "get_client"]
