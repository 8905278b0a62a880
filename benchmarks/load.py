"""The overview under concurrent customers, served by gunicorn with its production configuration.

    .venv/bin/python -m benchmarks.load [--sessions 50] [--seconds 20] [--latency-ms 100] [--workers 2]

Starts a sandbox, the replay proxy (benchmarks/replay.py: every CareCloud read answered in exactly
``--latency-ms``, so the upstream is not what is measured), and gunicorn (gunicorn.conf.py, DEBUG
off) on PostgreSQL and Redis when they answer on 127.0.0.1 (else SQLite and a per-process cache,
said in the output). Logs ``--sessions`` customers in, then each one requests the overview in a
loop for ``--seconds``. Prints requests per second, p50/p95/p99, errors (a status, or the
exception with its cause), the portal's CPU per view (the gunicorn workers' user+system time over
the views served, recycled workers included) and the memory of each worker.
Figures only; nothing here asserts a target.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _proc_stat(pid: int) -> tuple[float, float]:
    """(CPU seconds, RSS MiB) of one process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks
    rss = int(re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{pid}/status").read_text()).group(1)) / 1024
    return cpu, rss


def _workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def _workers_cpu(master: int) -> float:
    """CPU seconds of every worker the master has had: the live ones' own, plus those of the
    workers it has recycled (``max_requests``) and reaped, which the kernel adds to the master's
    cutime/cstime. A run long enough to recycle a worker is counted whole."""
    fields = Path(f"/proc/{master}/stat").read_text().rsplit(")", 1)[1].split()
    reaped = (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")
    return reaped + sum(stat[0] for stat in _live_stats(master))


def _live_stats(master: int) -> list[tuple[float, float]]:
    """(CPU seconds, RSS MiB) of each live worker; one that exits meanwhile is left out."""
    stats = []
    for pid in _workers(master):
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            stats.append(_proc_stat(pid))
    return stats


def _failure(error: requests.RequestException) -> str:
    """A failed view's name in the table: the exception and its root cause, e.g.
    ``ConnectionError (ConnectionResetError)``: a reset, a refused connection and a closed one
    are different faults."""
    cause = error
    while cause.__cause__ or cause.__context__:
        cause = cause.__cause__ or cause.__context__
    return type(error).__name__ + (f" ({type(cause).__name__})" if cause is not error else "")


def _services(workdir: str) -> tuple[dict, str, object]:
    """Production-like storage when the machine has it (PostgreSQL + Redis), else local files."""
    from tests.support import services

    os.environ.pop("CI", None)  # a missing service must not fail a benchmark
    try:
        database = services.postgres_database()
        url = next(database)
        redis_url, prefix = services.redis_cache()
        return {"DATABASE_URL": url, "CACHE_URL": redis_url, "CACHE_KEY_PREFIX": prefix}, "PostgreSQL + Redis", database
    except BaseException:  # pytest's skip is a BaseException
        return {"DATABASE_URL": f"sqlite:///{workdir}/portal.sqlite3"}, "SQLite + per-process cache", None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--latency-ms", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from benchmarks.pages import percentile, start_replay
    from portal.sandbox.seed import ids
    from tests.support.sandbox import SandboxProcess

    with tempfile.TemporaryDirectory() as workdir:
        storage, storage_name, database = _services(workdir)
        sandbox = SandboxProcess(Path(workdir))
        sandbox.start()
        replay, replay_url = start_replay(sandbox.url, args.latency_ms)
        port = 18000 + secrets.randbelow(1000)
        env = {**os.environ, **storage, "DJANGO_SETTINGS_MODULE": "portal.settings", "DEBUG": "False",
               "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1", "SECURE_COOKIES": "False",
               "STATIC_ROOT": f"{workdir}/static", "VAR_DIR": workdir, "LOG_LEVEL": "WARNING",
               "SANDBOX_DATABASE_URL": f"sqlite:///{workdir}/unused.sqlite3",
               "CARECLOUD_API_URL": replay_url + "/webservice/rest-api/customer-interface/v1.0",
               "CARECLOUD_EXTERNAL_APP_ID": ids.PORTAL_APPLICATION,
               "PORTAL_RATE_LIMITS": "login=10000/5m/ip,10/5m/account-ip,20/5m/account",
               "WEB_CONCURRENCY": str(args.workers), "GUNICORN_THREADS": str(args.threads),
               "GUNICORN_ACCESSLOG": "/dev/null"}
        # --skip-checks: the checks' warnings say what this run does on purpose (CareCloud on this
        # machine); gunicorn's start still refuses settings unfit for production.
        for command in (["migrate", "--noinput", "-v0", "--skip-checks"],
                        ["collectstatic", "--noinput", "-v0", "--skip-checks"]):
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
        # Its warnings and errors (a worker timeout, a 5xx's traceback, the portal's own warnings at
        # LOG_LEVEL) come out here; its INFO lines (workers booting, exiting) do not.
        gunicorn = subprocess.Popen([sys.executable, "-m", "gunicorn", "portal.wsgi", "-c", "gunicorn.conf.py",
                                     "--bind", f"127.0.0.1:{port}", "--log-level", "warning"], cwd=ROOT, env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    if requests.get(f"{base}/healthz", timeout=1).ok:
                        break
                except requests.RequestException:  # not listening yet, or its workers still booting
                    time.sleep(0.1)
            browsers = [_logged_in(base, ids) for _ in range(args.sessions)]
            for browser in browsers[:2]:
                browser.get(f"{base}/en/overview/", timeout=30)  # warm the shared caches
            cpu_before = _workers_cpu(gunicorn.pid)
            times: list[float] = []
            errors: Counter = Counter()  # what each failed view answered (status, or the exception and its cause)
            lock = threading.Lock()
            stop = time.monotonic() + args.seconds

            def customer(browser: requests.Session) -> None:
                while time.monotonic() < stop:
                    started = time.perf_counter()
                    try:
                        status = browser.get(f"{base}/en/overview/", timeout=30).status_code
                        failure = None if status == 200 else str(status)
                    except requests.RequestException as error:
                        failure = _failure(error)
                    with lock:
                        times.append((time.perf_counter() - started) * 1000)
                        if failure:
                            errors[failure] += 1

            started = time.monotonic()
            threads = [threading.Thread(target=customer, args=(b,)) for b in browsers]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
            cpu = _workers_cpu(gunicorn.pid) - cpu_before
            stats = _live_stats(gunicorn.pid)
            print(f"overview, {args.sessions} concurrent sessions for {args.seconds} s; gunicorn {args.workers} "
                  f"workers × {args.threads} threads; {storage_name}; CareCloud {args.latency_ms} ms per call (replay)")
            print(f"  requests/s   {len(times) / elapsed:8.1f}   ({len(times)} views, {sum(errors.values())} errors"
                  f"{': ' + ', '.join(f'{kind} ×{n}' for kind, n in errors.most_common()) if errors else ''})")
            print(f"  p50 / p95 / p99 ms   {statistics.median(times):.0f} / {percentile(times, 0.95):.0f} / "
                  f"{percentile(times, 0.99):.0f}")
            print(f"  portal CPU per view   {cpu * 1000 / max(1, len(times)):.1f} ms")
            print("  memory per worker    " + ", ".join(f"{s[1]:.0f} MiB" for s in stats))
        finally:
            gunicorn.terminate()
            gunicorn.wait(15)
            replay.terminate()
            sandbox.stop()
            if database is not None:
                database.close()
    return 0


def _logged_in(base: str, ids) -> requests.Session:
    browser = requests.Session()
    page = browser.get(f"{base}/en/account/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = browser.post(f"{base}/en/account/login/", data={
        "csrfmiddlewaretoken": token, "login_type": "email", "login_value": ids.DEMO_EMAIL,
        "password": ids.DEMO_PASSWORD}, allow_redirects=False, timeout=30)
    assert response.status_code == 302, response.status_code
    return browser


if __name__ == "__main__":
    raise SystemExit(main())
