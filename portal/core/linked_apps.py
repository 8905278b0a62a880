"""The retailer's other applications a member can be handed over to, signed in (the API guide's
"How to authenticate customers in external application"): one setting, PORTAL_LINKED_APPLICATIONS,
read here and checked by the system checks (portal.E040, portal.W040).

The setting is ``name|URL|external application id`` per application, applications separated by
``;``: ``Mobile app|https://app.example.com/signin|3b169801a9c6a6a1e888dffad4``. The URL is where the
application takes an authentication token: the portal sends the member there with ``token`` and
``token_request_id`` added to its query (docs/configuration.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings

APPLICATION_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")  # the ``ccid`` of portal/core/converters.py
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
HANDED_OVER = ("token", "token_request_id")  # the query parameters the portal adds


@dataclass(frozen=True)
class LinkedApplication:
    name: str
    url: str
    application_id: str

    def url_with(self, *, token: str, token_request_id: str) -> str:
        """The application's URL with the authentication token in its query (any ``token`` or
        ``token_request_id`` already there replaced, the rest kept)."""
        parts = urlsplit(self.url)
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in HANDED_OVER]
        query += [("token", token), ("token_request_id", token_request_id)]
        return urlunsplit(parts._replace(query=urlencode(query)))


def _entries(raw: str) -> list[str]:
    return [entry.strip() for entry in str(raw or "").split(";") if entry.strip()]


def entry_problem(entry: str) -> str | None:
    """What is wrong with one ``name|URL|id`` entry, or None."""
    fields = [field.strip() for field in entry.split("|")]
    if len(fields) != 3 or not all(fields):
        return "it must be name|URL|external application id"
    _name, url, application_id = fields
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return f"{url!r} is not an http(s) URL"
    if parts.fragment:
        return f"{url!r} has a #fragment (the token goes into the query)"
    if parts.scheme == "http" and parts.hostname not in LOCAL_HOSTS:
        return f"{url!r} is not https (the authentication token must not travel in clear)"
    if not APPLICATION_ID.fullmatch(application_id):
        return f"{application_id!r} is not a CareCloud id"
    return None


def problems() -> list[str]:
    """Every malformed entry of PORTAL_LINKED_APPLICATIONS, said in words (empty when all is well)."""
    raw = getattr(settings, "PORTAL_LINKED_APPLICATIONS", "")
    if not isinstance(raw, str):
        return ["it must be a string"]
    found = []
    for entry in _entries(raw):
        problem = entry_problem(entry)
        if problem:
            found.append(f"{entry!r}: {problem}")
    ids = [entry.split("|")[-1].strip() for entry in _entries(raw)]
    if len(ids) != len(set(ids)):
        found.append("an external application id is named twice")
    return found


def linked_applications() -> list[LinkedApplication]:
    """The well-formed linked applications, in the setting's order (a malformed entry is left out:
    the system check reports it)."""
    raw = getattr(settings, "PORTAL_LINKED_APPLICATIONS", "")
    apps, seen = [], set()
    for entry in _entries(raw if isinstance(raw, str) else ""):
        if entry_problem(entry):
            continue
        name, url, application_id = (field.strip() for field in entry.split("|"))
        if application_id not in seen:
            seen.add(application_id)
            apps.append(LinkedApplication(name=name, url=url, application_id=application_id))
    return apps


def linked_application(application_id: str) -> LinkedApplication | None:
    return next((app for app in linked_applications() if app.application_id == application_id), None)
