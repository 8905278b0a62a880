"""How long a login answers, by outcome: what an attacker can read from the clock.

    .venv/bin/python -m benchmarks.login [--rounds 20] [--hasher pbkdf2|md5]

Starts its own sandbox with the password hasher CareCloud-like projects use (PBKDF2, Django's
default: checking a password costs real time, which is what made a wrong password slower than an
unknown account), the enterprise service user configured (the login's account lookup), and times
the login form through Django's test client (so the figure is the view's time in this process,
CareCloud's calls included). Each attempt comes from its own client address, so the limits do not
mix the cases; the limits themselves are raised except for the cases that measure them.

Cases: an unknown account, a wrong password on an existing account, the right password, a client
that used up its attempts on the account (429), and the right password on an account under a
distributed attack (slowed, not refused). Then the same failures with the floor switched off,
which shows what the floor hides: CareCloud's own time and the account lookup's.
Figures only; nothing here asserts a target.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.logs import console
from benchmarks.pages import percentile

ROOT = Path(__file__).resolve().parents[1]
HASHERS = {"pbkdf2": "django.contrib.auth.hashers.PBKDF2PasswordHasher",
           "md5": "django.contrib.auth.hashers.MD5PasswordHasher"}
HIGH = {"login": "100000/5m/ip,100000/5m/account-ip,100000/5m/account"}  # limits the timed cases never reach


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--hasher", choices=sorted(HASHERS), default="pbkdf2")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import logging

    def throttled(record: logging.LogRecord) -> bool:
        """The warnings each throttled attempt logs (its 429, the refusal), counted, not printed;
        a slow answer's warning is printed."""
        return getattr(record, "status_code", None) == 429 or str(record.msg).startswith(
            ("login refused", "rate limit reached"))

    quiet = console(expected=throttled)
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from portal.accounts import throttle
    from portal.core import ratelimit
    from portal.sandbox.seed import ids
    from tests.support.sandbox import Sandbox, SandboxProcess

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    addresses = (f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}" for n in range(1, 10**7))

    def attempt(value: str, password: str, ip: str | None = None) -> tuple[float, int]:
        started = time.perf_counter()
        response = Client().post(reverse("accounts:login"), {
            "login_type": "email", "login_value": value, "password": password}, REMOTE_ADDR=ip or next(addresses))
        return (time.perf_counter() - started) * 1000, response.status_code

    def timed(label: str, make, expect: int) -> None:
        times = []
        for round_ in range(args.rounds):
            ms, status = make(round_)
            assert status == expect, (label, status, expect)
            times.append(ms)
        print(f"{label:<58}{statistics.median(times):>8.0f}{percentile(times, 0.95):>8.0f}"
              f"{min(times):>8.0f}{max(times):>8.0f}")

    with tempfile.TemporaryDirectory() as workdir:
        settings.DATABASES["default"]["NAME"] = f"{workdir}/portal.sqlite3"
        connections["default"].close()
        call_command("migrate", verbosity=0, skip_checks=True)
        process = SandboxProcess(Path(workdir), PASSWORD_HASHERS=HASHERS[args.hasher])
        process.start()
        try:
            sandbox = Sandbox(process.url)
            settings.CARECLOUD_API_URL = sandbox.customer_url
            settings.CARECLOUD_ENTERPRISE_API_URL = sandbox.enterprise_url
            settings.CARECLOUD_ENTERPRISE_LOGIN = ids.STAFF_LOGIN
            settings.CARECLOUD_ENTERPRISE_PASSWORD = ids.STAFF_PASSWORD
            limits = settings.PORTAL_RATE_LIMITS
            settings.PORTAL_RATE_LIMITS = HIGH
            floor = getattr(settings, "PORTAL_LOGIN_FAILURE_FLOOR", None)
            print(f"sandbox password hasher {args.hasher}, {args.rounds} rounds, each attempt from its own address; "
                  f"failure floor {floor if floor is not None else 'none'} s")
            print(f"{'case':<58}{'p50 ms':>8}{'p95 ms':>8}{'min':>8}{'max':>8}")
            # Warm: connections, and the enterprise service user's token (its login, once an hour in
            # production, falls in one failure's floor).
            attempt(ids.DEMO_EMAIL, ids.DEMO_PASSWORD)
            attempt("warm-up@example.com", "Wrong-Password-1")
            timed("unknown account", lambda n: attempt(f"nobody-{n}@example.com", "Wrong-Password-1"), 200)
            timed("wrong password, existing account", lambda n: attempt(ids.DEMO_EMAIL, f"Wrong-{n}"), 200)
            timed("right password", lambda n: attempt(ids.DEMO_EMAIL, ids.DEMO_PASSWORD), 302)

            settings.PORTAL_RATE_LIMITS = limits
            cache.clear()
            ratelimit.reset()
            blocked_ip = next(addresses)
            while attempt(ids.SECOND_EMAIL, "Wrong-x", blocked_ip)[1] != 429:
                pass
            timed("throttled: this client used up its attempts (429)",
                  lambda n: attempt(ids.SECOND_EMAIL, ids.SECOND_PASSWORD, blocked_ip), 429)
            if any(rule.key == throttle.SLOW_KEY for rule in ratelimit.rules("login")):
                # Many clients, each with a few wrong passwords: the account is under attack.
                for n in range(200):
                    if attempt(ids.SECOND_EMAIL, f"Wrong-{n}")[0] >= settings.PORTAL_LOGIN_SLOW_FLOOR * 1000:
                        break
                timed("right password, account under attack (fresh client)",
                      lambda n: attempt(ids.SECOND_EMAIL, ids.SECOND_PASSWORD), 302)

            if floor is not None:
                settings.PORTAL_RATE_LIMITS = HIGH
                settings.PORTAL_LOGIN_FAILURE_FLOOR = 0
                cache.clear()
                ratelimit.reset()
                attempt(ids.DEMO_EMAIL, ids.DEMO_PASSWORD)
                print("the floor off (what it hides):")
                timed("  unknown account, account lookup on", lambda n: attempt(f"nobody-{n}@x.example.com", "W"), 200)
                timed("  wrong password, account lookup on", lambda n: attempt(ids.DEMO_EMAIL, f"W-{n}"), 200)
                settings.PORTAL_LOGIN_ACCOUNT_LOOKUP = False
                timed("  unknown account, account lookup off", lambda n: attempt(f"nobody-{n}@y.example.com", "W"), 200)
                timed("  wrong password, account lookup off", lambda n: attempt(ids.DEMO_EMAIL, f"V-{n}"), 200)
            print(quiet.summary("the throttled attempts' warnings"))
        finally:
            process.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
