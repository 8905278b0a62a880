"""The account forms in a real browser: joining the club, getting back in after a forgotten
password (through the sandbox's outbox and its hosted password form), and an accessibility audit
of every account form, empty and with errors shown."""

import re
import uuid
from urllib.parse import urlsplit

import pytest

from portal.sandbox.seed.preferences import ITEM_MONTHLY
from tests.support.browser import log_in, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "Zrnko-Nove-77"


def submit(page):
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()


def test_a_visitor_joins_the_club_and_lands_logged_in(page, portal_url, fresh_sandbox, ids):
    email = f"e2e-{uuid.uuid4().hex[:10]}@example.com"
    page.goto(f"{portal_url}/en/account/login/")
    page.get_by_role("link", name="Join the club").click()
    page.wait_for_url(re.compile(r"/en/register/"))
    page.get_by_label("First name").fill("Alena")
    page.get_by_label("Last name").fill("Horáčková")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill("kratke")  # first a password the policy refuses
    page.get_by_label("Home store").select_option(ids.STORE_BRNO)  # asked once: it answers "Favourite store" too
    page.get_by_label("Newsletter frequency").select_option(ITEM_MONTHLY)
    page.get_by_label("Processing of personal data").check()
    submit(page)
    assert page.locator(".error-summary").is_visible()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")  # focus on the summary
    assert page.get_by_label("First name").input_value() == "Alena"  # everything typed is kept...
    assert page.locator("#id_password").input_value() == ""  # ...except the password
    page.locator("#id_password").fill("Zrnko-Clen-2024")
    submit(page)
    page.wait_for_url(re.compile(r"/en/overview/$"))
    assert "Welcome to the club!" in page.locator("main").inner_text()
    assert "Alena" in page.locator("main").inner_text()
    # the new customer's own profile
    page.goto(f"{portal_url}/en/profile/")
    assert email in page.locator("main").inner_text()


def test_a_forgotten_password_is_set_again_through_the_outbox(page, portal_url, fresh_sandbox, ids):
    page.goto(f"{portal_url}/en/account/login/?next=/en/points/")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.wait_for_url(re.compile(r"/en/password/forgotten/\?next="))
    page.get_by_label("E-mail").fill(ids.DEMO_EMAIL)
    submit(page)
    page.wait_for_url(re.compile(r"/en/password/forgotten/sent/"))
    assert "Check your messages" in page.locator("h1").inner_text()

    messages = fresh_sandbox.http.get(f"{fresh_sandbox.url}/_sandbox/outbox.json",
                                      params={"recipient": ids.DEMO_EMAIL}, timeout=10).json()["messages"]
    assert len(messages) == 1
    # the link points at SANDBOX_PUBLIC_URL; the test's sandbox listens on a port of its own
    page.goto(fresh_sandbox.url + urlsplit(messages[0]["link"]).path)
    page.locator("#password").fill(NEW_PASSWORD)
    page.locator("#password_confirmation").fill(NEW_PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Your password is set" in page.locator("h1").inner_text()

    page.goto(f"{portal_url}/en/password/forgotten/sent/?next=/en/points/")
    page.get_by_role("link", name="Back to log in").click()
    page.get_by_label(re.compile("^E-mail, phone or card number")).fill(ids.DEMO_EMAIL)
    page.locator("input[type=password]").fill(NEW_PASSWORD)
    submit(page)
    page.wait_for_url(re.compile(r"/en/points/$"))


@pytest.mark.parametrize("lang", ["en", "cs"])
def test_the_account_forms_have_no_serious_accessibility_violations(page, portal_url, ids, lang):
    problems = {}

    def audit(name):
        found = serious_violations(page)
        if found:
            problems[name] = found

    for name, path in (("register", "register/"), ("forgotten", "password/forgotten/")):
        page.goto(f"{portal_url}/{lang}/{path}")
        audit(name)
        submit(page)
        assert page.locator(".error-summary").count() == 1, name
        audit(f"{name} with errors")
    page.goto(f"{portal_url}/{lang}/password/forgotten/sent/")
    audit("forgotten: sent")
    log_in(page, portal_url, ids, lang)
    page.goto(f"{portal_url}/{lang}/profile/password/")
    audit("change")
    page.locator("#id_new_password").fill("short")
    submit(page)
    assert page.locator(".error-summary").count() == 1
    audit("change with errors")
    assert problems == {}
