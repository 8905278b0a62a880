"""The sandbox's command line: ``python -m portal.sandbox <command>`` is Django's ``manage.py``
with the sandbox's own settings (portal/sandbox/settings.py), e.g.

    python -m portal.sandbox migrate
    python -m portal.sandbox seedsandbox [--reset]
    python -m portal.sandbox runsandbox [addr:]port
    python -m portal.sandbox sandbox_outbox [--last N] [--json]
"""

import os
import sys


def main() -> None:
    # Always the sandbox's settings: the portal's DJANGO_SETTINGS_MODULE is often in the
    # environment (pytest, a developer's shell), and the sandbox never runs with it.
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.sandbox.settings"
    from django.core.management import execute_from_command_line

    execute_from_command_line(["python -m portal.sandbox", *sys.argv[1:]])


if __name__ == "__main__":
    main()
