"""System checks for settings that cannot work together (docs/architecture.md, "Settings").

They run with every management command (``check``, ``runserver``, ``migrate``), so a bad
deployment says so at start-up rather than on the first customer's login.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

AUTH_SCHEMES = ("bearer", "basic")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}
# settings.py's development default, and the prefix of the keys ``startproject`` writes.
DEV_SECRET_KEY_PREFIXES = ("dev-only-insecure-", "django-insecure-")


def is_interface_url(url: object) -> bool:
    """A CareCloud interface's base URL: http(s), a host, ending in /v1.0."""
    parts = urlsplit(url) if isinstance(url, str) else None
    return bool(parts and parts.scheme in ("http", "https") and parts.hostname
                and parts.path.rstrip("/").endswith("/v1.0"))


@register(Tags.compatibility, "portal")
def check_carecloud_settings(app_configs=None, **kwargs) -> list:
    problems = []
    scheme = getattr(settings, "CARECLOUD_AUTH_SCHEME", None)
    if scheme not in AUTH_SCHEMES:
        problems.append(Error(
            f"CARECLOUD_AUTH_SCHEME is {scheme!r}; it must be 'bearer' or 'basic'.",
            hint="Use 'bearer' (the current API spec) or 'basic' (the older API guide), as the CareCloud "
                 "project expects.",
            id="portal.E001",
        ))

    url = getattr(settings, "CARECLOUD_API_URL", None) or ""
    host = urlsplit(url).hostname if isinstance(url, str) else None
    if not is_interface_url(url):
        problems.append(Error(
            f"CARECLOUD_API_URL is {url!r}; it must be an http(s) URL of the customer interface "
            "ending in /v1.0.",
            hint="For example https://<project>.crmcarecloud.com/webservice/rest-api/customer-interface/v1.0",
            id="portal.E002",
        ))

    if not str(getattr(settings, "CARECLOUD_EXTERNAL_APP_ID", "") or "").strip():
        problems.append(Error(
            "CARECLOUD_EXTERNAL_APP_ID is empty; CareCloud creates no token without it.",
            hint="Set it to the portal's external application id in the CareCloud project.",
            id="portal.E003",
        ))

    if not settings.DEBUG:
        if host and host.lower() in LOCAL_HOSTS:
            problems.append(Warning(
                "DEBUG is False but CARECLOUD_API_URL points at this machine (the development default?).",
                hint="Set CARECLOUD_API_URL to the CareCloud project's customer-interface URL.",
                id="portal.W001",
            ))
        if str(settings.SECRET_KEY).startswith(DEV_SECRET_KEY_PREFIXES):
            problems.append(Warning(
                "DEBUG is False but SECRET_KEY is the development default.",
                hint="Set SECRET_KEY in the environment to a long random value.",
                id="portal.W002",
            ))
        backend = settings.CACHES.get("default", {}).get("BACKEND", "")
        if backend.endswith(("LocMemCache", "DummyCache")):
            problems.append(Warning(
                "DEBUG is False but the cache is per process: each worker counts failed logins apart.",
                hint="Set CACHE_URL to a Redis cache (redis://...): the rate limits are counted there, shared.",
                id="portal.W003",
            ))
    return problems


def production_problems() -> list[str]:
    """What must never reach production: checked when gunicorn starts (``on_starting`` in
    gunicorn.conf.py; not in wsgi.py, which runserver loads too), so a deployment without its
    secret fails at once instead of running with a development key."""
    problems = []
    if settings.DEBUG:
        problems.append("DEBUG is on; set DEBUG=False (the environment's default) for gunicorn.")
    key = str(getattr(settings, "SECRET_KEY", "") or "")
    if not key or key.startswith(DEV_SECRET_KEY_PREFIXES):
        problems.append("SECRET_KEY is missing or the development default; set it to a long random value.")
    elif len(key) < 50 or len(set(key)) < 5:
        problems.append("SECRET_KEY is too short or too simple; use 50+ random characters.")
    return problems


@register(Tags.compatibility, "portal")
def check_account_settings(app_configs=None, **kwargs) -> list:
    """Registration cannot work without a customer source, and the forgotten-password form needs a
    channel it knows."""
    problems = []
    if not str(getattr(settings, "PORTAL_CUSTOMER_SOURCE_ID", "") or "").strip():
        problems.append(Error(
            "PORTAL_CUSTOMER_SOURCE_ID is empty; CareCloud registers no customer without a customer source.",
            hint="Set it to the customer_source_id of the portal's web source (GET /customer-sources).",
            id="portal.E004",
        ))
    channels = [str(c).strip() for c in getattr(settings, "PORTAL_PASSWORD_SETUP_CHANNELS", []) or []]
    unknown = sorted(set(channels) - {"email", "sms"})
    if unknown or not channels:
        problems.append(Error(
            f"PORTAL_PASSWORD_SETUP_CHANNELS is {channels!r}; it must name 'email', 'sms' or both.",
            hint="The forgotten-password form sends its link by e-mail or by text message.",
            id="portal.E005",
        ))
    return problems


@register(Tags.compatibility, "portal")
def check_public_pages_and_attribution(app_configs=None, **kwargs) -> list:
    """The UTM → customer source mapping, the attribution cookie and the public pages' settings."""
    from .attribution import CARECLOUD_ID, KEY_KINDS, split_key

    problems = []
    mapping = getattr(settings, "PORTAL_UTM_SOURCE_MAP", {})
    example = "newsletter=<customer_source_id>,utm_campaign:autumn_2026=<customer_source_id>"
    if not isinstance(mapping, dict):
        problems.append(Error(
            f"PORTAL_UTM_SOURCE_MAP is {mapping!r}; it must be key=value pairs separated by commas.",
            hint=f"For example {example} (ids from GET /customer-sources).",
            id="portal.E010",
        ))
        mapping = {}
    for key, value in mapping.items():
        kind, name = split_key(str(key))
        if not name:
            problems.append(Error(
                f"PORTAL_UTM_SOURCE_MAP has an entry without a name: {key!r}={value!r}.",
                hint=f"Keys are a utm_source value or {', '.join(k + ':<value>' for k in KEY_KINDS)}.",
                id="portal.E011",
            ))
        if not CARECLOUD_ID.fullmatch(str(value).strip()):
            problems.append(Error(
                f"PORTAL_UTM_SOURCE_MAP maps {key!r} to {value!r}, which is not a CareCloud id.",
                hint="Values are customer_source_id values from GET /customer-sources (letters, digits, - and _).",
                id="portal.E012",
            ))
        prefix, colon, _ = str(key).partition(":")
        if colon and kind == "utm_source" and prefix.strip().lower().startswith(("utm", "campaign")):
            problems.append(Warning(
                f"PORTAL_UTM_SOURCE_MAP key {key!r} has an unknown prefix; it is read as a utm_source value.",
                hint=f"Known prefixes: {', '.join(k + ':' for k in KEY_KINDS)}",
                id="portal.W010",
            ))

    for name in ("PORTAL_ATTRIBUTION_COOKIE_AGE", "PORTAL_PUBLIC_CACHE_SECONDS"):
        value = getattr(settings, name, 0)
        if not isinstance(value, int) or value < 0:
            problems.append(Error(f"{name} is {value!r}; it must be a whole number of seconds, 0 or more.",
                                  id="portal.E013"))

    public_url = getattr(settings, "PORTAL_PUBLIC_URL", "") or ""
    parts = urlsplit(public_url) if isinstance(public_url, str) else None
    if public_url and (not parts or parts.scheme not in ("http", "https") or not parts.hostname
                       or parts.path not in ("", "/") or parts.query):
        problems.append(Error(
            f"PORTAL_PUBLIC_URL is {public_url!r}; it must be the portal's origin, e.g. https://club.example.com.",
            id="portal.E014",
        ))
    return problems


@register(Tags.compatibility, "portal")
def check_rate_limits(app_configs=None, **kwargs) -> list:
    """PORTAL_RATE_LIMITS must be rules the portal can apply, and the cache one that the rate limits'
    moving windows can live in (portal/core/ratelimit.py)."""
    from . import ratelimit

    problems = [Error(
        f"PORTAL_RATE_LIMITS: {problem}.",
        hint="Write action=amount/period/key,... separated by ';', e.g. "
             "\"login=20/5m/ip,10/5m/account-ip,20/5m/account; export=10/h/customer,30/h/ip\" "
             "(docs/security.md lists the actions and their keys).",
        id="portal.E020",
    ) for problem in ratelimit.problems()]
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if not backend.endswith((*ratelimit.SHARED_BACKENDS, *ratelimit.PER_PROCESS_BACKENDS)):
        problems.append(Error(
            f"The cache {backend} cannot hold the rate limits (moving windows need Redis): "
            "each process would count apart.",
            hint="Set CACHE_URL to redis://... (or locmemcache:// for one development process).",
            id="portal.E021",
        ))
    return problems


@register(Tags.compatibility, "portal")
def check_theme(app_configs=None, **kwargs) -> list:
    """PORTAL_THEME must name a complete theme folder (portal/core/theme.py, docs/themes.md)."""
    from . import theme

    name = getattr(settings, "PORTAL_THEME", "")
    return [Error(
        f"PORTAL_THEME {name!r}: {problem}.",
        hint=f"A theme is a folder static/themes/<name>/ with theme.toml, theme.css, its logo, icons and "
             f"default picture (docs/themes.md); the shipped ones are {', '.join(sorted(theme.shipped()))}.",
        id="portal.E030",
    ) for problem in theme.problems(name)]


@register(Tags.compatibility, "portal")
def check_linked_applications(app_configs=None, **kwargs) -> list:
    """PORTAL_LINKED_APPLICATIONS: each entry name|URL|external application id, the URL https (http
    only on this machine), each application once (portal/core/linked_apps.py)."""
    from . import linked_apps

    return [Error(
        f"PORTAL_LINKED_APPLICATIONS: {problem}.",
        hint="Write name|https://...|<external application id> per application, separated by ';' "
             "(docs/configuration.md).",
        id="portal.E040",
    ) for problem in linked_apps.problems()]


@register(Tags.compatibility, "portal")
def check_percent_reward_types(app_configs=None, **kwargs) -> list:
    """PORTAL_PERCENT_REWARD_TYPES: CareCloud ids of reward types, whose vouchers' value is a
    percentage (portal/rewards/shaping.py). A malformed entry would silently show that type's
    percentages as money."""
    from .attribution import CARECLOUD_ID

    value = getattr(settings, "PORTAL_PERCENT_REWARD_TYPES", [])
    hint = "Write the reward_type_id values of GET /reward-types separated by commas (docs/configuration.md)."
    if not isinstance(value, (list, tuple)):
        return [Error(f"PORTAL_PERCENT_REWARD_TYPES is {value!r}; it must be a list of reward type ids.",
                      hint=hint, id="portal.E050")]
    return [Error(f"PORTAL_PERCENT_REWARD_TYPES names {item!r}, which is not a CareCloud id.", hint=hint,
                  id="portal.E051")
            for item in value if not CARECLOUD_ID.fullmatch(str(item).strip())]
