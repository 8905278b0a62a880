"""A live sandbox for tests: a real ``python -m portal.sandbox runsandbox`` process (the sandbox's
own settings, never the portal's) on a free loopback port, with its own throw-away database, and a
small HTTP client for it that checks every exchange against the vendor's spec
(tests/support/openapi.py: skipped with the reason where ``../shared`` is absent, a failure in CI).

``make mutation`` runs one short pytest session per mutant: those borrow a sandbox from a
:class:`SandboxPool` started once for the whole run instead of starting their own.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections import deque
from pathlib import Path

import pytest
import requests

from portal.sandbox.seed import ids

from . import openapi

ROOT = Path(__file__).resolve().parents[2]
API_PREFIX = "/webservice/rest-api"
# The sandbox's command line: manage.py with the sandbox's settings (portal/sandbox/__main__.py).
COMMAND = [sys.executable, "-m", "portal.sandbox"]


class SandboxProcess:
    def __init__(self, workdir: Path, **env: str):
        """``env``: extra environment of the process (e.g. SANDBOX_FORCE_STATUS="503")."""
        self.workdir = workdir
        self.env = {
            **os.environ,
            "SANDBOX_DATABASE_URL": f"sqlite:///{workdir / 'sandbox.sqlite3'}",
            "VAR_DIR": str(workdir),
            "PASSWORD_HASHERS": "django.contrib.auth.hashers.MD5PasswordHasher",
            "SANDBOX_LATENCY_MS": "0",
            "SANDBOX_ERROR_RATE": "0",
            "SANDBOX_FORCE_STATUS": "0",
            **env,
        }
        self.process: subprocess.Popen | None = None
        self.url = ""
        self.output: deque[str] = deque(maxlen=2000)

    def _manage(self, *args: str) -> None:
        subprocess.run([*COMMAND, *args], cwd=ROOT, env=self.env, check=True, stdout=subprocess.DEVNULL)

    def start(self) -> None:
        self._manage("migrate", "-v0")
        self._manage("seedsandbox")
        self.process = subprocess.Popen(
            [*COMMAND, "runsandbox", "127.0.0.1:0"],
            cwd=ROOT, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            match = re.search(r"listening on port (\d+)", line)
            if match:
                self.url = f"http://127.0.0.1:{match.group(1)}"
                break
            if not line and self.process.poll() is not None:
                raise RuntimeError("the sandbox exited before listening")
        else:
            raise RuntimeError("the sandbox did not start in time")
        # Keep draining its output (a chatty server must never block on a full pipe), keeping the
        # latest lines for tests that check what the sandbox logs.
        threading.Thread(target=lambda: self.output.extend(self.process.stdout), daemon=True).start()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


class BorrowedSandbox:
    """A sandbox of a :class:`SandboxPool`, held by one test session (its lock) until it ends."""

    def __init__(self, url: str, env: dict[str, str]):
        self.url = url
        self.env = env
        self.output: deque[str] = deque()  # the pool's process logs to its own file


class SandboxPool:
    """Sandboxes started once for many short test sessions, one session at a time each.

    ``make mutation`` forks one pytest session per mutant, two at a time; starting a sandbox per
    session (migrate, seed, serve) would cost more than the tests. Every session borrows a free
    sandbox from the pool (an exclusive ``flock``, released by the kernel even when a session is
    killed) and gives it back as it found it: a session that did not end cleanly (a mutant that
    hung and was killed) leaves a mark, and the next borrower resets that sandbox first.
    """

    ENV = "PORTAL_TEST_SANDBOX_POOL"

    def __init__(self, path: Path):
        self.path = Path(path)

    @classmethod
    def start(cls, workdir: Path, size: int) -> tuple[SandboxPool, list[SandboxProcess]]:
        processes = []
        for number in range(size):
            process = SandboxProcess(workdir / f"sandbox-{number}")
            process.workdir.mkdir(parents=True, exist_ok=True)
            process.start()
            processes.append(process)
        pool = cls(workdir / "pool.json")
        pool.path.write_text(json.dumps([{"url": p.url, "env": {k: p.env[k] for k in (
            "SANDBOX_DATABASE_URL", "VAR_DIR")}} for p in processes]))
        return pool, processes

    @contextlib.contextmanager
    def borrow(self, wait: float = 600):
        members = json.loads(self.path.read_text())
        deadline = time.monotonic() + wait
        while True:
            for number, member in enumerate(members):
                lock = open(self.path.with_name(f"sandbox-{number}.lock"), "w")
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    lock.close()
                    continue
                dirty = self.path.with_name(f"sandbox-{number}.dirty")
                sandbox = Sandbox(member["url"])
                if dirty.exists():
                    sandbox.reset()
                dirty.touch()
                try:
                    yield BorrowedSandbox(member["url"], {**os.environ, **member["env"]})
                    sandbox.clear_faults()
                    dirty.unlink()
                finally:
                    lock.close()
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"no free sandbox in {self.path} after {wait} s")
            time.sleep(0.05)


class Sandbox:
    """What tests use: URLs, clients per interface, control endpoints, ready-made tokens."""

    def __init__(self, url: str):
        self.url = url
        self.http = requests.Session()
        self.spec = openapi.load_spec(url)  # None where the spec cannot be used (a failure in CI)
        self.violations: list[str] = []

    def base(self, interface: str = "customer") -> str:
        return f"{self.url}{API_PREFIX}/{interface}-interface/v1.0"

    @property
    def customer_url(self) -> str:
        return self.base("customer")

    @property
    def enterprise_url(self) -> str:
        return self.base("enterprise")

    def api(self, interface: str = "customer") -> ApiClient:
        return ApiClient(self, interface)

    # control endpoints
    def control(self, method: str, path: str, **kwargs) -> requests.Response:
        if method != "GET":
            kwargs.setdefault("json", {})  # control changes are accepted as JSON only
        response = self.http.request(method, f"{self.url}/_sandbox/{path}", timeout=30, **kwargs)
        response.raise_for_status()
        return response

    def reset(self) -> None:
        self.control("POST", "reset")

    def set_faults(self, **faults) -> dict:
        if faults.get("latency_ms"):  # requests a test abandons still finish (and are logged) this late
            self._slowest_ms = max(getattr(self, "_slowest_ms", 0), int(faults["latency_ms"]))
        return self.control("PUT", "faults", json=faults).json()

    def clear_faults(self) -> None:
        """Clear the knobs, and wait out any request a test abandoned under added latency, so that
        its late log line never lands in the next test's window."""
        self.control("DELETE", "faults")
        slowest = getattr(self, "_slowest_ms", 0)
        if slowest:
            self._slowest_ms = 0
            threading.Event().wait(slowest / 1000 + 0.3)  # (not time.sleep: a test may have mocked it)

    def requests_log(self, since: int = 0) -> list[dict]:
        return self.control("GET", "requests", params={"since": since}).json()["requests"]

    def last_seq(self) -> int:
        log = self.requests_log()
        return log[-1]["seq"] if log else 0

    # ready-made tokens
    def new_token(self, language: str = "en", device_id: str | None = None) -> str:
        response = self.api().post("/tokens", json=token_body(language, device_id))
        assert response.status_code == 201, response.text
        return response.json()["data"]["token_id"]

    def customer_token(self, login_value: str = ids.DEMO_EMAIL, password: str = ids.DEMO_PASSWORD,
                       login_type: str = "email", language: str = "en") -> str:
        token = self.new_token(language)
        response = self.api().post(f"/tokens/{token}/actions/login", token=token,
                                   json={"login_type": login_type, "login_value": login_value, "password": password})
        assert response.status_code == 200, response.text
        return token

    def enterprise_token(self) -> str:
        response = self.api("enterprise").post(
            "/users/actions/login", json={"login": ids.STAFF_LOGIN, "password": ids.STAFF_PASSWORD}
        )
        assert response.status_code in (200, 201), response.text
        return response.json()["data"]["bearer_token"]


_device_counter = iter(range(1, 10**9))


def token_body(language: str = "en", device_id: str | None = None) -> dict:
    return {
        "device": {
            "device_id": device_id or f"test-device-{os.getpid()}-{next(_device_counter)}",
            "device_system": "Linux",
            "device_name": "pytest",
            "device_type": "browser",
        },
        "setup": {"language_id": language, "allowed_gps": False, "allowed_notifications": False},
        "external_application_id": ids.PORTAL_APPLICATION,
    }


class ApiClient:
    """requests against one interface; every exchange is checked against the spec."""

    def __init__(self, sandbox: Sandbox, interface: str):
        self.sandbox = sandbox
        self.interface = interface

    def request(self, method: str, path: str, *, token: str | None = None, basic_user: str | None = None,
                language: str | None = None, validate: bool = True, **kwargs) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}) or {})
        if language:
            headers["Accept-Language"] = language
        if token is not None and basic_user is None:
            headers["Authorization"] = f"Bearer {token}"
        elif basic_user is not None:
            raw = f"{basic_user}:{token or ''}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(raw).decode()
        response = self.sandbox.http.request(
            method, self.sandbox.base(self.interface) + path, headers=headers, timeout=30, **kwargs
        )
        if validate and self.sandbox.spec is not None:
            problems = openapi.violations(self.sandbox.spec, response)
            self.sandbox.violations.extend(problems)
            if problems:
                pytest.fail("The exchange does not conform to the CareCloud spec:\n" + "\n".join(problems))
        return response

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs) -> requests.Response:
        return self.request("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs) -> requests.Response:
        return self.request("DELETE", path, **kwargs)
