"""``make mutation``'s pytest plugin (scripts/mutation.py; docs/testing.md).

mutmut runs the whole selection once (the *stats* run, ``MUTANT_UNDER_TEST=stats``) to learn which
tests call which function, then, for each mutant, a pytest session with the tests that call the
mutated function, stopping at the first failure. Three things here keep that within the half hour:

- **A budget per mutant.** The forkserver hands a mutant's tests over in no particular order; they
  are put fastest first and cut where their times add up to ``PORTAL_MUTATION_TEST_BUDGET`` seconds.
  The times are whole test times (setup, call and teardown) that this plugin records during the
  stats run: mutmut's own records only the call, and a page test's login happens in its setup.
  The client's request method is called by some 700 tests: a mutant no test kills (often an
  equivalent one) would run them all. A mutant that only a slower test would notice survives and
  shows up in the report as a function that lacks a quick, precise test.
- **No slow tests.** Tests marked ``slow`` (subprocesses, waits on timeouts, crawls, fuzzing: each
  seconds long) are left out of every mutation session, the stats run included. ``make test`` runs
  them.
- **A short clean run.** After the stats run, mutmut runs the same tests once more unmutated, to
  be sure they pass; when the stats were recorded in this same ``make mutation`` (they pass, or the
  stats run fails) that second pass is cut to the fastest test (``PORTAL_MUTATION_SHORT_CLEAN_RUN``).
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # mutants/ under mutmut
STATS = ROOT / "mutmut-stats.json"
TIMES = ROOT / "mutation-test-times.json"
BUDGET_ENV = "PORTAL_MUTATION_TEST_BUDGET"
SHORT_CLEAN_RUN_ENV = "PORTAL_MUTATION_SHORT_CLEAN_RUN"

_times: dict[str, float] = defaultdict(float)


def in_mutation_run() -> bool:
    return bool(os.environ.get(BUDGET_ENV))


def recorded_times() -> dict[str, float]:
    """Whole test times of the stats run, or mutmut's call times when this plugin recorded none."""
    for path, key in ((TIMES, None), (STATS, "duration_by_test")):
        if path.exists():
            data = json.loads(path.read_text())
            return data[key] if key else data
    return {}


def budgeted(items: list, budget: float, times: dict[str, float]) -> tuple[list, list]:
    """``items`` fastest first, cut where their recorded times add up to more than ``budget``
    (the first one always runs). Returns (kept, dropped)."""
    items = sorted(items, key=lambda item: times.get(item.nodeid, 0.0))
    keep, spent = [], 0.0
    for item in items:
        spent += times.get(item.nodeid, 0.0)
        if keep and spent > budget:
            break
        keep.append(item)
    return keep, items[len(keep):]


def select(items: list, mutant: str, budget: float, short_clean_run: bool, times: dict[str, float]):
    """The (kept, dropped) tests of one mutmut session, by what it is for."""
    slow = [item for item in items if item.get_closest_marker("slow")]
    items = [item for item in items if not item.get_closest_marker("slow")]
    if "__mutmut_" in mutant:
        keep, dropped = budgeted(items, budget, times)
    elif mutant == "" and short_clean_run and items:
        keep, dropped = budgeted(items, 0.0, times)
    else:
        keep, dropped = items, []
    return keep, dropped + slow


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    if not in_mutation_run():
        return
    keep, dropped = select(items, os.environ.get("MUTANT_UNDER_TEST", ""), float(os.environ[BUDGET_ENV]),
                           bool(os.environ.get(SHORT_CLEAN_RUN_ENV)), recorded_times())
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    items[:] = keep


def pytest_runtest_logreport(report):
    if in_mutation_run() and os.environ.get("MUTANT_UNDER_TEST") == "stats":
        _times[report.nodeid] += report.duration


def pytest_sessionfinish(session):
    if in_mutation_run() and os.environ.get("MUTANT_UNDER_TEST") == "stats" and _times:
        earlier = json.loads(TIMES.read_text()) if TIMES.exists() else {}  # an incremental stats run adds to them
        TIMES.write_text(json.dumps({**earlier, **_times}))
