"""Settings of the CareCloud sandbox, the local emulator of the CareCloud APIs (portal/sandbox).

The sandbox is a Django project of its own, never an app of the portal's: it runs in its own
process with these settings (``python -m portal.sandbox <command>``, ``gunicorn portal.sandbox.wsgi``)
and its own database. Like the portal's, everything that differs between machines is read from
the environment (and a developer's .env), with defaults that make ``make run`` work on a fresh
clone; docs/configuration.md has the table.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# `make run` sets DEBUG=True for both processes: Django's error pages in development.
DEBUG = env.bool("DEBUG", default=False)
# Django wants one; the sandbox signs nothing with it (no sessions, no users; CSRF cookies are not
# signed), so it is no secret.
SECRET_KEY = "sandbox-only-insecure-key-the-sandbox-signs-nothing-with-it-0123456789"
ALLOWED_HOSTS = env.list("SANDBOX_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])

# The sandbox alone: no auth, contenttypes or sessions (its customers and tokens are its own
# models). An app with migrations added here would find them marked as applied but its tables
# missing in a database made when the sandbox was an app of the portal (tests/sandbox/test_settings.py).
INSTALLED_APPS = ["portal.sandbox"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A strict Content-Security-Policy (below); the sandbox's pages add a nonce for their <style>.
    "csp.middleware.CSPMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",  # the hosted password form
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "portal.sandbox.urls"
WSGI_APPLICATION = "portal.sandbox.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,  # portal/sandbox/templates: the password form and the outbox
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    },
]

VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# The sandbox's own database, never the portal's. An existing var/sandbox.sqlite3 of the time when
# the sandbox was an app of the portal (a second alias) keeps working: it holds the same tables.
DATABASES = {"default": env.db("SANDBOX_DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'sandbox.sqlite3'}")}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Concurrent readers with one writer: the server's threads and the tests need it. In WAL mode,
    # synchronous=NORMAL syncs the log at checkpoints rather than at every commit (every API call
    # writes: its token's last use), and stays consistent when the process dies; only a crash of
    # the machine itself may lose the last moments of an emulator's data.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"})
    # One connection per server thread, kept for its life (a thread serves one kept-alive client
    # connection, many API calls; runsandbox closes it with the client's), instead of opening and
    # closing SQLite for every call.
    DATABASES["default"]["CONN_MAX_AGE"] = None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Customers' passwords: Django's default hashers unless told otherwise (the tests pick a fast one,
# the login benchmark PBKDF2 as CareCloud-like projects use).
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

# The emulated project's time zone (what "today" is for validity windows and expirations).
TIME_ZONE = "Europe/Prague"
USE_TZ = True
USE_I18N = False  # the API and the hosted pages choose their language themselves (api.negotiate_language)
LANGUAGE_CODE = "en"

# Plain HTTP on a developer's machine: the password form's CSRF cookie must not be Secure-only.
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE = False
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# Nothing inline but the <style> block of the hosted pages, allowed by a per-answer nonce
# (csp_update in pages.py); pictures are the sandbox's own (images.py).
SELF, NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# Logs: one line per event. Token ids travel in paths (/tokens/{token_id}/...): they are masked in
# every line, Django's own "Unauthorized: <path>" included, by the portal's same filter.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"redact_tokens": {"()": "portal.carecloud.client.RedactTokensFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_tokens"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"level": "WARNING"},
    },
}

# --- The emulator ----------------------------------------------------------------------------------
SANDBOX_PORT = env.int("SANDBOX_PORT", default=8001)
# Fault and speed knobs, per process; the control endpoints change them at run time.
SANDBOX_LATENCY_MS = env.int("SANDBOX_LATENCY_MS", default=0)
SANDBOX_ERROR_RATE = env.float("SANDBOX_ERROR_RATE", default=0.0)
SANDBOX_FORCE_STATUS = env.int("SANDBOX_FORCE_STATUS", default=0)
SANDBOX_RETRY_AFTER = env.int("SANDBOX_RETRY_AFTER", default=1)
# The seed of SANDBOX_ERROR_RATE's draws: the same requests meet the same failures every run.
SANDBOX_FAULT_SEED = env.int("SANDBOX_FAULT_SEED", default=None)
# The user name the customer interface expects in the guide's Basic scheme.
SANDBOX_CUSTOMER_INTERFACE_USER = env.str("SANDBOX_CUSTOMER_INTERFACE_USER", default="customer_interface")
# A customer token unused for this long expires (the real API's tokens expire too).
SANDBOX_TOKEN_IDLE_SECONDS = env.int("SANDBOX_TOKEN_IDLE_SECONDS", default=30 * 24 * 3600)
SANDBOX_DEFAULT_LANGUAGE = env.str("SANDBOX_DEFAULT_LANGUAGE", default="cs")
# Base URL the sandbox puts into links it sends (password-setup e-mails).
SANDBOX_PUBLIC_URL = env.str("SANDBOX_PUBLIC_URL", default=f"http://127.0.0.1:{SANDBOX_PORT}")
# The sandbox project has an Apple Wallet pass configuration: it makes (unsigned) passes of cards.
SANDBOX_WALLET_PASSES = env.bool("SANDBOX_WALLET_PASSES", default=True)
# The sandbox's OpenID Connect provider (portal/sandbox/oidc.py, docs/sandbox.md): its one client,
# the hosts that client may return to, and the social network id its identities have in CareCloud.
SANDBOX_OIDC_CLIENT_ID = env.str("SANDBOX_OIDC_CLIENT_ID", default="customer-portal")
SANDBOX_OIDC_CLIENT_SECRET = env.str("SANDBOX_OIDC_CLIENT_SECRET", default="sandbox-oidc-secret")
SANDBOX_OIDC_REDIRECT_HOSTS = env.list("SANDBOX_OIDC_REDIRECT_HOSTS", default=["127.0.0.1", "localhost", "::1",
                                                                                "testserver"])
SANDBOX_OIDC_NETWORK_ID = env.str("SANDBOX_OIDC_NETWORK_ID", default="sandbox")
