"""``make screenshots``: PNGs of the pages a member and a staff member see most, at a phone's width
(390 px) and a desktop's (1280 px), in English and Czech, to look at before a release or after a
change of theme (issue 18).

It starts its own sandbox and portal as ``make run`` does, on free ports and with throw-away
databases in a temporary folder (``var/`` is left alone), logs in the demo customer and a staff
member made for the run (their authenticator's codes computed here), and writes
``screenshots/<theme>/<language>-<width>-<page>.png`` (the folder is not committed).

    make screenshots                       # the default theme
    make screenshots THEME=<theme folder>  # passed to the portal as PORTAL_THEME
    .venv/bin/python scripts/screenshots.py --pages overview,staff-search --widths 390 --languages cs
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import os
import re
import socket
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from portal.sandbox.seed import ids, loyalty  # noqa: E402  (after the path: run as a script)

WIDTHS = (390, 1280)
LANGUAGES = ("en", "cs")
STAFF_EMAIL = "helpdesk.photos@example.com"
STAFF_PASSWORD = "Kafe-Lupa-Snimky-48"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # base32; the run's own staff member only
CHROMIUM = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"


@dataclass(frozen=True)
class Shot:
    name: str  # the file name's last part
    path: str  # after /<language>/ for a member's page, from the root for a staff page; "" when found
    who: str  # "customer" or "staff"
    find: str = ""  # a page reached through the first link on ``path`` matching this pattern


def pages() -> list[Shot]:
    """What is photographed, in order."""
    return [
        Shot("overview", "overview/", "customer"),
        Shot("cards", "cards/", "customer"),
        Shot("rewards", "rewards/", "customer"),
        Shot("vouchers", "vouchers/", "customer"),
        Shot("profile", "profile/", "customer"),
        Shot("campaign", "campaigns/", "customer", find=r"/campaigns/[^/]+/[^/]+/$"),
        Shot("staff-search", "/staff/", "staff"),
    ]


def file_name(out: Path, theme: str, lang: str, width: int, shot: Shot) -> Path:
    return out / (theme or "default") / f"{lang}-{width}-{shot.name}.png"


def totp(secret: str = TOTP_SECRET, at: float | None = None) -> str:
    """The six-digit code an authenticator app shows (RFC 6238: 30 s steps, SHA-1)."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def fresh_totp() -> str:
    """A code that stays valid for a few seconds more (waits out the end of a 30 s window)."""
    left = 30 - time.time() % 30
    if left < 4:
        time.sleep(left + 0.1)
    return totp()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing answers on port {port}")


class Servers:
    """The sandbox and the portal, as ``make run`` starts them, in a temporary folder."""

    def __init__(self, workdir: Path, theme: str = ""):
        self.sandbox_port, self.port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DEBUG": "True",
            "VAR_DIR": str(workdir),
            "DATABASE_URL": f"sqlite:///{workdir / 'portal.sqlite3'}",
            "SANDBOX_DATABASE_URL": f"sqlite:///{workdir / 'sandbox.sqlite3'}",
            "CARECLOUD_API_URL": f"http://127.0.0.1:{self.sandbox_port}/webservice/rest-api/customer-interface/v1.0",
            "CARECLOUD_ENTERPRISE_API_URL":
                f"http://127.0.0.1:{self.sandbox_port}/webservice/rest-api/enterprise-interface/v1.0",
            "CARECLOUD_ENTERPRISE_LOGIN": ids.STAFF_LOGIN,
            "CARECLOUD_ENTERPRISE_PASSWORD": ids.STAFF_PASSWORD,
            "PASSWORD_HASHERS": "django.contrib.auth.hashers.MD5PasswordHasher",
            "SANDBOX_LATENCY_MS": "0",
            "SANDBOX_ERROR_RATE": "0",
            "PORTAL_PERCENT_REWARD_TYPES": loyalty.REWARD_TYPE_PERCENTAGE,  # as `make run`
        }
        if theme:
            self.env["PORTAL_THEME"] = theme
        self.processes: list[subprocess.Popen] = []

    def run(self, *args: str, stdin: str | None = None) -> None:
        subprocess.run([sys.executable, *args], cwd=ROOT, env=self.env, check=True, input=stdin, text=True,
                       stdout=subprocess.DEVNULL)

    def start(self) -> Servers:
        self.run("-m", "portal.sandbox", "migrate", "-v0")
        self.run("-m", "portal.sandbox", "seedsandbox")
        self.run("manage.py", "migrate", "-v0")
        self.run("manage.py", "createstaff", STAFF_EMAIL, "--password-stdin", stdin=STAFF_PASSWORD + "\n")
        self.run("manage.py", "shell", "-c", (
            "from allauth.mfa.totp.internal.auth import TOTP; from django.contrib.auth import get_user_model; "
            f"TOTP.activate(get_user_model().objects.get(email={STAFF_EMAIL!r}), {TOTP_SECRET!r})"))
        for command in ([sys.executable, "-m", "portal.sandbox", "runsandbox", f"127.0.0.1:{self.sandbox_port}"],
                        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"]):
            self.processes.append(subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL,
                                                   stderr=subprocess.DEVNULL))
        wait_for(self.sandbox_port)
        wait_for(self.port)
        return self

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


def log_in_customer(page, url: str, lang: str) -> None:
    page.goto(f"{url}/{lang}/account/login/")
    page.locator("#id_login_value").fill(ids.DEMO_EMAIL)
    page.locator("input[type=password]").fill(ids.DEMO_PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/overview/$"))


def log_in_staff(page, url: str, lang: str) -> None:
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": url}])
    page.goto(f"{url}/staff/accounts/login/")
    page.locator("#id_login").fill(STAFF_EMAIL)
    page.locator("#id_password").fill(STAFF_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/2fa/authenticate/"))
    page.locator("#id_code").fill(fresh_totp())
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/$"))


def open_shot(page, url: str, lang: str, shot: Shot) -> None:
    if shot.who == "staff":  # the search with the demo customer found by card number
        page.goto(url + shot.path)
        page.locator("label.choice-pill", has=page.locator("input[value=card]")).click()
        page.locator("#id_query").fill(ids.DEMO_CARD_NUMBER)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        return
    page.goto(f"{url}/{lang}/{shot.path}")
    if shot.find:
        hrefs = page.locator("main a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        page.goto(url + next(href for href in hrefs if re.search(shot.find, href)))


def photograph(url: str, out: Path, theme: str, shots: list[Shot], widths, languages) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--headless=new", "--no-sandbox", "--disable-gpu"])
        for lang in languages:
            for who, log_in in (("customer", log_in_customer), ("staff", log_in_staff)):
                mine = [shot for shot in shots if shot.who == who]
                if not mine:
                    continue
                context = browser.new_context(viewport={"width": widths[0], "height": 844}, service_workers="block",
                                              locale="en-GB", reduced_motion="reduce")
                page = context.new_page()
                page.set_default_timeout(30000)
                log_in(page, url, lang)
                for shot in mine:
                    for width in widths:
                        page.set_viewport_size({"width": width, "height": 844 if width < 1000 else 900})
                        open_shot(page, url, lang, shot)
                        target = file_name(out, theme, lang, width, shot)
                        target.parent.mkdir(parents=True, exist_ok=True)
                        # the whole page in a window as tall as it, so that the phone's bottom bar is
                        # drawn at the bottom (a full-page capture leaves fixed parts where the window was)
                        height = page.evaluate("document.documentElement.scrollHeight")
                        page.set_viewport_size({"width": width, "height": min(height, 16000)})
                        page.screenshot(path=str(target))
                        written.append(target)
                context.close()
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "screenshots"), help="where to write (default: screenshots/)")
    parser.add_argument("--theme", default=os.environ.get("THEME") or os.environ.get("PORTAL_THEME", ""),
                        help="the theme, passed to the portal as PORTAL_THEME (default: THEME)")
    parser.add_argument("--pages", default="", help="comma-separated page names (default: all)")
    parser.add_argument("--widths", default=",".join(map(str, WIDTHS)))
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    args = parser.parse_args(argv)
    wanted = [name for name in args.pages.split(",") if name]
    shots = [shot for shot in pages() if not wanted or shot.name in wanted]
    unknown = set(wanted) - {shot.name for shot in pages()}
    if unknown:
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
    widths = [int(width) for width in args.widths.split(",")]
    with tempfile.TemporaryDirectory(prefix="portal-screenshots-") as workdir:
        servers = Servers(Path(workdir), args.theme).start()
        try:
            written = photograph(servers.url, Path(args.out), args.theme, shots, widths, args.languages.split(","))
        finally:
            servers.stop()
    print(f"{len(written)} screenshots in {Path(args.out) / (args.theme or 'default')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
