"""A staff member's preview in a real browser: sign-in with a TOTP computed here, search by card
number, preview the overview and vouchers under the banner, end it; axe-core on every staff page."""

import re

import pytest

from portal.staff.models import Preview
from tests.support.browser import serious_violations
from tests.support.staff import PASSWORD, create_staff, totp_code

pytestmark = pytest.mark.django_db(transaction=True)


def audited(page, name: str) -> None:
    assert page.locator("h1").count() == 1, f"{name}: one main heading"
    assert serious_violations(page) == [], name


@pytest.fixture
def page_without_service_worker(browser):
    """A page whose browser runs no service worker: Chromium checks the portal's (``/sw.js``) for an
    update at navigations, at moments of its own, and each check would be one more request of the
    preview's record below (it was, on a loaded machine)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB", service_workers="block")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.mark.parametrize("lang", ["en", "cs"])
def test_staff_previews_a_customer_found_by_card_number(page_without_service_worker, portal_url, enterprise, ids,
                                                        lang):
    page = page_without_service_worker
    user = create_staff()
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": portal_url}])
    page.goto(f"{portal_url}/staff/")
    page.wait_for_url(re.compile(r"/staff/accounts/login/"))
    assert page.locator("html").get_attribute("lang") == lang
    audited(page, "sign-in")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/accounts/2fa/authenticate/"))
    audited(page, "second factor")
    page.locator("#id_code").fill(totp_code())
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/$"))
    audited(page, "search")

    page.locator("label.choice-pill", has=page.locator("input[value=card]")).click()
    page.locator("#id_query").fill(ids.DEMO_CARD_NUMBER)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "Tereza Dvořáková" in page.locator(".staff-results").inner_text()
    audited(page, "results")
    page.locator(".staff-result a.button").click()
    page.wait_for_url(re.compile(r"/staff/customers/.+/preview/$"))
    audited(page, "start preview")
    page.locator("#id_reason").fill("Ticket 4711")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/{lang}/overview/$"))

    banner = page.locator(".preview-banner")
    assert banner.is_visible() and "Tereza Dvořáková" in banner.inner_text()
    assert "Tereza" in page.locator("main h1").inner_text()
    audited(page, "overview in a preview")
    page.locator(".main-nav a[href$='/vouchers/']").click()
    page.wait_for_url(re.compile(rf"/{lang}/vouchers/$"))
    assert banner.is_visible() and "espresso" in page.locator("main").inner_text().lower()
    audited(page, "vouchers in a preview")
    # A write (here the customer's log-out, whose button a preview does not show) is refused.
    page.evaluate("""() => {
        const form = document.querySelector('.preview-banner form').cloneNode(true);
        form.action = location.pathname.replace(/vouchers\\/$/, 'account/logout/');
        document.body.append(form);
        form.submit();
    }""")
    page.wait_for_url(re.compile(rf"/{lang}/account/logout/$"))
    assert banner.is_visible() and page.locator(".status-page__code").inner_text() == "403"
    audited(page, "a refused write")

    page.locator(".preview-banner__end").click()
    page.wait_for_url(re.compile(r"/staff/$"))
    assert page.locator(".preview-banner").count() == 0
    assert "Tereza Dvořáková" in page.locator(".messages").inner_text()
    preview = Preview.objects.get()
    assert preview.end_reason == Preview.EndReason.ENDED and preview.language == lang
    assert list(preview.page_views.values_list("method", "path", "status")) == [
        ("GET", f"/{lang}/overview/", 200), ("GET", f"/{lang}/vouchers/", 200),
        ("POST", f"/{lang}/account/logout/", 403)]
    page.goto(f"{portal_url}/{lang}/overview/")
    assert "/account/login/" in page.url  # the preview is over: no customer here


def test_staff_pages_without_javascript_work_too(browser, portal_url, enterprise, ids):
    """The sign-in and the search are plain forms (allauth's security-key button aside)."""
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    user = create_staff()
    page.goto(f"{portal_url}/staff/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.locator("#id_code").fill(totp_code())
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/$"))
    page.locator("#id_query").fill(ids.DEMO_EMAIL)
    page.locator("main form button[type=submit]").click()
    assert "Tereza Dvořáková" in page.locator(".staff-results").inner_text()
    context.close()


def test_a_new_staff_member_sets_up_an_authenticator_app_first(page, portal_url, enterprise):
    user = create_staff(second_factor=False)
    page.goto(f"{portal_url}/staff/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/accounts/2fa/totp/activate/$"))  # no second password prompt
    audited(page, "activate the authenticator app")
    assert page.locator("main img").first.is_visible()  # the QR code
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("#id_code").fill(totp_code(secret))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/accounts/2fa/recovery-codes/$"))
    audited(page, "recovery codes")
    page.get_by_role("link", name="Continue").click()
    page.wait_for_url(re.compile(r"/staff/$"))
    audited(page, "search")
