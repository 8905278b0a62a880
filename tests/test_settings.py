"""Settings read from the environment (portal/settings.py): the production switches of
docs/configuration.md's table, and nothing of the sandbox. Each case imports the settings module afresh in its own
interpreter, with only the variables given."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

NAMES = ["DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
         "SECURE_PROXY_SSL_HEADER", "RATELIMIT_IP_META_KEY"]
READ_FROM_ENV = {"DEBUG", "SECURE_COOKIES", "SECURE_PROXY_SSL", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
                 "RATELIMIT_IP_META_KEY"}


def settings_with(**env: str) -> dict:
    clean = {key: value for key, value in os.environ.items() if key not in READ_FROM_ENV}
    code = ("import json; from portal import settings as s; "
            f"print(json.dumps({{name: getattr(s, name, None) for name in {NAMES!r}}}))")
    result = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env={**clean, **env},
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


@pytest.mark.parametrize("env, expected", [
    ({}, {"DEBUG": False, "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True, "SECURE_SSL_REDIRECT": False,
          "SECURE_HSTS_SECONDS": 0, "SECURE_PROXY_SSL_HEADER": None, "RATELIMIT_IP_META_KEY": None}),
    ({"DEBUG": "True"}, {"DEBUG": True, "SESSION_COOKIE_SECURE": False, "CSRF_COOKIE_SECURE": False}),
    ({"DEBUG": "True", "SECURE_COOKIES": "True"}, {"SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True}),
    ({"SECURE_PROXY_SSL": "True", "SECURE_SSL_REDIRECT": "True", "SECURE_HSTS_SECONDS": "31536000",
      "RATELIMIT_IP_META_KEY": "HTTP_X_REAL_IP"},
     {"SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"], "SECURE_SSL_REDIRECT": True,
      "SECURE_HSTS_SECONDS": 31536000, "RATELIMIT_IP_META_KEY": "HTTP_X_REAL_IP", "SESSION_COOKIE_SECURE": True}),
])
def test_production_switches_come_from_the_environment(env, expected):
    values = settings_with(**env)
    assert {name: values[name] for name in expected} == expected


def test_the_portals_settings_know_nothing_of_the_sandbox():
    """The CareCloud emulator has settings of its own (portal/sandbox/settings.py): the portal's
    install no app, database or router of it and read none of its variables, even when they are set."""
    env = {**os.environ, "SANDBOX_DATABASE_URL": "sqlite:////tmp/elsewhere.sqlite3", "SANDBOX_PORT": "9911"}
    code = ("import json; from portal import settings as s; print(json.dumps({'apps': s.INSTALLED_APPS, "
            "'databases': sorted(s.DATABASES), 'routers': getattr(s, 'DATABASE_ROUTERS', []), "
            "'sandbox': [name for name in dir(s) if name.startswith('SANDBOX')], 'api': s.CARECLOUD_API_URL}))")
    result = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True,
                            text=True, check=True)
    values = json.loads(result.stdout)
    assert not [app for app in values["apps"] if "sandbox" in app]
    assert (values["databases"], values["routers"], values["sandbox"]) == (["default"], [], [])
    assert values["api"] == "http://127.0.0.1:8001/webservice/rest-api/customer-interface/v1.0"
    # ...and neither does the test run's (tests/settings.py): the sandbox is another process.
    from django.apps import apps
    from django.db import connections

    assert not apps.is_installed("portal.sandbox") and list(connections) == ["default"]
    assert not [name for name in dir(settings) if name.startswith("SANDBOX")]


def test_no_portal_module_imports_the_sandbox():
    """The portal reaches the emulator over HTTP only, like any CareCloud project."""
    import ast
    from pathlib import Path

    portal = Path(settings.BASE_DIR) / "portal"
    offenders = []
    for path in portal.rglob("*.py"):
        if (portal / "sandbox") in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):  # from portal.sandbox... / from portal import sandbox
                names = [f"{node.module}.{alias.name}" for alias in node.names]
            else:
                continue
            offenders += [f"{path.relative_to(portal.parent)}: {name}" for name in names
                          if name.startswith("portal.sandbox")]
    assert offenders == []


def social_settings_with(**env: str) -> dict:
    clean = {key: value for key, value in os.environ.items() if not key.startswith("PORTAL_SOCIAL_")}
    code = ("import json; from portal import settings as s; print(json.dumps({'providers': "
            "{name: [app.get('provider_id', name) for app in value['APPS']] for name, value in "
            "s.SOCIALACCOUNT_PROVIDERS.items()}, 'form_action': s.PORTAL_SOCIAL_FORM_ACTION}))")
    result = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env={**clean, **env},
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_a_social_provider_is_configured_only_by_its_environment_variables():
    assert social_settings_with() == {"providers": {}, "form_action": []}
    values = social_settings_with(PORTAL_SOCIAL_GOOGLE_CLIENT_ID="g", PORTAL_SOCIAL_GOOGLE_SECRET="s",
                                  PORTAL_SOCIAL_FACEBOOK_CLIENT_ID="f", PORTAL_SOCIAL_APPLE_CLIENT_ID="a",
                                  PORTAL_SOCIAL_OIDC_CLIENT_ID="c", PORTAL_SOCIAL_OIDC_ID="sandbox",
                                  PORTAL_SOCIAL_OIDC_SERVER_URL="http://127.0.0.1:8001/oidc")
    assert values["providers"] == {"google": ["google"], "apple": ["apple"], "facebook": ["facebook"],
                                   "openid_connect": ["sandbox"]}
    assert values["form_action"] == ["https://accounts.google.com", "https://appleid.apple.com",
                                     "https://www.facebook.com", "http://127.0.0.1:8001/oidc"]
