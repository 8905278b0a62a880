"""Marketing attribution: which link brought a visitor, so that a registration can tell CareCloud
where the customer came from (the customer source).

**What is remembered**: ``utm_source``, ``utm_medium`` and ``utm_campaign`` of a tagged link, the
CareCloud campaign the visitor arrived through (its id, when the link was a campaign page) and
when. Nothing else of the URL or the visitor: no other parameter, no IP, no referrer, no customer
id. A value that looks like an e-mail address is dropped, and values are cut at 100 characters.

**Where**: in the session (server-side, for this visit) and, **only when the visitor accepted
marketing cookies** (portal/core/cookies.py), in a signed first-party cookie, ``portal_attribution``
(HttpOnly, SameSite=Lax, Secure like the session cookie), which lives
``PORTAL_ATTRIBUTION_COOKIE_AGE`` seconds (default 30 days; 0 sends no cookie). The cookie is
what carries the attribution to a registration that happens days later, or after a logout
(which empties the session); without consent the attribution lasts the visit. It is signed so
that nobody can make the portal claim a source the visitor was not sent from by editing it.

**Which touch counts: the last non-direct one.** A visit through a tagged link (any page with a
``utm_*`` parameter) or through a campaign's stable link from outside the portal replaces what was
remembered; browsing inside the portal or coming back directly keeps it. Registration is what the
campaign is meant to cause, so the link that brought the visitor last is the one that caused it;
it is also what web analytics credit by default, so CareCloud's figures agree with theirs. The
cookie's lifetime bounds how old a touch may be.

Tagged requests are never served from or stored in a shared cache (they are made private), or the
portal would not see the visitors a CDN answers.

**Mapping to CareCloud**: :func:`customer_source_id` looks the attribution up in
``PORTAL_UTM_SOURCE_MAP`` (``key=customer_source_id`` pairs, comma-separated, from the
environment): ``utm_campaign:<value>`` first, then ``campaign:<CareCloud campaign id>``, then
``utm_source:<value>`` (a key without a prefix is a utm_source). Names compare case-insensitively.
An id CareCloud does not list in ``GET /customer-sources`` is ignored like an unknown value: None,
and the caller uses its default source.
"""

from __future__ import annotations

import logging
import re
import time
import unicodedata
from dataclasses import asdict, dataclass, replace

from django.conf import settings
from django.core import signing
from django.utils.http import url_has_allowed_host_and_scheme

from portal.carecloud import anonymous, reference, resources
from portal.carecloud.exceptions import CareCloudError

from .caching import make_private
from .cookies import allows_marketing

log = logging.getLogger(__name__)

COOKIE_NAME = "portal_attribution"
SESSION_KEY = "portal_attribution"
SALT = "portal.core.attribution"
UTM_PARAMETERS = {"utm_source": "source", "utm_medium": "medium", "utm_campaign": "campaign"}
MAX_LENGTH = 100
# Keys of PORTAL_UTM_SOURCE_MAP, most specific first.
KEY_KINDS = ("utm_campaign", "campaign", "utm_source")
CARECLOUD_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")


@dataclass(frozen=True)
class Attribution:
    source: str = ""
    medium: str = ""
    campaign: str = ""
    campaign_id: str = ""  # the CareCloud campaign the visitor arrived through
    at: int = 0  # when (Unix time)

    def as_dict(self) -> dict:
        return {name: value for name, value in asdict(self).items() if value}

    @classmethod
    def from_dict(cls, data) -> Attribution | None:
        if not isinstance(data, dict):
            return None
        at = data.get("at")
        attribution = cls(**{name: clean(data.get(name)) for name in ("source", "medium", "campaign", "campaign_id")},
                          at=at if isinstance(at, int) and not isinstance(at, bool) else 0)
        return attribution if attribution.as_dict().keys() - {"at"} else None


def clean(value) -> str:
    """A UTM value fit to keep: text without control characters, at most 100 characters, and
    nothing that looks like an e-mail address (some mailing tools put the subscriber's there)."""
    if not isinstance(value, str):
        return ""
    value = "".join(c for c in value if unicodedata.category(c)[0] != "C").strip()[:MAX_LENGTH]
    return "" if "@" in value else value


# --- reading -----------------------------------------------------------------------------------------


def current_attribution(request) -> Attribution | None:
    """What brought this visitor: the session's record, else the cookie's, else None."""
    session = getattr(request, "session", None)
    found = Attribution.from_dict(session.get(SESSION_KEY)) if session is not None else None
    return found or _from_cookie(request)


def _from_cookie(request) -> Attribution | None:
    value = request.COOKIES.get(COOKIE_NAME)
    age = settings.PORTAL_ATTRIBUTION_COOKIE_AGE
    if not value or age <= 0 or not allows_marketing(request):
        return None
    try:
        return Attribution.from_dict(signing.loads(value, salt=SALT, max_age=age))
    except signing.BadSignature:  # edited, or older than the cookie's lifetime
        return None


# --- the mapping to CareCloud's customer sources ----------------------------------------------------


def source_map(raw=None) -> dict[tuple[str, str], str]:
    """``PORTAL_UTM_SOURCE_MAP`` as {(kind, lower-case name): customer_source_id}; entries the
    system check reports (see checks.py) are left out."""
    raw = settings.PORTAL_UTM_SOURCE_MAP if raw is None else raw
    if not isinstance(raw, dict):
        return {}
    mapping = {}
    for key, value in raw.items():
        kind, name = split_key(str(key))
        value = str(value).strip()
        if name and CARECLOUD_ID.fullmatch(value):
            mapping[(kind, name.casefold())] = value
    return mapping


def split_key(key: str) -> tuple[str, str]:
    """``"utm_campaign:autumn"`` → ("utm_campaign", "autumn"); a key without a known prefix is a
    utm_source (whose value may itself contain a colon)."""
    key = key.strip()
    kind, colon, name = key.partition(":")
    if colon and kind.strip().lower() in KEY_KINDS:
        return kind.strip().lower(), name.strip()
    return "utm_source", key


def customer_source_id(attribution: Attribution | None) -> str | None:
    """The CareCloud customer source the mapping gives this attribution, or None (no attribution,
    no entry for it, or an id CareCloud does not know): the caller then uses its default."""
    if attribution is None:
        return None
    mapping = source_map()
    values = {"utm_campaign": attribution.campaign, "campaign": attribution.campaign_id,
              "utm_source": attribution.source}
    for kind in KEY_KINDS:
        source_id = mapping.get((kind, values[kind].casefold())) if values[kind] else None
        if source_id:
            return source_id if _is_known_source(source_id) else None
    return None


def _is_known_source(source_id: str) -> bool:
    """Whether CareCloud lists the id (GET /customer-sources, cached): a typo in the mapping must
    fall back to the default source rather than fail every registration. When the list cannot be
    read, the configured id is trusted."""
    try:
        sources = reference.cached("customer-sources",
                                   lambda: anonymous.read(lambda token: resources.customer_sources(token=token)))
    except CareCloudError as error:
        log.warning("customer sources could not be read to check the UTM mapping: %s", error)
        return True
    if any(isinstance(s, dict) and s.get("customer_source_id") == source_id for s in sources):
        return True
    log.warning("PORTAL_UTM_SOURCE_MAP names customer source %s, which CareCloud does not list", source_id)
    return False


# --- recording ---------------------------------------------------------------------------------------


def note_campaign(request, campaign_id: str, *, landing: bool = False) -> None:
    """A campaign page tells which campaign the visitor is on. It joins a tagged link's touch; and
    the campaign's stable link (``landing``) is a touch of its own unless the visitor came to it
    from another page of the portal."""
    touch = getattr(request, "_attribution_touch", None)
    if touch is not None:
        request._attribution_touch = replace(touch, campaign_id=clean(campaign_id))
    elif landing and not _from_this_site(request):
        request._attribution_touch = Attribution(campaign_id=clean(campaign_id), at=int(time.time()))


def _touch(request) -> Attribution | None:
    if request.method not in ("GET", "HEAD"):
        return None
    found = {field: clean(request.GET.get(parameter)) for parameter, field in UTM_PARAMETERS.items()}
    if not any(found.values()):
        return None
    return Attribution(**found, at=int(time.time()))


def _from_this_site(request) -> bool:
    referer = request.headers.get("Referer", "")
    return bool(referer) and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()})


def remember(request, response, attribution: Attribution) -> None:
    """Keep ``attribution`` in the session and the cookie, and keep the response out of shared
    caches (it sets a cookie, and the next visitor's touch must reach the portal too)."""
    data = attribution.as_dict()
    request.session[SESSION_KEY] = data
    if allows_marketing(request):
        _set_cookie(response, data)
    make_private(response)


def _set_cookie(response, data: dict) -> None:
    age = settings.PORTAL_ATTRIBUTION_COOKIE_AGE
    if age > 0:
        response.set_cookie(COOKIE_NAME, signing.dumps(data, salt=SALT, compress=True), max_age=age,
                            httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)


def remember_in_cookie(request, response) -> None:
    """Consent just given: the visit's attribution (kept in the session) goes into the cookie."""
    session = getattr(request, "session", None)
    found = Attribution.from_dict(session.get(SESSION_KEY)) if session is not None else None
    if found is not None:
        _set_cookie(response, found.as_dict())


def forget_cookie(request, response) -> None:
    """Consent declined or withdrawn: the attribution cookie goes (the session's stays, for the visit)."""
    if COOKIE_NAME in request.COOKIES:
        response.delete_cookie(COOKIE_NAME, samesite="Lax")


class AttributionMiddleware:
    """Notes a tagged link's touch before the view (which may add its campaign) and remembers it
    after. Runs inside SessionMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._attribution_touch = _touch(request)
        response = self.get_response(request)
        touch = getattr(request, "_attribution_touch", None)
        if touch is not None and response.status_code < 500:
            remember(request, response, touch)
        return response
