"""Page speed of the portal: server time and CareCloud calls per page, the portal's own CPU per view.

    .venv/bin/python -m benchmarks.pages [--rounds 30] [--latency-ms 100] [--via replay|sandbox]

Starts its own sandbox process (throw-away database). With ``--via replay`` (the default) the
portal talks to a replay proxy (benchmarks/replay.py, its own process) that answers every read in
exactly ``--latency-ms``, so the figures are the portal's: the sandbox's own processing time
(docs/benchmarks.md, "Measuring") is kept out. ``--via sandbox`` talks to the sandbox directly with its
latency knob instead. Logs the demo customer in through the real login form (Django's test client,
so the server time is the time of the view in this process), warms every page once (reference
lists cached, as in production), then renders each page ``--rounds`` times and prints p50/p95 of
the server time, that time as a multiple of one CareCloud call's latency, the CareCloud calls per
view and the portal's CPU per view. Figures only; nothing here asserts a target.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.logs import console

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["overview:dashboard", "profile:profile", "cards:card-list", "rewards:voucher-list", "points:points",
         "rewards:reward-list", "purchases:purchase-list", "cards:till-card"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def start_replay(upstream: str, latency_ms: int) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, "-m", "benchmarks.replay", upstream, str(latency_ms)], cwd=ROOT,
                               stdout=subprocess.PIPE, text=True)
    return process, process.stdout.readline().strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--latency-ms", type=int, default=100)
    parser.add_argument("--via", choices=("replay", "sandbox"), default="replay")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    console()  # the table, and warnings and errors: not the line per CareCloud call counted below
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from portal.sandbox.seed import ids
    from tests.support.sandbox import Sandbox, SandboxProcess

    # No setup_test_environment(): it instruments every template render for the test client
    # (a copy of the context per template), work the portal does not do in production.
    settings.ALLOWED_HOSTS = ["*"]
    with tempfile.TemporaryDirectory() as workdir:
        from django.core.management import call_command
        from django.db import connections

        settings.DATABASES["default"]["NAME"] = f"{workdir}/portal.sqlite3"
        connections["default"].close()
        call_command("migrate", verbosity=0)
        process = SandboxProcess(Path(workdir))
        process.start()
        replay = None
        try:
            sandbox = Sandbox(process.url)
            if args.via == "replay":
                replay, url = start_replay(process.url, args.latency_ms)
                settings.CARECLOUD_API_URL = url + "/webservice/rest-api/customer-interface/v1.0"
            else:
                settings.CARECLOUD_API_URL = sandbox.customer_url
                if args.latency_ms:
                    sandbox.set_faults(latency_ms=args.latency_ms)
            client = Client()
            response = client.post(reverse("accounts:login"), {
                "login_type": "email", "login_value": ids.DEMO_EMAIL, "password": ids.DEMO_PASSWORD})
            assert response.status_code == 302, response.status_code
            one_call = _one_call_ms(client, args.rounds) if args.latency_ms else 1.0
            print(f"via {args.via}, CareCloud latency {args.latency_ms} ms per call, {args.rounds} rounds, warm caches;"
                  f" one call measured from the portal: {one_call:.1f} ms at p50")
            print(f"{'page':<24}{'p50 ms':>9}{'p95 ms':>9}{'p50 ×call':>11}{'p95 ×call':>11}{'calls':>7}"
                  f"{'CPU ms':>8}")
            for name in PAGES:
                url = reverse(name)
                assert client.get(url).status_code == 200  # warm: reference lists, session cache
                times, cpu, calls = [], [], 0
                for _ in range(args.rounds):
                    since = sandbox.last_seq()
                    started, cpu_started = time.perf_counter(), time.process_time()
                    response = client.get(url)
                    times.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.process_time() - cpu_started) * 1000)
                    assert response.status_code == 200, (name, response.status_code)
                    if args.via == "sandbox":
                        calls = len([e for e in sandbox.requests_log(since) if e["operation_id"]])
                if args.via == "replay":  # one more view, counted at the proxy's side via the client's log
                    calls = _calls_of_one_view(client, url)
                p50, p95 = statistics.median(times), percentile(times, 0.95)
                unit = one_call
                print(f"{name:<24}{p50:>9.1f}{p95:>9.1f}{p50 / unit:>11.2f}{p95 / unit:>11.2f}{calls:>7}"
                      f"{statistics.median(cpu):>8.1f}")
        finally:
            if replay:
                replay.terminate()
            process.stop()
    return 0


def _one_call_ms(client, rounds: int) -> float:
    """One CareCloud call as the portal makes it (its HTTP session, headers, the answer parsed),
    without a page around it: the unit of "× one call". The nominal latency would flatter the
    replay's own few ms on every page; this keeps them in the unit, so the ratio is the page's
    work beyond one round trip."""
    from portal.accounts.session import SESSION_KEY
    from portal.carecloud import resources

    data = client.session[SESSION_KEY]
    times = []
    for _ in range(rounds + 1):
        started = time.perf_counter()
        resources.customer_get(token=data["token"], customer_id=data["customer_id"])
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times[1:])


def _calls_of_one_view(client, url: str) -> int:
    import logging

    counted = []

    class Count(logging.Handler):
        def emit(self, record):
            if record.getMessage().startswith("carecloud GET") and " -> " in record.getMessage():
                counted.append(record)

    logger = logging.getLogger("portal.carecloud")
    handler, level = Count(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        client.get(url)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return len(counted)


if __name__ == "__main__":
    raise SystemExit(main())
