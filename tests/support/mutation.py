"""The fast test subset of one mutant under ``make mutation`` (scripts/mutation.py).

mutmut runs, for each mutant, the tests that call the mutated function until one fails (its
forkserver hands them over in no particular order: they are put fastest first here, by the
durations of mutmut's first run). A mutant no test kills (often an equivalent one) would run every
such test, and the client's request method is called by some 250 of them: minutes per mutant. So
each mutant gets a budget (``PORTAL_MUTATION_TEST_BUDGET`` seconds of those recorded durations,
fastest first): a mutant that only a slower test would notice survives, and shows up in the report
as a function that lacks a quick, precise test.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

STATS = Path(__file__).resolve().parents[2] / "mutmut-stats.json"  # mutants/ under mutmut


def budgeted(items: list, budget: float) -> tuple[list, list]:
    """``items`` fastest first, cut where their recorded durations add up to more than ``budget``."""
    durations = json.loads(STATS.read_text())["duration_by_test"] if STATS.exists() else {}
    items = sorted(items, key=lambda item: durations.get(item.nodeid, 0.0))
    keep, spent = [], 0.0
    for item in items:
        spent += durations.get(item.nodeid, 0.0)
        if keep and spent > budget:
            break
        keep.append(item)
    return keep, items[len(keep):]


def pytest_collection_modifyitems(config, items):
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    budget = os.environ.get("PORTAL_MUTATION_TEST_BUDGET")
    if not budget or "__mutmut_" not in mutant:
        return
    keep, dropped = budgeted(items, float(budget))
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    items[:] = keep
