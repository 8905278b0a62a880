"""`make mutation`: mutation testing of the portal's own code with mutmut (config: pyproject.toml).

mutmut changes one thing at a time in portal/carecloud, portal/accounts, portal/loyalty and
portal/core (never the sandbox), and for each change runs only the tests that call the changed
function (fastest first, stopping at the first failure), in a forked pytest session. Those
sessions borrow one of a pool of live sandboxes started here once (tests/support/sandbox.py,
``SandboxPool``) instead of starting their own, and do not validate exchanges against the spec
(that is ``make test``'s job, and loading the spec would cost more than most tests).

    python scripts/mutation.py                  # everything, from scratch
    python scripts/mutation.py --keep           # keep mutants/ (results of unchanged functions are reused)
    python scripts/mutation.py --package carecloud   # one package's mutants (README: under 30 minutes each)
    python scripts/mutation.py 'portal.loyalty.selectors.x__tier__mutmut_*'   # some mutants again

It ends with the score per package and every surviving mutant as a one-line diff.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("portal/carecloud", "portal/accounts", "portal/loyalty", "portal/core")
# mutmut's exit codes of a tested mutant (mutmut/stats.py).
KILLED, SURVIVED, NO_TESTS, TIMEOUTS = {1, 3}, {0}, {5, 33}, {-24, 24, 152, 255, 36}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="reuse mutants/ from the last run")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--budget", type=float, default=8.0,
                        help="seconds of (recorded) test time per mutant, fastest tests first (tests/support/mutation.py)")
    parser.add_argument("--package", choices=[p.rsplit("/", 1)[1] for p in PACKAGES],
                        help="only this package's mutants (the run a change to it calls for)")
    parser.add_argument("mutants", nargs="*", help="mutant names or globs to (re)run")
    args = parser.parse_args()
    if args.package:
        args.mutants = [*args.mutants, f"portal.{args.package}.*"]

    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    if not args.keep and not args.mutants:
        shutil.rmtree(ROOT / "mutants", ignore_errors=True)

    import django

    django.setup()
    from tests.support.sandbox import SandboxPool

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="mutation-sandboxes-") as workdir:
        pool, processes = SandboxPool.start(Path(workdir), args.workers)
        env = {**os.environ, SandboxPool.ENV: str(pool.path), "PORTAL_TEST_SPEC_CHECKS": "off",
               "PORTAL_MUTATION_TEST_BUDGET": str(args.budget)}
        try:
            run = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(args.workers),
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
    counts: dict[str, Counter] = defaultdict(Counter)
    survivors: list[tuple[str, str]] = []
    for meta in sorted((ROOT / "mutants" / "portal").rglob("*.py.meta")):
        source = meta.relative_to(ROOT / "mutants").as_posix().removesuffix(".meta")
        package = next((p for p in packages if source.startswith(p + "/")), None)
        if package is None:
            continue
        for name, code in json.loads(meta.read_text())["exit_code_by_key"].items():
            kind = ("killed" if code in KILLED else "timeout" if code in TIMEOUTS else "survived" if code in SURVIVED
                    else "no tests" if code in NO_TESTS else "not run" if code is None else f"other ({code})")
            counts[package][kind] += 1
            if kind in ("survived", "no tests"):
                survivors.append((name, kind))

    print(f"\nMutation score ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, {minutes:.1f} min, "
          f"{cpu_minutes:.1f} CPU min, load average {os.getloadavg()[0]:.1f} at the end)")
    print(f"  {'package':<18} {'killed':>7} {'timeout':>8} {'survived':>9} {'no tests':>9} {'total':>6}  score")
    total = Counter()
    for package in packages:
        c = counts[package]
        total.update(c)
        print(line(package, c))
    if len(packages) > 1:
        print(line("all of them", total))
    others = {kind: n for kind, n in total.items() if kind not in ("killed", "timeout", "survived", "no tests")}
    if others:
        print(f"  also: {others}")

    if survivors:
        print(f"\n{len(survivors)} mutants not killed (one-line diffs; `.venv/bin/mutmut show NAME` for the whole):")
        for name, kind in survivors:
            print(f"  [{kind}] {name}: {one_line_diff(name)}")
    return 0


def line(label: str, c: Counter) -> str:
    size = sum(c.values())
    detected = c["killed"] + c["timeout"]
    score = f"{100 * detected / size:.1f} %" if size else "-"
    return (f"  {label:<18} {c['killed']:>7} {c['timeout']:>8} {c['survived']:>9} {c['no tests']:>9} {size:>6}  "
            f"{score}")


def one_line_diff(name: str) -> str:
    shown = subprocess.run([sys.executable, "-m", "mutmut", "show", name], capture_output=True, text=True).stdout
    removed = [text[1:].strip() for text in shown.splitlines() if text.startswith("-") and not text.startswith("---")]
    added = [text[1:].strip() for text in shown.splitlines() if text.startswith("+") and not text.startswith("+++")]
    return f"{' / '.join(removed)}  ->  {' / '.join(added)}"


if __name__ == "__main__":
    sys.exit(main())
