"""The sign-in with a code in a real browser, with JavaScript on and off: "Send me a code instead"
on the login page, the code from the sandbox's outbox, and the overview (or ``next``); axe-core
clean on both pages, empty and with errors shown."""

import re

import pytest

from tests.support.browser import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


def submit(page):
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()


def latest_code(sandbox, recipient):
    messages = sandbox.http.get(f"{sandbox.url}/_sandbox/outbox.json", params={"recipient": recipient},
                                timeout=10).json()["messages"]
    return re.search(r"\b(\d{6})\b", messages[0]["body"]).group(1)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_member_signs_in_with_a_code(browser, portal_url, enterprise, ids, javascript):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB",
                                  java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(f"{portal_url}/en/account/login/?next=/en/points/")
        page.get_by_role("link", name="Send me a code instead").click()
        page.wait_for_url(re.compile(r"/en/account/login/code/\?next="))
        page.get_by_label("E-mail or phone number").fill(ids.DEMO_EMAIL)
        submit(page)
        page.wait_for_url(re.compile(r"/en/account/login/code/verify/\?next="))
        field = page.get_by_label("Code from the message")
        assert field.get_attribute("autocomplete") == "one-time-code"
        assert field.get_attribute("inputmode") == "numeric"
        field.fill("000000")
        submit(page)
        assert page.locator(".error-summary").count() == 1
        page.get_by_label("Code from the message").fill(latest_code(enterprise, ids.DEMO_EMAIL))
        submit(page)
        page.wait_for_url(re.compile(r"/en/points/$"))
        page.goto(f"{portal_url}/en/overview/")
        assert "Tereza" in page.content()
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "cs"])
def test_the_code_pages_have_no_serious_accessibility_violations(page, portal_url, enterprise, lang):
    problems = {}

    def audit(name):
        found = serious_violations(page)
        if found:
            problems[name] = found

    page.goto(f"{portal_url}/{lang}/account/login/")
    audit("login")
    page.goto(f"{portal_url}/{lang}/account/login/code/")
    audit("request")
    submit(page)
    assert page.locator(".error-summary").count() == 1
    audit("request with errors")
    page.locator("input[name=contact]").fill("nobody@example.com")
    submit(page)
    page.wait_for_url(re.compile(r"/account/login/code/verify/"))
    audit("verify")
    page.locator("input[name=code]").fill("12")
    submit(page)
    assert page.locator(".error-summary").count() == 1
    audit("verify with errors")
    assert not problems, problems
