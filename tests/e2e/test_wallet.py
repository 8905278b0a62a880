"""Issue 10 in a real browser: the installable app and its service worker, the card for the till
offline (and gone after logout or for another login), card files, the data export, and the new
pages audited with axe-core."""

import json
import re
import time

import pytest
import zxingcpp
from PIL import Image

from portal.sandbox.seed import loyalty as seed_loyalty
from tests.e2e.test_journey import log_in, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

CARD_CACHES = "caches.keys().then(names => names.filter(name => name.startsWith('portal-till-')))"


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB", accept_downloads=True)
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(15000)
    page.problems = []
    page.on("console", lambda message: message.type == "error" and page.problems.append(message.text))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    return page


def log_in_as(page, portal_url, email, password, lang="en"):
    page.goto(f"{portal_url}/{lang}/account/login/")
    page.locator("#id_login_value").fill(email)
    page.locator("input[type=password]").fill(password)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/overview/$"))


def worker_ready(page):
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")


def card_caches(page) -> list[str]:
    return page.evaluate(CARD_CACHES)


def keep_card_online(page, portal_url, lang="en"):
    """Open the card for the till once, online, and wait until the worker has kept it."""
    worker_ready(page)
    page.goto(f"{portal_url}/{lang}/cards/till/")
    page.wait_for_function(f"{CARD_CACHES}.then(names => names.length === 1)", polling=100)


def back_online(page, url, seconds=10.0):
    """Open ``url`` once the service worker is online again. Chromium takes the worker back online
    apart from the page, and on a busy machine a moment after set_offline(False) has returned:
    until then the worker's fetch fails and it answers a navigation with the offline card."""
    deadline = time.monotonic() + seconds
    page.goto(url)
    while page.url.endswith("/cards/till/") and time.monotonic() < deadline:
        page.wait_for_timeout(200)
        page.goto(url)
    assert not page.url.endswith("/cards/till/"), "online again, the worker still answers with the card"


def offline_text(page, url) -> str:
    try:
        page.goto(url)
    except Exception as error:  # no worker answers: the browser's own network error
        return f"navigation failed: {error}"
    return page.locator("body").inner_text()


def test_the_manifest_and_the_service_worker_are_valid(page, portal_url, ids):
    log_in(page, portal_url, ids)
    worker_ready(page)
    page.reload()  # now controlled by the worker
    assert page.evaluate("navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL") \
        == f"{portal_url}/sw.js"
    assert page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)") == f"{portal_url}/"
    cdp = page.context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"] == f"{portal_url}/en/manifest.webmanifest"
    assert manifest["errors"] == []
    assert json.loads(manifest["data"])["name"]
    # Playwright's contexts are incognito ones, where Chromium installs nothing; every other check holds.
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []
    static = page.evaluate("caches.keys().then(names => names.filter(n => n.startsWith('portal-static-')))")
    assert len(static) == 1
    assert page.problems == []


def test_the_card_opens_offline_after_one_visit_and_is_gone_after_logout(page, context, portal_url, ids):
    log_in(page, portal_url, ids)
    keep_card_online(page, portal_url)
    context.set_offline(True)
    page.reload()
    text = page.locator("main").inner_text()
    assert ids.DEMO_CARD_NUMBER in text and page.locator(".barcode svg").first.is_visible()
    assert "Tereza" not in page.content()
    # another page without signal leads to the card
    page.goto(f"{portal_url}/en/points/")
    assert page.url.endswith("/en/cards/till/") and ids.DEMO_CARD_NUMBER in page.locator("main").inner_text()
    context.set_offline(False)
    back_online(page, f"{portal_url}/en/overview/")
    page.locator('form[action$="/logout/"] button').click()
    page.wait_for_url(re.compile(r"/account/login/"))
    assert card_caches(page) == []
    context.set_offline(True)
    assert ids.DEMO_CARD_NUMBER not in offline_text(page, f"{portal_url}/en/cards/till/")
    assert page.problems == [] or all("ERR_INTERNET_DISCONNECTED" in p for p in page.problems)


def test_another_login_on_the_device_never_sees_the_card(page, context, portal_url, ids):
    log_in(page, portal_url, ids)
    keep_card_online(page, portal_url)
    context.clear_cookies()  # the session ends without a logout (expired cookie, cleared by the browser)
    log_in_as(page, portal_url, ids.SECOND_EMAIL, ids.SECOND_PASSWORD)
    page.wait_for_function(f"{CARD_CACHES}.then(names => names.length === 0)", polling=100)
    context.set_offline(True)
    text = offline_text(page, f"{portal_url}/en/cards/till/")
    assert ids.DEMO_CARD_NUMBER not in text
    assert "You are offline" in text  # the second customer has not kept a card yet


def test_a_downloaded_card_image_decodes_to_the_card_number(page, portal_url, ids):
    log_in(page, portal_url, ids)
    page.goto(f"{portal_url}/en/cards/")
    with page.expect_download() as info:
        page.locator(f'form[action*="/cards/{seed_loyalty.CARD_DEMO_LOYALTY}/files/png/"] button').click()
    download = info.value
    assert download.suggested_filename == f"card-{ids.DEMO_CARD_NUMBER}.png"
    image = Image.open(download.path())
    assert [code.text for code in zxingcpp.read_barcodes(image)] == [ids.DEMO_CARD_NUMBER]
    assert page.url.endswith("/en/cards/")  # the page stays


@pytest.mark.parametrize("javascript", [True, False])
def test_the_data_export_downloads_with_the_card_and_interests(browser, portal_url, ids, javascript):
    context = browser.new_context(locale="en-GB", accept_downloads=True, java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(30000)
    try:
        log_in(page, portal_url, ids)
        page.goto(f"{portal_url}/en/profile/")
        page.get_by_role("link", name="Download my data").click()
        with page.expect_download() as info:
            page.get_by_role("button", name="Download my data").click()
        document = json.loads(open(info.value.path(), encoding="utf-8").read())
        assert info.value.suggested_filename.startswith("my-data-")
        assert ids.DEMO_CARD_NUMBER in {card["card_number"] for card in document["cards"]}
        names = {document["reference"]["interests"][r["interest_id"]] for r in document["interests"]}
        assert "Coffee" in names
        if javascript:
            page.wait_for_selector(".export-status--done")
            assert page.locator("#export-status").inner_text() == "Your data has been downloaded."
    finally:
        context.close()


NEW_PAGES = ["/{lang}/purchases/", "/{lang}/cards/till/", "/{lang}/profile/data/", "/{lang}/profile/data/print/",
             "/{lang}/offline/", "/{lang}/cards/"]


@pytest.mark.parametrize("lang", ["en", "cs"])
def test_the_new_pages_have_no_serious_accessibility_violations(page, portal_url, ids, lang):
    log_in(page, portal_url, ids, lang)
    page.goto(f"{portal_url}/{lang}/purchases/")
    detail = page.locator(".purchase-row__date").first.get_attribute("href")
    problems = {}
    for path in NEW_PAGES + [detail]:
        page.goto(portal_url + path.format(lang=lang))
        assert page.locator("h1").count() == 1, path
        found = serious_violations(page)
        if found:
            problems[path] = found
    assert problems == {}
    assert page.problems == []


def test_the_offline_card_ends_with_the_session(page, context, portal_url, ids, settings):
    """No logout, no page load to clean up: the kept card says when its session ends, and the
    service worker drops it then, even without signal."""
    settings.SESSION_COOKIE_AGE = 6
    log_in(page, portal_url, ids)
    keep_card_online(page, portal_url)
    context.set_offline(True)
    page.reload()
    assert ids.DEMO_CARD_NUMBER in page.locator("main").inner_text()
    page.wait_for_timeout(6500)  # the session is over
    text = offline_text(page, f"{portal_url}/en/cards/till/")
    assert ids.DEMO_CARD_NUMBER not in text and "You are offline" in text
    assert card_caches(page) == []
