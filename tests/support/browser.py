"""What browser tests share: logging in through the login form, and axe-core's audit."""

import re

from axe_playwright_python.sync_playwright import Axe

from portal.sandbox.seed import ids as seed_ids


def log_in(page, portal_url, ids=seed_ids, lang="en", login=None, password=None):
    """Log in as the demo customer (or ``login``/``password``) and wait for the overview."""
    page.goto(f"{portal_url}/{lang}/account/login/")
    page.get_by_label(re.compile("^(E-mail, phone or card number|E-mail, telefon nebo číslo karty)")).fill(
        login or ids.DEMO_EMAIL)
    page.locator("input[type=password]").fill(password or ids.DEMO_PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/overview/$"))


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now."""
    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in ("serious", "critical"):
            targets = [node["target"] for node in violation["nodes"]][:5]
            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return found
