"""Settings read from the environment (portal/settings.py): the production switches of README's
table. Each case imports the settings module afresh in its own interpreter, with only the
variables given."""

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
