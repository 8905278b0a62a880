"""`make mutation`: mutation testing of the portal's own code with mutmut (config: pyproject.toml).

mutmut changes one thing at a time in portal/carecloud, portal/accounts, the member features (a
package each: portal/overview, profile, aboutyou, mydata, cards, rewards, points, purchases, stores,
credits) and portal/core (never the sandbox), and for each change runs only the tests that call the changed
function (fastest first, up to a budget, stopping at the first failure: tests/support/mutation.py),
in a forked pytest session. Those sessions borrow one of a pool of live sandboxes started here once
(tests/support/sandbox.py, ``SandboxPool``) instead of starting their own, and do not validate
exchanges against the spec (that is ``make test``'s job, and loading the spec would cost more than
most tests).

These packages make some 11,600 mutants, about two hours of this 2-core machine. So by default
it tests a fixed sample: the mutants whose number within their function ends in 1 (the 1st, 11th,
21st... of every function, so every function is tried, about one mutant in eight), which takes under
half an hour; the score of a sample of that size is within about 2 points of the whole's.

    python scripts/mutation.py                  # the sample, from scratch (under 30 minutes)
    python scripts/mutation.py --sample 1       # every mutant (about two hours)
    python scripts/mutation.py --package core   # one package's sample (or --sample 1 for all of it)
    python scripts/mutation.py --keep           # keep mutants/ and the recorded test stats
                                                # (no recording run unless tests were added)
    python scripts/mutation.py 'portal.overview.selectors.x__tier__mutmut_*'  # some mutants again

It ends with the score per package and every surviving mutant as a one-line diff.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import json
import math
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# What is mutated (pyproject.toml's only_mutate names the same; tests/test_mutation_setup.py checks it).
PACKAGES = ("portal/carecloud", "portal/accounts", "portal/overview", "portal/profile", "portal/aboutyou",
            "portal/mydata", "portal/cards", "portal/rewards", "portal/points", "portal/purchases", "portal/core",
            "portal/stampcards", "portal/inbox", "portal/stores", "portal/credits")
# The sample (--sample N): mutant numbers whose last digits match (mutmut accepts globs).
SAMPLES = {1: "*", 2: "*[13579]", 5: "*[16]", 10: "*1"}
# Calls whose arguments are never mutated, beside mutmut's own (len, isinstance): translatable text
# is copy, not behaviour (that every string is translated is tested apart, tests/core/test_translations.py),
# and a test pinning each label's wording would only make changing the copy harder.
NEVER_MUTATE_CALLS = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext"}
MUTMUT = "--as-mutmut"  # this script run as mutmut's command line, with NEVER_MUTATE_CALLS added
# mutmut's exit codes of a tested mutant (mutmut/stats.py).
KILLED, SURVIVED, NO_TESTS, TIMEOUTS = {1, 3}, {0}, {5, 33}, {-24, 24, 152, 255, 36}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true",
                        help="keep mutants/ and the last run's recorded test stats (no recording run unless "
                             "tests were added; the sample is tested again)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--budget", type=float, default=3.0,
                        help="seconds of (recorded) test time per mutant, fastest tests first "
                             "(tests/support/mutation.py)")
    parser.add_argument("--sample", type=int, choices=sorted(SAMPLES), default=10,
                        help="test one mutant in about N (1: all of them); ignored when mutants are named")
    parser.add_argument("--package", choices=[p.rsplit("/", 1)[1] for p in PACKAGES],
                        help="only this package's mutants (the run a change to it calls for)")
    parser.add_argument("mutants", nargs="*", help="mutant names or globs to (re)run")
    args = parser.parse_args()
    named = bool(args.mutants)  # run again: the last run's mutants/ and stats are kept
    if not named and (args.sample > 1 or args.package):
        args.mutants = [f"portal.{args.package or '*'}.*__mutmut_{SAMPLES[args.sample]}"]

    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    fresh = not args.keep and not named
    if fresh:
        shutil.rmtree(ROOT / "mutants", ignore_errors=True)

    import django

    django.setup()
    from tests.support import mutation as mutation_plugin
    from tests.support.sandbox import SandboxPool

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="mutation-sandboxes-") as workdir:
        pool, processes = SandboxPool.start(Path(workdir), args.workers)
        env = {**os.environ, SandboxPool.ENV: str(pool.path), "PORTAL_TEST_SPEC_CHECKS": "off",
               mutation_plugin.BUDGET_ENV: str(args.budget)}
        if fresh:  # the stats are recorded in this run: mutmut's clean run can be short
            env[mutation_plugin.SHORT_CLEAN_RUN_ENV] = "1"
        try:
            run = subprocess.run([sys.executable, __file__, MUTMUT, "run", "--max-children", str(args.workers),
                                  *args.mutants], env=env)
        finally:
            for process in processes:
                process.stop()
    minutes = (time.monotonic() - started) / 60
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_minutes = (usage.ru_utime + usage.ru_stime) / 60  # the sandboxes' and every mutant's
    if run.returncode != 0:
        print(f"mutmut run failed ({run.returncode})", file=sys.stderr)
        return run.returncode
    return report(minutes, cpu_minutes, [f"portal/{args.package}"] if args.package else list(PACKAGES))


def report(minutes: float, cpu_minutes: float, packages: list[str]) -> int:
    reviewed = reviewed_survivors()
    counts: dict[str, Counter] = defaultdict(Counter)
    unreviewed: list[tuple[str, str, str]] = []
    by_reason: Counter = Counter()
    diffs = MutantDiffs()
    for meta in sorted((ROOT / "mutants" / "portal").rglob("*.py.meta")):
        source = meta.relative_to(ROOT / "mutants").as_posix().removesuffix(".meta")
        package = next((p for p in packages if source.startswith(p + "/")), None)
        if package is None:
            continue
        for name, code in json.loads(meta.read_text())["exit_code_by_key"].items():
            kind = ("killed" if code in KILLED else "timeout" if code in TIMEOUTS else "survived" if code in SURVIVED
                    else "no tests" if code in NO_TESTS else "not run" if code is None else f"other ({code})")
            if kind in ("survived", "no tests"):
                removed, added = diffs.lines(meta.with_suffix(""), name)
                reason = reviewed.get((function_of(name), removed, added))
                if reason and reason.startswith("equivalent"):
                    kind = "equivalent"
                if reason:
                    by_reason[reason] += 1
                else:
                    unreviewed.append((name, kind, f"`{removed}` → `{added}`"))
            counts[package][kind] += 1

    print(f"\nMutation score ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, {minutes:.1f} min, "
          f"{cpu_minutes:.1f} CPU min, load average {os.getloadavg()[0]:.1f} at the end)")
    print(f"  {'package':<18} {'killed':>7} {'timeout':>8} {'survived':>9} {'no tests':>9} {'equivalent':>11} "
          f"{'tested':>7} {'not run':>8}  killed of the non-equivalent (95 % interval when sampled)")
    total = Counter()
    for package in packages:
        c = counts[package]
        total.update(c)
        print(line(package, c))
    if len(packages) > 1:
        print(line("all of them", total))
    others = {kind: n for kind, n in total.items()
              if kind not in ("killed", "timeout", "survived", "no tests", "equivalent", "not run")}
    if others:
        print(f"  also: {others}")

    if by_reason:
        print(f"\n{sum(by_reason.values())} survivors reviewed in docs/mutation.md:")
        for reason, n in by_reason.most_common():
            print(f"  {n:>4}  {reason}")
    if unreviewed:
        print(f"\n{len(unreviewed)} mutants not killed and not reviewed: kill each with a test, or add it to "
              f"docs/mutation.md under its reason (`.venv/bin/mutmut show NAME` shows the whole):")
        for name, kind, diff in unreviewed:
            print(f"- `{name.removeprefix('portal.')}`: {diff}{'  (no test calls it)' if kind == 'no tests' else ''}")
    return 0


def function_of(name: str) -> str:
    """``overview.selectors.x_tier`` of ``portal.overview.selectors.x_tier__mutmut_12``: with the
    mutant's one-line diff, what a review in docs/mutation.md matches (mutmut renumbers mutants when
    a function changes)."""
    return name.removeprefix("portal.").rsplit("__mutmut_", 1)[0]


REVIEWED_LINE = re.compile(r"^- `([^`]+)`: `(.*)` → `(.*)`")


def reviewed_survivors() -> dict[tuple[str, str, str], str]:
    """docs/mutation.md's reviewed survivors: (function, removed, added) → the reason (its heading,
    "equivalent: ..." or "not worth a test: ...")."""
    reviewed, reason = {}, None
    path = ROOT / "docs" / "mutation.md"
    for text in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        if text.startswith("**"):
            reason = text.strip("*").split("**")[0].strip()
            reason = reason if reason.startswith(("equivalent", "not worth a test")) else None
        elif reason and (found := REVIEWED_LINE.match(text)):
            reviewed[(function_of(found[1]), found[2], found[3])] = reason
    return reviewed


def line(label: str, c: Counter) -> str:
    tested = sum(n for kind, n in c.items() if kind != "not run")
    detected = c["killed"] + c["timeout"]
    counted = tested - c["equivalent"]
    score = "-"
    if counted:
        score = f"{100 * detected / counted:.1f} %"
        if c["not run"]:
            low, high = wilson(detected, counted)
            score += f" ({100 * low:.1f}–{100 * high:.1f})"
    return (f"  {label:<18} {c['killed']:>7} {c['timeout']:>8} {c['survived']:>9} {c['no tests']:>9} "
            f"{c['equivalent']:>11} {tested:>7} {c['not run']:>8}  {score}")


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95 % (Wilson score) interval of a proportion measured on a sample of ``n``."""
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


class MutantDiffs:
    """One-line diffs of mutants, read from mutmut's generated files (a `mutmut show` per survivor
    would take a second each): the lines of ``x_f__mutmut_N`` that differ from ``x_f__mutmut_orig``."""

    def __init__(self):
        self.functions: dict[Path, dict[str, list[str]]] = {}

    @staticmethod
    def _source(lines: list[str], node: ast.FunctionDef) -> list[str]:
        """The function's lines, its ``def`` under the function's own name (a default's mutant is there)."""
        own = node.name.rsplit("__mutmut_", 1)[0].split("ǁ")[-1].removeprefix("x_")
        source = lines[node.lineno - 1:node.end_lineno]
        return [source[0].replace(f"def {node.name}(", f"def {own}(", 1), *source[1:]]

    def lines(self, path: Path, name: str) -> tuple[str, str]:
        """The mutated function's lines as they were and as the mutant has them, each joined by " / "."""
        functions = self.functions.get(path)
        if functions is None:
            source = path.read_text()
            lines = source.splitlines()
            functions = self.functions[path] = {
                node.name: self._source(lines, node) for node in ast.walk(ast.parse(source))
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and "__mutmut_" in node.name}
        function = name.rsplit(".", 1)[-1]
        mutant, original = functions.get(function), functions.get(function.rsplit("__mutmut_", 1)[0] + "__mutmut_orig")
        if mutant is None or original is None:
            return "(see mutmut show)", ""
        removed, added = [], []
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, original, mutant, autojunk=False).get_opcodes():
            if tag != "equal":
                removed += [text.strip() for text in original[i1:i2]]
                added += [text.strip() for text in mutant[j1:j2]]
        return " / ".join(removed), " / ".join(added)


def as_mutmut() -> None:
    """mutmut's command line, with NEVER_MUTATE_CALLS (mutmut has no setting for it; its version is pinned
    in requirements-dev.txt, and tests/test_mutation_setup.py fails if the set it extends is gone)."""
    from mutmut.__main__ import cli
    from mutmut.mutation import file_mutation

    file_mutation.NEVER_MUTATE_FUNCTION_CALLS |= NEVER_MUTATE_CALLS
    sys.argv = ["mutmut", *sys.argv[2:]]
    cli()


if __name__ == "__main__":
    if sys.argv[1:2] == [MUTMUT]:
        as_mutmut()
    sys.exit(main())
