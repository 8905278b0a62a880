"""Fault injection over every page: the share of page views served under each fault scenario.

    .venv/bin/python -m benchmarks.faults [--rounds 4] [--detail]

The same scenarios as ``pytest -m faults`` (tests/support/faults.py), without asserting: starts its
own sandbox process (throw-away databases), logs the demo customer in through the real login form
(Django's test client: the portal runs in this process and talks to the sandbox over HTTP), then
per scenario warms every page once without faults (reference lists cached, as in production) and
visits every page, customer and public, while the sandbox's knobs make CareCloud fail:

a) error_rate 0.3, seeded (the sandbox's ``seed`` knob), ``--rounds`` times over, a seed each;
b) bursts of 1, 2 or 3 answers 429 with Retry-After 1 s before every second page;
c) two answers 2 s late before every third page;
d) every call answered 503 (the pages in Czech);
e) CareCloud gone: the portal pointed at a port nothing listens on;
f) CareCloud hanging: every answer 20 s late.

Prints per scenario the views, those served (2xx/3xx), those with degraded panels and how many
panel notices, the 503 pages, other 5xx (must be 0), 4xx, the share served and the slowest view (s).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from benchmarks.logs import console

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="crawls under error_rate 0.3 (a seed each)")
    parser.add_argument("--detail", action="store_true", help="per page: the statuses it answered")
    parser.add_argument("--only", default="abcdef", help="the scenarios to run, by letter (e.g. --only df)")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import logging

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from portal.sandbox.seed import ids
    from tests.support import faults
    from tests.support.sandbox import Sandbox, SandboxProcess

    def injected(record: logging.LogRecord) -> bool:
        """What the injected failures make the portal log: a warning per failed call or panel, and
        Django's error line per 503 page. Counted, not printed (the table says it); any other error
        (a 500's traceback above all) is printed."""
        return record.levelno <= logging.WARNING or getattr(record, "status_code", None) == 503

    quiet = console(expected=injected)
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    settings.PORTAL_RATE_LIMITS = {"export": "10000/h/customer,10000/h/ip"}  # the printable export: every crawl
    with tempfile.TemporaryDirectory() as workdir:
        settings.DATABASES["default"]["NAME"] = f"{workdir}/portal.sqlite3"
        connections["default"].close()
        call_command("migrate", verbosity=0, skip_checks=True)
        process = SandboxProcess(Path(workdir))
        process.start()
        try:
            sandbox = Sandbox(process.url)
            settings.CARECLOUD_API_URL = sandbox.customer_url
            customer, anonymous = Client(), Client()
            response = customer.post(reverse("accounts:login"), {
                "login_type": "email", "login_value": ids.DEMO_EMAIL, "password": ids.DEMO_PASSWORD})
            assert response.status_code == 302, response.status_code
            print(f"page budget {settings.CARECLOUD_PAGE_BUDGET} s, {settings.CARECLOUD_MAX_RETRIES} retries per "
                  f"read, error_rate seed {faults.SEED}")
            tallies = []
            for scenario in faults.scenarios(rounds=args.rounds):
                if scenario.name[0] not in args.only:
                    continue
                pages = faults.discover_pages(customer, scenario.language)
                tally = faults.run(scenario, sandbox, customer, anonymous, pages)
                tallies.append(tally)
                print(faults.table(tallies[-1:]).splitlines()[-1] if len(tallies) > 1 else faults.table(tallies),
                      flush=True)
            if args.detail:
                for tally in tallies:
                    print(faults.detail(tally))
            print()
            print(faults.table(tallies))
            print(quiet.summary("the injected failures' warnings and 503 pages"))
        finally:
            process.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
