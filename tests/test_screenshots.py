"""``make screenshots`` (scripts/screenshots.py): its page list, the theme passed on to the portal,
its authenticator codes, and a run on a tiny subset (a member's page and the staff search, one
width, one language) so that it cannot silently rot."""

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("screenshots_script", ROOT / "scripts" / "screenshots.py")
screenshots = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = screenshots  # (dataclasses look their module up)
_spec.loader.exec_module(screenshots)


def test_it_photographs_the_pages_the_issue_names():
    # the issue's six, and the vouchers (where a value's unit, money or percent, shows)
    assert [shot.name for shot in screenshots.pages()] == [
        "overview", "cards", "rewards", "vouchers", "profile", "campaign", "staff-search"]
    assert screenshots.WIDTHS == (390, 1280) and screenshots.LANGUAGES == ("en", "cs")


def test_a_theme_reaches_the_portal_as_portal_theme_and_names_the_folder(tmp_path):
    assert screenshots.Servers(tmp_path, "second").env["PORTAL_THEME"] == "second"
    assert "PORTAL_THEME" not in screenshots.Servers(tmp_path, "").env or os.environ.get("PORTAL_THEME")
    shot = screenshots.pages()[0]
    assert screenshots.file_name(tmp_path, "second", "cs", 390, shot) == tmp_path / "second" / "cs-390-overview.png"
    assert screenshots.file_name(tmp_path, "", "en", 1280, shot) == tmp_path / "default" / "en-1280-overview.png"


def test_its_codes_are_the_authenticators():
    now = time.time()
    assert screenshots.totp(screenshots.TOTP_SECRET, now) == format_hotp_value(
        hotp_value(screenshots.TOTP_SECRET, int(now) // 30))


def test_unknown_pages_are_refused():
    with pytest.raises(SystemExit):
        screenshots.main(["--pages", "nowhere"])


@pytest.mark.skipif(not os.path.exists(screenshots.CHROMIUM) and os.environ.get("CI", "").lower() != "true",
                    reason="Debian's chromium is not installed")
def test_a_run_on_a_tiny_subset_writes_its_pngs(tmp_path):
    # In a process of its own, as make runs it: Playwright's sync API refuses to start in a test
    # worker where another browser test's event loop is running.
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "screenshots.py"), "--out", str(tmp_path),
                          "--pages", "overview,staff-search", "--widths", "390", "--languages", "cs"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    written = sorted(path.name for path in (tmp_path / "default").iterdir())
    assert written == ["cs-390-overview.png", "cs-390-staff-search.png"]
    for name in written:
        with Image.open(Path(tmp_path / "default" / name)) as image:
            assert image.width == 390 and image.height > 600
    assert "2 screenshots" in run.stdout
