"""Browser-test helpers shared by tests/e2e: logging the demo customer in through the login page,
and the accessibility audit (axe-core) that fails on serious or critical violations."""

from __future__ import annotations

import re

from axe_playwright_python.base import AXE_SCRIPT

from portal.sandbox.seed import ids

LOGIN_LABEL = re.compile("^(E-mail, phone or card number|E-mail, telefon nebo číslo karty)")


def fill_login(page, login_value, password):
    """Fill the login form on the current page and send it."""
    page.get_by_label(LOGIN_LABEL).fill(login_value)
    page.locator("input[type=password]").fill(password)
    page.locator("form.form button[type=submit]").click()


def log_in(page, portal_url, _ids=ids, lang="en", email=None, password=None, login=None):
    """Log in as the demo customer (or ``email``/``login`` with ``password``) and wait for the overview."""
    page.goto(f"{portal_url}/{lang}/account/login/")
    fill_login(page, login or email or ids.DEMO_EMAIL, password or ids.DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/overview/$"))


# axe-core's findings, reduced in the page to what is reported: its whole answer (every rule, passed
# or not, with its help texts) would otherwise travel to Python on every audit, some hundred audits
# per test of tests/e2e/test_layout.py.
SERIOUS = """async () => {
  const results = await axe.run(document, {resultTypes: ['violations']});
  return results.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v =>
    `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.slice(0, 5).map(node => node.target))}`);
}"""


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the current page, one line each. axe-core (half
    a megabyte of script) is put into a document once, not before every audit of it (a page is
    audited at several widths)."""
    if not page.evaluate("() => typeof window.axe === 'object' && typeof window.axe.run === 'function'"):
        page.evaluate(AXE_SCRIPT)
    return page.evaluate(SERIOUS)
