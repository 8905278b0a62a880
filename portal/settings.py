"""Settings for the CareCloud customer portal.

Everything that differs between machines is read from the environment (django-environ), in this
one module, with defaults that make ``make run`` work on a fresh clone. docs/configuration.md has the table.
"""

from email.utils import parseaddr
from pathlib import Path

import environ

from portal.core import theme

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A developer may keep local overrides in .env (never committed); the environment wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Off unless asked for: `make run` sets DEBUG=True for development.
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str(
    "SECRET_KEY",
    default="dev-only-insecure-key-change-me-in-production-0123456789abcdef",
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # its widget templates, for the project's form renderer
    "portal.core",
    "portal.accounts",
    # The member's pages, a package per feature (README "Layout").
    "portal.overview",
    "portal.profile",
    "portal.aboutyou",
    "portal.mydata",
    "portal.cards",
    "portal.rewards",
    "portal.points",
    "portal.purchases",
    "portal.stampcards",
    "portal.inbox",
    "portal.stores",
    "portal.credits",
    "portal.campaigns",
    "csp",
    # Staff accounts (docs/staff-preview.md): e-mail + password + a mandatory second factor.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Customers' sign-in with a social account (portal/accounts/social.py): never a Django user.
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.apple",
    "allauth.socialaccount.providers.facebook",
    "allauth.socialaccount.providers.openid_connect",
    "portal.staff",
]

MIDDLEWARE = [
    "portal.core.caching.SharedCacheGuardMiddleware",  # outermost: sees every cookie set inside
    "portal.core.requestid.RequestIdMiddleware",
    "portal.carecloud.budget.BudgetMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every answer (docs/security.md).
    "portal.core.csp.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Staff have their own session (own cookie, store and age); it is request.session on /staff/.
    "portal.staff.middleware.StaffSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A form body in another charset than UTF-8 is a 400 before anything reads it (CSRF would, first).
    "portal.core.charset.FormCharsetMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.staff.middleware.SecondFactorRequiredMiddleware",
    "portal.accounts.middleware.CustomerSessionMiddleware",
    # A staff member's preview: request.customer is the previewed customer, and nothing but GET/HEAD.
    "portal.staff.middleware.PreviewMiddleware",
    "portal.accounts.middleware.TokenLanguageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.core.attribution.AttributionMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.core.context_processors.portal",
                "portal.inbox.context_processors.new_messages_badge",
                "portal.staff.context_processors.preview",
            ],
        },
    },
]

# Every form field is drawn by templates/components/field.html (portal/core/forms.py).
FORM_RENDERER = "portal.core.forms.PortalFormRenderer"

WSGI_APPLICATION = "portal.wsgi.application"

VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # the SQLite files of a fresh clone live here

# The portal's own data: sessions, staff users, the audit trail (customers live in CareCloud).
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}")}
for _db in DATABASES.values():
    if _db["ENGINE"].endswith("postgresql"):
        # Keep connections between requests (a worker thread reuses its own), checked before reuse.
        _db["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
        _db["CONN_HEALTH_CHECKS"] = True
    if _db["ENGINE"].endswith("sqlite3"):
        # Concurrent readers with one writer: the threaded dev servers and tests need it.
        _db.setdefault("OPTIONS", {}).update({"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's default hashers unless told otherwise (the test suite picks a fast one).
PASSWORD_HASHERS = env.list(
    "PASSWORD_HASHERS",
    default=[
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
        "django.contrib.auth.hashers.ScryptPasswordHasher",
    ],
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="cs")
LANGUAGES = [("en", "English"), ("cs", "Čeština")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates in the British style ("19 Dec 2026"), the same on every page (portal/core/formats/en).
FORMAT_MODULE_PATH = ["portal.core.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Prague")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Logs: one line per event with the request id (portal/core/requestid.py); LOG_FORMAT=json gives
# one JSON object per line for a log pipeline. Token ids are masked in every line either process
# logs (they travel in paths: /tokens/{token_id}/...), Django's own "Unauthorized: <path>" included.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "filters": {
        "redact_tokens": {"()": "portal.carecloud.client.RedactTokensFilter"},
        "request_id": {"()": "portal.core.requestid.RequestIdFilter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json" if LOG_FORMAT == "json" else "plain",
                             "filters": ["redact_tokens", "request_id"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Django's own loggers through the same (redacting) handler, instead of its DEBUG-only console.
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # The development server's request lines (4xx/5xx) through the redacting handler too: a hand-over
        # link's query carries an authentication token (without a handler they went to logging's lastResort).
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# Sessions hold the customer's CareCloud token: server-side, HTTP-only cookie. With a shared cache
# (CACHE_URL=redis://...) they are read from it and written through to the database (cached_db):
# fast, shared by every instance, and a cache restart logs nobody out. With the per-process cache
# of development they stay in the database alone (a per-process copy could outlive a logout made
# through another process).
SESSION_ENGINE = env.str("SESSION_ENGINE", default="")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)

# Production behind a TLS-terminating proxy: trust its scheme header, redirect to HTTPS, HSTS, and
# the portal's public origin(s) for CSRF's Origin check (e.g. https://club.example.com).
if env.bool("SECURE_PROXY_SSL", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
# On by default: they only take effect with SECURE_HSTS_SECONDS, and a portal's subdomains are the
# retailer's own sites served over HTTPS. Preloading is a promise to browsers that is slow to undo:
# switch it off (SECURE_HSTS_PRELOAD=False) where the domain is not ready for it.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
# Other sites learn the portal's origin at most (never a path with an id or a token in it).
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The load balancer's probes may come over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # no script reads it: every form carries the token
LANGUAGE_COOKIE_SAMESITE = "Lax"

# The cache, and with it the rate limits' counts: per process by default (fine for one development
# process), a shared one in production (CACHE_URL=redis://..., which the rate limits share too).
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
# Keeps the portal's keys apart in a cache shared with other applications (or other test runs).
CACHES["default"]["KEY_PREFIX"] = env.str("CACHE_KEY_PREFIX", default="portal")
SHARED_CACHE = not CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache"))
SESSION_ENGINE = SESSION_ENGINE or (
    "django.contrib.sessions.backends.cached_db" if SHARED_CACHE else "django.contrib.sessions.backends.db")

# Rate limits of the login (portal/accounts/throttle.py) and of every form (portal/core/ratelimit.py,
# whose DEFAULT_RATE_LIMITS is the table of every limit, docs/security.md): moving windows, counted
# in Redis with a Redis cache (shared by all workers: use one in production), else per process.
# PORTAL_RATE_LIMITS replaces any action's rules, "action=amount/period/key,...; action=...", e.g.
# "login=30/5m/ip,10/5m/account-ip,20/5m/account; export=5/h/customer,30/h/ip" (checked at start-up).
PORTAL_RATE_LIMITS = env.str("PORTAL_RATE_LIMITS", default="")
# Behind a reverse proxy, RATELIMIT_IP_META_KEY names the header with the client's IP.
if env.str("RATELIMIT_IP_META_KEY", default=""):
    RATELIMIT_IP_META_KEY = env.str("RATELIMIT_IP_META_KEY")
# Seconds a failed login takes at least (above CareCloud's slowest failure, so that an unknown
# account answers as late as a wrong password), and every login on an account under attack.
PORTAL_LOGIN_FAILURE_FLOOR = env.float("PORTAL_LOGIN_FAILURE_FLOOR", default=1.0)
PORTAL_LOGIN_SLOW_FLOOR = env.float("PORTAL_LOGIN_SLOW_FLOOR", default=3.0)
# Failures through an account's e-mail, phone and cards count together: the enterprise service user
# (CARECLOUD_ENTERPRISE_LOGIN) finds whose login value failed. Without it, or False: per login value.
PORTAL_LOGIN_ACCOUNT_LOOKUP = env.bool("PORTAL_LOGIN_ACCOUNT_LOOKUP", default=True)
# The project's country (ISO 3166 alpha-2): a phone number typed without its country code is of it
# (the one login field, registration, the forgotten password and the sign-in with a code).
PORTAL_PHONE_REGION = env.str("PORTAL_PHONE_REGION", default="CZ").upper()

# The retailer's theme: a folder static/themes/<name>/ with its logo, icons, colours, font, default
# picture, legal links, support contact and texts (portal/core/theme.py; docs/themes.md).
PORTAL_THEME = env.str("PORTAL_THEME", default="zrnko")
# The brand's name comes from the theme; set, this overrides it.
PORTAL_BRAND_NAME = env.str("PORTAL_BRAND_NAME", default="")
try:  # the brand in what is settled at start-up (e-mails' sender, the authenticator's issuer)
    _BRAND = PORTAL_BRAND_NAME or theme.read(PORTAL_THEME).name
except theme.ThemeError:  # the start-up checks say what is wrong (portal.E030)
    _BRAND = PORTAL_BRAND_NAME or "Portal"

# The card files the CareCloud project makes (postGenerateDigitalCard): "png" (barcode), "qr-png",
# "wallet" (an Apple Wallet pass: only where the project has a pass certificate configured).
PORTAL_CARD_FILES = env.list("PORTAL_CARD_FILES", default=["png", "qr-png", "wallet"])

# "Download my data" (how often: the "export" rate limit): the ceilings of each list it reads whole.
# An export must be complete, so they are far above a page's (CARECLOUD_MAX_PAGES/_ITEMS), yet
# bounded: an upstream whose paging never ends cannot hold a worker, and a list cut at them makes the
# export say it is incomplete.
PORTAL_EXPORT_MAX_PAGES = env.int("PORTAL_EXPORT_MAX_PAGES", default=200)
PORTAL_EXPORT_MAX_ITEMS = env.int("PORTAL_EXPORT_MAX_ITEMS", default=20000)
# Seconds all the reads of one export may take together (its own budget, like CARECLOUD_PAGE_BUDGET
# for a page); below gunicorn's worker timeout.
PORTAL_EXPORT_BUDGET = env.float("PORTAL_EXPORT_BUDGET", default=30.0)

# --- CareCloud: the project the portal talks to (default: what `make run` serves on :8001) --------
# The customer-interface base URL up to /v1.0.
CARECLOUD_API_URL = env.str(
    "CARECLOUD_API_URL",
    default="http://127.0.0.1:8001/webservice/rest-api/customer-interface/v1.0",
)
# "bearer" (the current spec) or "basic" (the API guide: base64("<user name>:<token>")).
CARECLOUD_AUTH_SCHEME = env.str("CARECLOUD_AUTH_SCHEME", default="bearer").lower()
CARECLOUD_USERNAME = env.str("CARECLOUD_USERNAME", default="customer_interface")
# The portal's external application id in the CareCloud project (default: the one `make run` seeds).
CARECLOUD_EXTERNAL_APP_ID = env.str("CARECLOUD_EXTERNAL_APP_ID", default="a06f94938c68356a6555b8da23")
CARECLOUD_CONNECT_TIMEOUT = env.float("CARECLOUD_CONNECT_TIMEOUT", default=3.05)
CARECLOUD_READ_TIMEOUT = env.float("CARECLOUD_READ_TIMEOUT", default=10.0)
# Extra attempts for idempotent GETs on connection errors, timeouts, 429 and 500/502/503/504, while
# they fit the page's time budget: the seconds one request may spend on CareCloud, all calls and
# retries together (a page's own reads run at once, so they share it).
CARECLOUD_MAX_RETRIES = env.int("CARECLOUD_MAX_RETRIES", default=2)
CARECLOUD_PAGE_BUDGET = env.float("CARECLOUD_PAGE_BUDGET", default=8.0)
# What belongs to one customer and changes rarely (record, cards, status) is cached this long, and
# dropped at once after any write the customer makes through the portal (0 switches it off).
CARECLOUD_CUSTOMER_CACHE_SECONDS = env.int("CARECLOUD_CUSTOMER_CACHE_SECONDS", default=120)
# The circuit breaker, shared through the cache: when at least MIN_CALLS calls were made in the last
# WINDOW seconds and FAILURE_RATE of them failed (connection, timeout, 5xx), every call fails at once
# for OPEN_SECONDS, then one probe decides. MIN_CALLS=0 switches it off.
CARECLOUD_BREAKER_MIN_CALLS = env.int("CARECLOUD_BREAKER_MIN_CALLS", default=20)
CARECLOUD_BREAKER_FAILURE_RATE = env.float("CARECLOUD_BREAKER_FAILURE_RATE", default=0.8)
CARECLOUD_BREAKER_WINDOW = env.int("CARECLOUD_BREAKER_WINDOW", default=30)
CARECLOUD_BREAKER_OPEN_SECONDS = env.int("CARECLOUD_BREAKER_OPEN_SECONDS", default=15)
# Ceilings of one read of a whole collection (page by page): a list longer than this is cut and
# logged, so that an upstream whose paging never ends cannot hold a page view.
CARECLOUD_MAX_PAGES = env.int("CARECLOUD_MAX_PAGES", default=20)
CARECLOUD_MAX_ITEMS = env.int("CARECLOUD_MAX_ITEMS", default=2000)

# --- Account forms: registration, forgotten password, password change ---------------------------
# The customer source of registrations made in the portal (a customer_source_id of GET
# /customer-sources; default: the web-portal source `make run` seeds). portal/accounts/attribution.py
# is the one place that reads it (campaign attribution will override it there).
PORTAL_CUSTOMER_SOURCE_ID = env.str("PORTAL_CUSTOMER_SOURCE_ID", default="61abf650a6d15810f5573a147d")
# The consents (GET /agreements text_id) a registration cannot do without, comma-separated.
PORTAL_REGISTRATION_REQUIRED_CONSENTS = env.list("PORTAL_REGISTRATION_REQUIRED_CONSENTS", default=["gtc"])
# The channels the forgotten-password form offers (text_id of GET /communication-channels), each only
# when the project has it: "email", "sms".
PORTAL_PASSWORD_SETUP_CHANNELS = env.list("PORTAL_PASSWORD_SETUP_CHANNELS", default=["email", "sms"])

# --- Hand-over to the retailer's other applications, and cards on day one (issue 17) ---------------
# The applications the overview offers to open signed in: "name|URL|external application id" per
# application, separated by ";" (portal/core/linked_apps.py; `make run` configures a demo one).
PORTAL_LINKED_APPLICATIONS = env.str("PORTAL_LINKED_APPLICATIONS", default="")
# The card type (text_id or card_type_id of GET /card-types) of the project's digital cards, given
# from its pool to new members and to members without a valid card; empty: no digital cards.
PORTAL_DIGITAL_CARD_TYPE = env.str("PORTAL_DIGITAL_CARD_TYPE", default="digital_card")

# --- Public pages, campaigns and marketing attribution (portal/campaigns, portal/core) ------------
# Seconds an anonymous visitor's public page may be kept: by CDNs and browsers (Cache-Control:
# public, max-age) and, as CareCloud's public answers per language, in the portal's cache.
PORTAL_PUBLIC_CACHE_SECONDS = env.int("PORTAL_PUBLIC_CACHE_SECONDS", default=300)
# The portal's public origin (e.g. https://club.example.com) for canonical and sharing URLs; empty:
# the request's own host (checked against ALLOWED_HOSTS).
PORTAL_PUBLIC_URL = env.str("PORTAL_PUBLIC_URL", default="")
# The device id of the portal's anonymous CareCloud token (portal/carecloud/anonymous.py).
CARECLOUD_ANONYMOUS_DEVICE_ID = env.str("CARECLOUD_ANONYMOUS_DEVICE_ID", default="customer-portal-public")
# Seconds the signed attribution cookie lives (portal/core/attribution.py); 0: session only.
PORTAL_ATTRIBUTION_COOKIE_AGE = env.int("PORTAL_ATTRIBUTION_COOKIE_AGE", default=30 * 24 * 3600)
# The retailer's cookie policy, linked from the cookie notice (empty: the portal's own cookie page).
PORTAL_COOKIE_POLICY_URL = env.str("PORTAL_COOKIE_POLICY_URL", default="")
# The project's currency (ISO 4217): the unit of voucher values (CareCloud's vouchers carry none).
PORTAL_CURRENCY = env.str("PORTAL_CURRENCY", default="CZK")
# The reward types (reward_type_id of GET /reward-types, comma-separated) whose vouchers' value is a
# percentage, not an amount of PORTAL_CURRENCY (a voucher's reward names its type); empty: all money.
PORTAL_PERCENT_REWARD_TYPES = env.list("PORTAL_PERCENT_REWARD_TYPES", default=[])
# UTM values and campaigns → CareCloud customer source ids: "newsletter=<id>,utm_campaign:autumn=<id>".
# A value that is no such list stays a string, and the system check (portal.E010) says what is wrong.
try:
    PORTAL_UTM_SOURCE_MAP = env.dict("PORTAL_UTM_SOURCE_MAP", default={})
except ValueError:
    PORTAL_UTM_SOURCE_MAP = env.str("PORTAL_UTM_SOURCE_MAP")
# Campaign visits start marketing scenarios (portal/campaigns/events.py): actions → CareCloud event
# type ids ("view=<id>,cta=<id>"), and the consent (text_id or id) a member must hold. Off unless both.
PORTAL_MARKETING_EVENTS = env.dict("PORTAL_MARKETING_EVENTS", default={})
PORTAL_MARKETING_EVENTS_CONSENT = env.str("PORTAL_MARKETING_EVENTS_CONSENT", default="")
# Hosts besides CareCloud's own from which the portal fetches the files CareCloud makes (digital
# card files), e.g. a CDN; https only. The portal never fetches a file URL from any other host.
CARECLOUD_FILE_HOSTS = env.list("CARECLOUD_FILE_HOSTS", default=[])

# --- Content-Security-Policy (django-csp) and Permissions-Policy (django-permissions-policy) ------
# Scripts and styles only from the portal's own static files: no inline <script>, no style=""
# attribute, no eval. Pictures from the portal (and data: URIs: the staff authenticator's QR code),
# and from where CareCloud keeps the pictures of rewards and campaigns: portal/core/csp.py adds its
# origin, CARECLOUD_FILE_HOSTS and PORTAL_CSP_IMG_HOSTS (e.g. https://cdn.example.com) to img-src.
PORTAL_CSP_IMG_HOSTS = env.list("PORTAL_CSP_IMG_HOSTS", default=[])
SELF, NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # + CareCloud's picture hosts (portal/core/csp.py)
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "worker-src": [SELF],
        "frame-src": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
# Powerful browser features the portal never uses are denied to it and to anything it could embed.
# Only features browsers know: Chromium logs an error on the console for every unknown one
# (ambient-light-sensor, bluetooth...), which tests/e2e/test_csp.py would report.
PERMISSIONS_POLICY = {feature: [] for feature in (
    "accelerometer", "autoplay", "browsing-topics", "camera",
    "display-capture", "encrypted-media", "geolocation", "gyroscope", "hid", "idle-detection",
    "magnetometer", "microphone", "midi", "payment", "picture-in-picture", "screen-wake-lock", "serial",
    "usb", "xr-spatial-tracking")}
# Staff register security keys (WebAuthn) on the portal's own origin.
PERMISSIONS_POLICY.update({"publickey-credentials-create": ["self"], "publickey-credentials-get": ["self"]})
# The enterprise interface (staff search and preview): base URL up to /v1.0, by default the one
# beside CARECLOUD_API_URL, and a service user whose bearer token stays server-side (in the cache).
CARECLOUD_ENTERPRISE_API_URL = env.str(
    "CARECLOUD_ENTERPRISE_API_URL",
    default=CARECLOUD_API_URL.replace("/customer-interface/", "/enterprise-interface/"),
)
CARECLOUD_ENTERPRISE_LOGIN = env.str("CARECLOUD_ENTERPRISE_LOGIN", default="")
CARECLOUD_ENTERPRISE_PASSWORD = env.str("CARECLOUD_ENTERPRISE_PASSWORD", default="")

# --- Staff: sign-in (django-allauth with a mandatory second factor), customer preview, audit -------
STAFF_URL_PREFIX = "/staff/"  # staff pages, their sign-in and Django admin live under it
# Seconds a staff session lasts (its own cookie and store, shorter than a customer's) and a preview.
STAFF_SESSION_COOKIE_AGE = env.int("STAFF_SESSION_COOKIE_AGE", default=3600)
STAFF_SESSION_COOKIE_NAME = "staff_sessionid"
STAFF_PREVIEW_SECONDS = env.int("STAFF_PREVIEW_SECONDS", default=30 * 60)

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "staff:home"
ACCOUNT_ADAPTER = "portal.staff.adapters.StaffAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"  # staff are created by an administrator (createstaff, admin)
ACCOUNT_SESSION_REMEMBER = False  # no "remember me": the cookie ends with the browser, or sooner
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{_BRAND} staff] "
# allauth's rate limits (login failures per IP and per account, password resets...) stay on: its
# defaults, counted in the default cache (shared in production, see CACHE_URL).
MFA_ADAPTER = "portal.staff.adapters.StaffMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = f"{_BRAND} staff"
MFA_PASSKEY_LOGIN_ENABLED = False  # security keys as a second factor, not instead of the password
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG  # WebAuthn needs https, except on localhost in development

# Mail (staff password reset): Django's mail backend; the console in development.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
vars().update(EMAIL_CONFIG)
# The sender's name is the brand's, unless DEFAULT_FROM_EMAIL gives one ("Club <club@example.com>").
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="portal@localhost")
if not parseaddr(DEFAULT_FROM_EMAIL)[0]:
    DEFAULT_FROM_EMAIL = '"{}" <{}>'.format(_BRAND.replace("\\", "").replace('"', ""), DEFAULT_FROM_EMAIL.strip())

# --- Customers: sign-in with a social account (portal/accounts/social.py, docs/configuration.md) ------
# django-allauth's providers, each configured here from the environment only and shown as a button
# ("Continue with ...") on the login and registration pages only when its client id is set. allauth
# runs the provider's side; the customer is then signed in through CareCloud's social-network-login,
# never as a Django user. Callback URLs to register with a provider: <portal>/social/<google|apple|
# facebook>/login/callback/ and <portal>/social/oidc/<PORTAL_SOCIAL_OIDC_ID>/login/callback/.
SOCIALACCOUNT_ADAPTER = "portal.accounts.social.CustomerSocialAccountAdapter"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_LOGIN_ON_GET = False  # a GET (a link) gets a page with a button; the redirect follows a POST
SOCIALACCOUNT_OPENID_CONNECT_URL_PREFIX = "oidc"
SOCIALACCOUNT_PROVIDERS: dict = {}
# The providers' sign-in pages a button's form is redirected to: form-action lets them (CSP).
PORTAL_SOCIAL_FORM_ACTION: list[str] = []
if env.str("PORTAL_SOCIAL_GOOGLE_CLIENT_ID", default=""):
    SOCIALACCOUNT_PROVIDERS["google"] = {
        "APPS": [{"client_id": env.str("PORTAL_SOCIAL_GOOGLE_CLIENT_ID"), "secret": env.str(
            "PORTAL_SOCIAL_GOOGLE_SECRET", default="")}],
        "SCOPE": ["openid", "profile", "email"], "OAUTH_PKCE_ENABLED": True}
    PORTAL_SOCIAL_FORM_ACTION.append("https://accounts.google.com")
if env.str("PORTAL_SOCIAL_APPLE_CLIENT_ID", default=""):
    SOCIALACCOUNT_PROVIDERS["apple"] = {"APPS": [{
        "client_id": env.str("PORTAL_SOCIAL_APPLE_CLIENT_ID"),  # the Services ID
        "secret": env.str("PORTAL_SOCIAL_APPLE_KEY_ID", default=""),
        "key": env.str("PORTAL_SOCIAL_APPLE_TEAM_ID", default=""),
        "settings": {"certificate_key": env.str("PORTAL_SOCIAL_APPLE_PRIVATE_KEY", default="", multiline=True)},
    }]}
    PORTAL_SOCIAL_FORM_ACTION.append("https://appleid.apple.com")
if env.str("PORTAL_SOCIAL_FACEBOOK_CLIENT_ID", default=""):
    SOCIALACCOUNT_PROVIDERS["facebook"] = {
        "APPS": [{"client_id": env.str("PORTAL_SOCIAL_FACEBOOK_CLIENT_ID"), "secret": env.str(
            "PORTAL_SOCIAL_FACEBOOK_SECRET", default="")}],
        "METHOD": "oauth2", "SCOPE": ["email", "public_profile"]}
    PORTAL_SOCIAL_FORM_ACTION.append("https://www.facebook.com")
# Any OpenID Connect provider (`make run`: the sandbox's own, PORTAL_SOCIAL_OIDC_SERVER_URL=<sandbox>/oidc).
# Its id is the social network id CareCloud gets; its name is the button's.
if env.str("PORTAL_SOCIAL_OIDC_CLIENT_ID", default=""):
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {"APPS": [{
        "provider_id": env.str("PORTAL_SOCIAL_OIDC_ID", default="oidc"),
        "name": env.str("PORTAL_SOCIAL_OIDC_NAME", default="OpenID Connect"),
        "client_id": env.str("PORTAL_SOCIAL_OIDC_CLIENT_ID"),
        "secret": env.str("PORTAL_SOCIAL_OIDC_SECRET", default=""),
        "settings": {"server_url": env.str("PORTAL_SOCIAL_OIDC_SERVER_URL"), "oauth_pkce_enabled": True},
    }]}
    PORTAL_SOCIAL_FORM_ACTION.append(env.str("PORTAL_SOCIAL_OIDC_SERVER_URL"))
