"""One client, one request method.

Every call goes through :meth:`CareCloudClient.request`, which builds the URL, sets the
authentication header and ``Accept-Language`` (the active Django language), applies timeouts
within the page's time budget (budget.py), retries idempotent GETs on connection errors, timeouts,
429 (honouring ``Retry-After``) and 500/502/503/504 while a retry still fits the budget, asks the
shared circuit breaker (breaker.py) before every attempt, and maps error statuses to
:mod:`.exceptions`. Writes are repeated only after a 429 (refused before processing, so provably
not done); never after a 5xx, a timeout or a dropped connection. One pooled ``requests.Session``
per process. Tokens and request bodies (passwords) never reach the log.
"""

from __future__ import annotations

import base64
import json
import logging
import random
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation

from . import budget, customer_cache
from .breaker import BreakerSettings, CircuitBreaker
from .exceptions import CareCloudError, ServerError, UnavailableError, error_for_status

log = logging.getLogger("portal.carecloud")

RETRY_STATUSES = {429, 500, 502, 503, 504}
# A write is sent again only when CareCloud provably did not carry it out: 429 is a refusal made
# before any processing (rate limited), so it is repeated after Retry-After within the budget. A
# 5xx, a timeout or a dropped connection may come after the write was done: never repeated.
WRITE_RETRY_STATUSES = {429}
FAILURE_STATUSES = {500, 502, 503, 504}  # what counts against CareCloud in the circuit breaker
MAX_RETRY_AFTER = 5.0  # seconds; a longer Retry-After is not waited for in a page request
MIN_ATTEMPT = 0.25  # seconds; an attempt with less of the budget left is not started
# Transport failures after which a GET may be repeated: no connection (refused, reset, DNS),
# a timeout, or an answer cut off mid-body. (requests' Timeout covers connect and read timeouts;
# the budget keeps a slow CareCloud from multiplying a page's wait.)
RETRY_EXCEPTIONS = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError)
_TOKEN_IN_PATH = re.compile(r"(/tokens/)[^/?\s\"]+")
# An authentication token handed over by another application (/account/continue/?token=...).
_TOKEN_IN_QUERY = re.compile(r"([?&](?:token|token_request_id)=)[^&\s\"']+")


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
                 backoff: float = 0.25, session: requests.Session | None = None,
                 breaker: BreakerSettings | None = None, file_hosts: tuple = ()):
        if auth_scheme not in ("bearer", "basic"):
            raise ValueError("auth_scheme must be 'bearer' or 'basic'")
        self.base_url = base_url.rstrip("/")
        self.auth_scheme = auth_scheme
        self.username = username
        self.timeout = (connect_timeout, read_timeout)
        self.max_retries = max_retries
        self.backoff = backoff
        self.session = session or _shared_session()
        self.breaker = CircuitBreaker(self.base_url, breaker or BreakerSettings(min_calls=0))
        self.file_hosts = {host.lower() for host in file_hosts}

    # --- the one request method ---------------------------------------------------------------

    def request(self, method: str, path: str, *, token: str | None = None, params: dict | None = None,
                json: Any = None, language: str | None = None, retries: int | None = None) -> Any:
        """Call CareCloud; return the ``data`` of the body (None for 204), or raise CareCloudError.
        ``retries`` lowers the attempts of a GET below the client's (a probe wants none)."""
        method = method.upper()
        url = self.base_url + path
        headers = {
            "Accept": "application/json",
            "Accept-Language": language or translation.get_language() or settings.LANGUAGE_CODE,
            **self._auth_header(token),
        }
        response = self._send(method, url, _safe_path(path), retries=retries, params=params, json=json,
                              headers=headers)
        result = self._result(response)
        if method != "GET":
            customer_cache.written_with(token)  # what was cached for this customer may be stale now
        return result

    def _send(self, method: str, url: str, what: str, *, retries: int | None = None, stream: bool = False,
              **kwargs) -> requests.Response:
        """One exchange, repeated for a GET on the failures worth repeating (for a write only on a
        429) while the page's budget allows, through the circuit breaker; ``what`` names it in the
        log (never a token)."""
        retries = min(self.max_retries, self.max_retries if retries is None else retries)
        # (never blindly repeat a write: only a 429, which CareCloud refused before doing anything)
        retry_statuses = RETRY_STATUSES if method == "GET" else WRITE_RETRY_STATUSES
        retry_exceptions = RETRY_EXCEPTIONS if method == "GET" else ()  # a write may have been done
        attempt = 0
        while True:
            timeout = self._timeout()
            if timeout is None:
                log.warning("carecloud %s %s not sent: the page's time budget is spent", method, what)
                raise UnavailableError(title="CareCloud time budget spent")
            probe = self.breaker.before_call()  # raises while the circuit is open
            started = time.monotonic()
            try:
                response = self.session.request(method, url, timeout=timeout, stream=stream, **kwargs)
            except requests.RequestException as error:
                self.breaker.after_call(failure=True, probe=probe)
                log.warning("carecloud %s %s failed: %s", method, what, type(error).__name__)
                if isinstance(error, retry_exceptions) and attempt < retries:
                    delay = self._delay(attempt + 1)
                    if delay is not None:
                        attempt += 1
                        time.sleep(delay)
                        continue
                raise UnavailableError(title="CareCloud is unreachable", detail=type(error).__name__) from error
            self.breaker.after_call(failure=response.status_code in FAILURE_STATUSES, probe=probe)
            elapsed = (time.monotonic() - started) * 1000
            log.info("carecloud %s %s -> %s in %.0f ms", method, what, response.status_code, elapsed)
            if response.status_code in retry_statuses and attempt < retries:
                delay = self._delay(attempt + 1, response.headers.get("Retry-After"))
                if delay is not None:
                    response.close()
                    attempt += 1
                    time.sleep(delay)
                    continue
            return response

    def download(self, url: str, *, max_bytes: int, hosts: tuple[str, ...] = ()) -> tuple[bytes, str]:
        """A file CareCloud made (e.g. a digital card file) from the URL it gave: ``(content,
        content type)``. Only from CareCloud's own host (or ``CARECLOUD_FILE_HOSTS``, or ``hosts``
        over https), so an odd URL cannot make the portal fetch from elsewhere; without the token
        (the URL is the file's key, and a token must not travel to another host); never more than
        ``max_bytes``."""
        parts = urlsplit(url) if isinstance(url, str) else None
        if not parts or parts.scheme not in ("http", "https") or not self._file_host_allowed(parts, hosts):
            raise ServerError(200, title="Unexpected file URL", detail=str(parts.hostname if parts else ""))
        what = f"file {parts.path[:60]}"
        response = self._send("GET", url, what, headers={"Accept": "*/*"}, stream=True)
        with response:
            if not 200 <= response.status_code < 300:
                response.content  # noqa: B018 - the error body (small) for the mapping below
                self._result(response)
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise ServerError(response.status_code, title="File too large", detail=declared)
            chunks, size = [], 0
            try:
                for chunk in response.iter_content(64 * 1024):
                    size += len(chunk)
                    if size > max_bytes:
                        raise ServerError(response.status_code, title="File too large", detail=f">{max_bytes}")
                    chunks.append(chunk)
            except requests.RequestException as error:
                raise UnavailableError(title="CareCloud file cut off", detail=type(error).__name__) from error
            content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            return b"".join(chunks), content_type

    def _file_host_allowed(self, parts, hosts: tuple[str, ...] = ()) -> bool:
        own = urlsplit(self.base_url)
        if (parts.scheme, parts.netloc.lower()) == (own.scheme, own.netloc.lower()):
            return True
        allowed = {*self.file_hosts, *(host.lower() for host in hosts)}
        return bool(parts.hostname) and parts.scheme == "https" and parts.hostname.lower() in allowed

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
                max_items: int | None = None, params: dict | None = None,
                on_cut: Callable[[str], None] | None = None, **kwargs) -> Iterator[dict]:
        """Every item of a collection, fetched page by page as it is consumed, within bounds.

        CareCloud's paging fields are input, not truth: a ``total_items`` that never runs out or
        pages that ignore ``offset`` must not make a page view loop. So the read stops when a page
        is empty, when the known total is reached, when a page brings nothing that was not seen
        already, and at a ceiling of pages and items (settings ``CARECLOUD_MAX_PAGES`` and
        ``CARECLOUD_MAX_ITEMS``); a ceiling or a repeating upstream that cuts the list is logged,
        and told to ``on_cut`` (with the reason) for a caller that must not pass a cut list as whole."""
        cut = on_cut or (lambda reason: None)
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
                if not (page.total_known and items >= page.total):
                    cut("repeating pages")
                return
            for item in fresh:
                if items >= max_items:
                    log.warning("carecloud GET %s: list cut at the ceiling of %d items", _safe_path(path), max_items)
                    cut("item ceiling")
                    return
                items += 1
                yield item
            if not page.items or not page.has_next:
                return
            if pages >= max_pages:
                log.warning("carecloud GET %s: list cut at the ceiling of %d pages (%d items)", _safe_path(path),
                            max_pages, items)
                cut("page ceiling")
                return
            offset += len(page.items)

    # --- helpers ------------------------------------------------------------------------------

    def _auth_header(self, token: str | None) -> dict:
        if self.auth_scheme == "basic":
            raw = f"{self.username}:{token or ''}".encode()
            return {"Authorization": "Basic " + base64.b64encode(raw).decode()}
        return {"Authorization": f"Bearer {token}"} if token else {}

    def _timeout(self) -> tuple[float, float] | None:
        """This attempt's (connect, read) timeouts, cut to what is left of the page's budget; None
        when too little is left to start one."""
        left = budget.remaining()
        if left is None:
            return self.timeout
        if left < MIN_ATTEMPT:
            return None
        return (min(self.timeout[0], left), min(self.timeout[1], left))

    def _delay(self, attempt: int, retry_after: str | None = None) -> float | None:
        """Seconds to wait before the next attempt; None when the server asks for longer than a
        page can wait, or when the wait and another attempt no longer fit the page's budget (the
        error is then raised at once)."""
        seconds = _seconds((retry_after or "").strip())  # None for an HTTP date: our own backoff
        if seconds is not None:
            delay = seconds if seconds <= MAX_RETRY_AFTER else None
        else:
            delay = min(self.backoff * 2 ** (attempt - 1), 2.0) * (0.5 + random.random() / 2)
        left = budget.remaining()
        if delay is not None and left is not None and delay + MIN_ATTEMPT > left:
            return None
        return delay

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
    and the customer interface puts the token id into paths like ``/tokens/{token_id}/...``), and
    the authentication token another application hands over in a query (``?token=...&
    token_request_id=...``, which Django's development server logs with the request line)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken record is not ours to fix
            return True
        redacted = message
        if "/tokens/" in redacted:
            redacted = _TOKEN_IN_PATH.sub(r"\1***", redacted)
        if "token" in redacted:
            redacted = _TOKEN_IN_QUERY.sub(r"\1***", redacted)
        if redacted != message:
            record.msg, record.args = redacted, None
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
    """A client of one CareCloud interface with the project's timeouts, retries, circuit breaker
    and file hosts (settings)."""
    return CareCloudClient(
        base_url=base_url,
        connect_timeout=settings.CARECLOUD_CONNECT_TIMEOUT,
        read_timeout=settings.CARECLOUD_READ_TIMEOUT,
        max_retries=settings.CARECLOUD_MAX_RETRIES,
        breaker=BreakerSettings(
            min_calls=settings.CARECLOUD_BREAKER_MIN_CALLS,
            failure_rate=settings.CARECLOUD_BREAKER_FAILURE_RATE,
            window=settings.CARECLOUD_BREAKER_WINDOW,
            open_seconds=settings.CARECLOUD_BREAKER_OPEN_SECONDS,
        ),
        file_hosts=tuple(getattr(settings, "CARECLOUD_FILE_HOSTS", ())),
        **kwargs,
    )


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
