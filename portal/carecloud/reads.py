"""Reads of one page made together: secondary reads that may fail without failing the page, and
independent reads run at once in a small pool (the page waits for the slowest, not the sum)."""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.utils import translation

from . import exceptions as cc

log = logging.getLogger(__name__)


def optional(what: str, call: Callable[[], Any], default: Any = None) -> Any:
    """A secondary read: its failure (other than an expired session) leaves a gap, not an error page."""
    try:
        return call()
    except cc.AuthenticationError:
        raise
    except cc.CareCloudError as error:
        log.warning("CareCloud read for %s failed: %s", what, error)
        return default


_POOL = ThreadPoolExecutor(max_workers=16, thread_name_prefix="carecloud-read")


def concurrently(**reads: Callable[[], Any]) -> dict[str, Any]:
    """Independent CareCloud reads of one page at once: the page waits for the slowest call, not
    for their sum. Each runs in the caller's language (Accept-Language follows it); give them plain
    values (token, ids), never the request or session, which belong to the caller's thread. An
    exception is raised here, in the caller, as if the read had run in line. Each read runs in a
    copy of the caller's context, so the request id reaches the client's log lines."""
    language = translation.get_language()

    def in_language(read: Callable[[], Any]) -> Any:
        with translation.override(language):
            return read()

    futures = {name: _POOL.submit(contextvars.copy_context().run, in_language, read) for name, read in reads.items()}
    return {name: future.result() for name, future in futures.items()}
