"""Where a ``next`` parameter may send a visitor: only to a path of this portal.

The portal only ever puts its own paths into ``next`` (``request.get_full_path()``: percent-encoded,
no spaces, no backslashes), so anything else is refused rather than interpreted: a scheme
(``http:``, ``javascript:``), a host (``//evil.com``), a backslash that browsers read as a slash
(``/\\evil.com``), whitespace or control characters that browsers drop (``\\t//evil.com``), and the
same tricks percent-encoded once more in the path (``/%2F%2Fevil.com``, ``/%5Cevil.com``) for a
proxy or framework that decodes twice. Django's own check runs as well.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote

from django.utils.http import url_has_allowed_host_and_scheme

MAX_LENGTH = 2048


def _is_plain_path(value: str) -> bool:
    return (
        value.startswith("/")
        and not value.startswith(("//", "/\\"))
        and "\\" not in value
        and not any(c.isspace() or unicodedata.category(c)[0] == "C" for c in value)
    )


def is_safe_next(target, request) -> bool:
    """True when ``target`` is a path on this site (with its query string), safe to redirect to."""
    if not isinstance(target, str) or not target or len(target) > MAX_LENGTH:
        return False
    path = target.split("?", 1)[0].split("#", 1)[0]
    if not (_is_plain_path(target) and _is_plain_path(unquote(path))):
        return False
    return url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure())
