"""`make audit` (run by `make test` before pytest): pip-audit of the installed environment, the
project's pinned dependencies. Known vulnerabilities fail; a vulnerability service that cannot be
reached is said plainly and the build carries on (docs/security.md).

pip-audit answers the same "No known vulnerabilities found" (exit 0) when it could not look a
package up at all ("... could not be audited"): where the service is unreachable, that is every
package. So this reads its JSON report, not only its exit code:

- a vulnerability in any package              -> the list, exit 1;
- packages that could not be audited          -> a warning that names how many, exit 0;
- no report, and a network error (DNS, refused, timeout, the time allowed here) -> a warning, exit 0;
- no report, and any other failure            -> pip-audit's own error, exit 1 (a broken audit is
  not a clean one);
- every package audited, nothing found        -> one line, exit 0.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass

TIMEOUT = 300  # seconds: a service that hangs must not hold `make test`
NETWORK_ERRORS = ("ConnectionError", "NameResolutionError", "Max retries exceeded", "Temporary failure in name",
                  "Name or service not known", "Connection refused", "timed out", "Timeout", "Network is unreachable",
                  "SSLError", "ProxyError")
UNAUDITED = "could not be audited"


@dataclass
class Decision:
    status: int
    message: str


def decide(returncode: int | None, stdout: str, stderr: str) -> Decision:
    """What `make test` does with pip-audit's outcome (``returncode`` None: it ran out of time)."""
    if returncode is None:
        return Decision(0, f"WARNING: pip-audit got no answer in {TIMEOUT} s: dependencies NOT audited "
                           "(vulnerability service unreachable?); carrying on.")
    try:
        report = json.loads(stdout)
        dependencies = report["dependencies"]
    except (ValueError, KeyError, TypeError):
        report = None
    if report is None:
        last = (stderr.strip().splitlines() or ["(no output)"])[-1]
        if any(marker in stderr for marker in NETWORK_ERRORS):
            return Decision(0, "WARNING: pip-audit could not reach the vulnerability service: dependencies NOT "
                               f"audited; carrying on. ({last[:200]})")
        return Decision(1, f"pip-audit failed (exit {returncode}) without a report: {last[:300]}")
    vulnerable = [(dep["name"], dep.get("version", "?"), vuln)
                  for dep in dependencies for vuln in dep.get("vulns") or []]
    if vulnerable:
        lines = [f"  {name} {version}: {vuln.get('id')} "
                 f"(fixed in {', '.join(vuln.get('fix_versions') or []) or 'no release yet'})"
                 for name, version, vuln in vulnerable]
        return Decision(1, "pip-audit found known vulnerabilities:\n" + "\n".join(lines))
    skipped = [dep["name"] for dep in dependencies if UNAUDITED in (dep.get("skip_reason") or "")]
    if skipped and len(skipped) == len(dependencies):
        return Decision(0, f"WARNING: pip-audit could not look up any of the {len(dependencies)} packages (the "
                           "vulnerability service is unreachable from here): dependencies NOT audited; carrying on.")
    if skipped:
        return Decision(0, f"WARNING: pip-audit found no known vulnerability, but could not audit {len(skipped)} of "
                           f"{len(dependencies)} packages: {', '.join(sorted(skipped)[:10])}"
                           f"{'...' if len(skipped) > 10 else ''}; carrying on.")
    if returncode != 0:
        return Decision(1, f"pip-audit failed (exit {returncode}): {(stderr.strip().splitlines() or [''])[-1][:300]}")
    return Decision(0, f"pip-audit: no known vulnerabilities in {len(dependencies)} packages.")


def main() -> int:
    command = [sys.executable, "-m", "pip_audit", "--progress-spinner", "off", "--format", "json", "--skip-editable"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
        decision = decide(done.returncode, done.stdout, done.stderr)
    except subprocess.TimeoutExpired:
        decision = decide(None, "", "")
    print(decision.message, file=sys.stderr if decision.status else sys.stdout)
    return decision.status


if __name__ == "__main__":
    sys.exit(main())
