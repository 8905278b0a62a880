"""scripts/audit.py's decision on pip-audit's outcome: known vulnerabilities fail `make test`; a
vulnerability service that cannot be reached is a plain warning and the build goes on."""

import importlib.util
import json
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit.py"
spec = importlib.util.spec_from_file_location("audit_script", SCRIPT)
audit = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = audit  # dataclasses look their module up
spec.loader.exec_module(audit)


def report(*dependencies) -> str:
    return json.dumps({"dependencies": list(dependencies), "fixes": []})


AUDITED = {"name": "django", "version": "5.2.19", "vulns": []}
VULNERABLE = {"name": "requests", "version": "2.0.0",
              "vulns": [{"id": "PYSEC-2023-74", "fix_versions": ["2.31.0"], "aliases": [], "description": "x"}]}
SKIPPED = {"name": "segno", "skip_reason": "Dependency not found on PyPI and could not be audited: segno (1.6.6)"}


def test_a_known_vulnerability_fails_and_is_named():
    decision = audit.decide(1, report(AUDITED, VULNERABLE, SKIPPED), "Found 1 known vulnerability in 1 package")
    assert decision.status == 1
    assert "requests 2.0.0: PYSEC-2023-74 (fixed in 2.31.0)" in decision.message


def test_a_clean_audit_passes():
    decision = audit.decide(0, report(AUDITED, {**AUDITED, "name": "segno"}), "No known vulnerabilities found")
    assert decision.status == 0 and "no known vulnerabilities in 2 packages" in decision.message
    assert "WARNING" not in decision.message


def test_nothing_audited_because_the_service_is_unreachable_is_a_warning_not_a_pass():
    # what pip-audit prints here: exit 0, "No known vulnerabilities found", every package skipped
    decision = audit.decide(0, report(SKIPPED, {**SKIPPED, "name": "django"}), "No known vulnerabilities found")
    assert decision.status == 0
    assert decision.message.startswith("WARNING") and "NOT audited" in decision.message


def test_some_packages_not_audited_is_a_warning_that_counts_them():
    decision = audit.decide(0, report(AUDITED, SKIPPED), "")
    assert decision.status == 0 and "could not audit 1 of 2 packages: segno" in decision.message


@pytest.mark.parametrize("stderr", [
    "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.osv.dev', port=443): Max retries exceeded",
    "urllib3.exceptions.NameResolutionError: Failed to resolve 'pypi.org' ([Errno -2] Name or service not known)",
    "requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='pypi.org', port=443): Read timed out.",
])
def test_a_network_failure_without_a_report_is_a_warning(stderr):
    decision = audit.decide(1, "", "Traceback (most recent call last):\n" + stderr)
    assert decision.status == 0 and decision.message.startswith("WARNING") and "NOT audited" in decision.message


def test_running_out_of_time_is_a_warning():
    decision = audit.decide(None, "", "")
    assert decision.status == 0 and "NOT audited" in decision.message


def test_any_other_failure_fails():
    decision = audit.decide(2, "", "pip-audit: error: unrecognized arguments: --bogus")
    assert decision.status == 1 and "unrecognized arguments" in decision.message
    assert audit.decide(1, "not json", "KeyError: 'name'").status == 1
