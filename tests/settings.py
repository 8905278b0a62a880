"""Settings for the test run: the project's settings with a fast password hasher."""

from portal.settings import *  # noqa: F401,F403
from portal.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Templates use {% static %}; the tests do not run collectstatic, so no manifest storage here.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
