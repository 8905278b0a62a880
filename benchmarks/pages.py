"""Page speed of the portal against a live sandbox: time per page and CareCloud calls per page.

    .venv/bin/python -m benchmarks.pages [--rounds 20] [--latency-ms 0]

Starts its own sandbox process (throw-away database), logs the demo customer in through the real
login form with Django's test client, renders every page ``--rounds`` times and prints p50/p95
wall time and how many CareCloud calls each page made. ``--latency-ms`` adds the sandbox's
per-request latency knob, to see how calls in series add up against a slow CareCloud.
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

PAGES = ["loyalty:dashboard", "loyalty:profile", "loyalty:card-list", "loyalty:voucher-list", "loyalty:points",
         "loyalty:reward-list", "loyalty:purchase-list", "loyalty:till-card"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--latency-ms", type=int, default=0)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from portal.sandbox.seed import ids
    from tests.support.sandbox import Sandbox, SandboxProcess

    setup_test_environment()
    with tempfile.TemporaryDirectory() as workdir:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/portal.sqlite3"
        from django.core.management import call_command
        from django.db import connections

        settings.DATABASES["default"]["NAME"] = f"{workdir}/portal.sqlite3"
        connections["default"].close()
        call_command("migrate", verbosity=0)
        process = SandboxProcess(Path(workdir))
        process.start()
        try:
            sandbox = Sandbox(process.url)
            settings.CARECLOUD_API_URL = sandbox.customer_url
            if args.latency_ms:
                sandbox.set_faults(latency_ms=args.latency_ms)
            client = Client()
            response = client.post(reverse("accounts:login"), {
                "login_type": "email", "login_value": ids.DEMO_EMAIL, "password": ids.DEMO_PASSWORD})
            assert response.status_code == 302, response.status_code
            print(f"{'page':<24}{'p50 ms':>10}{'p95 ms':>10}{'calls':>8}   (rounds={args.rounds}, "
                  f"sandbox latency={args.latency_ms} ms)")
            for name in PAGES:
                url = reverse(name)
                times, calls = [], 0
                for _ in range(args.rounds):
                    since = sandbox.last_seq()
                    started = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, (name, response.status_code)
                    calls = len([e for e in sandbox.requests_log(since) if e["operation_id"]])
                times.sort()
                p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
                print(f"{name:<24}{statistics.median(times):>10.1f}{p95:>10.1f}{calls:>8}")
        finally:
            process.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
