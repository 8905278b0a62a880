"""Settings for the test run: the project's settings with a fast password hasher, and the sandbox's reward type
whose vouchers are worth a percentage."""

from portal.sandbox.seed import loyalty as _seed_loyalty
from portal.settings import *  # noqa: F401,F403
from portal.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Templates use {% static %}; the tests do not run collectstatic, so no manifest storage here.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

# Every failed login (and sign-in code request) answers no sooner than this: 1 s in production, a
# quarter here, so that the suite's hundreds of wrong passwords do not wait out a second each. The
# tests of the floor itself set their own (tests/accounts/test_throttle.py).
PORTAL_LOGIN_FAILURE_FLOOR = 0.25

# The sandbox's percentage discount type: its vouchers' values are percentages, as `make run` shows them.
PORTAL_PERCENT_REWARD_TYPES = [_seed_loyalty.REWARD_TYPE_PERCENTAGE]
