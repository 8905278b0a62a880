"""Settings for the CareCloud customer portal and its sandbox.

Everything that differs between machines is read from the environment (django-environ), in this
one module, with defaults that make ``make run`` work on a fresh clone. The README has the table.
"""

from pathlib import Path

import environ

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
    "portal.loyalty",
    "portal.sandbox",
    # Staff accounts (README, "Staff preview"): e-mail + password + a mandatory second factor.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "portal.staff",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Staff have their own session (own cookie, store and age); it is request.session on /staff/.
    "portal.staff.middleware.StaffSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
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

# Two databases: the portal's own (sessions, staff users) and the sandbox's, which never mix.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
    "sandbox": env.db("SANDBOX_DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'sandbox.sqlite3'}"),
}
for _db in DATABASES.values():
    if _db["ENGINE"].endswith("sqlite3"):
        # Concurrent readers with one writer: the threaded dev servers and tests need it.
        _db.setdefault("OPTIONS", {}).update({"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"})
DATABASE_ROUTERS = ["portal.sandbox.routers.SandboxRouter"]
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
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Prague")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Token ids travel in paths (/tokens/{token_id}/...): masked in every line either process logs,
    # Django's own "Unauthorized: <path>" warnings included.
    "filters": {"redact_tokens": {"()": "portal.carecloud.client.RedactTokensFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_tokens"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Django's own loggers through the same (redacting) handler, instead of its DEBUG-only console.
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"level": "WARNING"},
    },
}

# Sessions hold the customer's CareCloud token: server-side (database), HTTP-only cookie.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
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
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Counters of the login rate limit live in the cache: per process by default (fine for one
# development process), a shared one in production (CACHE_URL=redis://... or memcache://...).
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# Failed customer logins allowed per client IP and per login value (django-ratelimit). The cache
# backs the counters: in production use a cache shared by all workers (e.g. Redis/Memcached via
# CACHES), and behind a reverse proxy set RATELIMIT_IP_META_KEY to the header with the client IP.
PORTAL_LOGIN_RATE_PER_IP = env.str("PORTAL_LOGIN_RATE_PER_IP", default="20/5m")
PORTAL_LOGIN_RATE_PER_LOGIN = env.str("PORTAL_LOGIN_RATE_PER_LOGIN", default="10/5m")
if env.str("RATELIMIT_IP_META_KEY", default=""):
    RATELIMIT_IP_META_KEY = env.str("RATELIMIT_IP_META_KEY")

# The retailer's brand shown in the portal.
PORTAL_BRAND_NAME = env.str("PORTAL_BRAND_NAME", default="Klub Dobrá káva")

# --- Sandbox: the local CareCloud emulator (portal/sandbox) --------------------------------------
SANDBOX_PORT = env.int("SANDBOX_PORT", default=8001)
# Fault and speed knobs, per process; the control endpoints change them at run time.
SANDBOX_LATENCY_MS = env.int("SANDBOX_LATENCY_MS", default=0)
SANDBOX_ERROR_RATE = env.float("SANDBOX_ERROR_RATE", default=0.0)
SANDBOX_FORCE_STATUS = env.int("SANDBOX_FORCE_STATUS", default=0)
SANDBOX_RETRY_AFTER = env.int("SANDBOX_RETRY_AFTER", default=1)
# The user name the customer interface expects in the guide's Basic scheme.
SANDBOX_CUSTOMER_INTERFACE_USER = env.str("SANDBOX_CUSTOMER_INTERFACE_USER", default="customer_interface")
# A customer token unused for this long expires (the real API's tokens expire too).
SANDBOX_TOKEN_IDLE_SECONDS = env.int("SANDBOX_TOKEN_IDLE_SECONDS", default=30 * 24 * 3600)
SANDBOX_DEFAULT_LANGUAGE = env.str("SANDBOX_DEFAULT_LANGUAGE", default="cs")
# Base URL the sandbox puts into links it sends (password-setup e-mails).
SANDBOX_PUBLIC_URL = env.str("SANDBOX_PUBLIC_URL", default=f"http://127.0.0.1:{SANDBOX_PORT}")

# --- CareCloud: the project the portal talks to (default: the local sandbox) ---------------------
# The customer-interface base URL up to /v1.0.
CARECLOUD_API_URL = env.str(
    "CARECLOUD_API_URL",
    default=f"http://127.0.0.1:{SANDBOX_PORT}/webservice/rest-api/customer-interface/v1.0",
)
# "bearer" (the current spec) or "basic" (the API guide: base64("<user name>:<token>")).
CARECLOUD_AUTH_SCHEME = env.str("CARECLOUD_AUTH_SCHEME", default="bearer").lower()
CARECLOUD_USERNAME = env.str("CARECLOUD_USERNAME", default="customer_interface")
# The portal's external application id in the CareCloud project (default: the sandbox's seeded one).
CARECLOUD_EXTERNAL_APP_ID = env.str("CARECLOUD_EXTERNAL_APP_ID", default="a06f94938c68356a6555b8da23")
CARECLOUD_CONNECT_TIMEOUT = env.float("CARECLOUD_CONNECT_TIMEOUT", default=3.05)
CARECLOUD_READ_TIMEOUT = env.float("CARECLOUD_READ_TIMEOUT", default=10.0)
# Extra attempts for idempotent GETs on connection errors, 429 and 502/503/504.
CARECLOUD_MAX_RETRIES = env.int("CARECLOUD_MAX_RETRIES", default=2)
# Ceilings of one read of a whole collection (page by page): a list longer than this is cut and
# logged, so that an upstream whose paging never ends cannot hold a page view.
CARECLOUD_MAX_PAGES = env.int("CARECLOUD_MAX_PAGES", default=20)
CARECLOUD_MAX_ITEMS = env.int("CARECLOUD_MAX_ITEMS", default=2000)

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
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{PORTAL_BRAND_NAME} staff] "
# allauth's rate limits (login failures per IP and per account, password resets...) stay on: its
# defaults, counted in the default cache (shared in production, see CACHE_URL).
MFA_ADAPTER = "portal.staff.adapters.StaffMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = f"{PORTAL_BRAND_NAME} staff"
MFA_PASSKEY_LOGIN_ENABLED = False  # security keys as a second factor, not instead of the password
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG  # WebAuthn needs https, except on localhost in development

# Mail (staff password reset): Django's mail backend; the console in development.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="portal@localhost")
