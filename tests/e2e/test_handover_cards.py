"""Issue 17 parts 4-6 in a real browser, with JavaScript on and off: the hand-over in (the demo
member opens the linked "Club app", which is the portal's own /account/continue/, and ends on the
overview of a new session; the same link again is refused with the login page); a new member's
first-run overview and the cards page with "Add a card I have" and its one answer; axe-core clean
on each of them."""

import re
import uuid

import pytest

from portal.sandbox.seed import loyalty as seed
from portal.sandbox.seed.preferences import ITEM_MONTHLY
from tests.support.browser import log_in, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def linked_to_itself(portal_url, settings, ids):
    settings.PORTAL_LINKED_APPLICATIONS = f"Club app|{portal_url}/en/account/continue/|{ids.PORTAL_APPLICATION}"
    return settings


@pytest.mark.parametrize("javascript", [True, False])
def test_the_hand_over_in_ends_on_the_overview_and_a_used_link_gets_the_login(browser, portal_url, linked_to_itself,
                                                                              javascript):
    context = browser.new_context(locale="en-GB", java_script_enabled=javascript)
    page = context.new_page()
    handed = []
    page.on("request", lambda request: handed.append(request.url) if "/account/continue/" in request.url else None)
    log_in(page, portal_url)
    page.get_by_role("button", name="Open Club app").click()
    page.wait_for_url(re.compile(r"/en/overview/$"))
    assert "token" not in page.url
    assert "Hello, Tereza" in page.locator("main").inner_text()
    assert not javascript or serious_violations(page) == []  # axe runs as a script
    [link] = [u for u in handed if "token=" in u]
    # the same link in another browser: used, so the normal login with a message
    other = browser.new_context(locale="en-GB", java_script_enabled=javascript).new_page()
    other.goto(link)
    assert "/en/account/continue/" in other.url
    assert "This sign-in link does not work any more" in other.locator("main").inner_text()
    assert other.locator("input[type=password]").is_visible()
    assert not javascript or serious_violations(other) == []
    other.context.close()
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_a_new_member_starts_from_the_first_run_overview_and_adds_a_card(browser, portal_url, fresh_sandbox, ids,
                                                                         javascript):
    context = browser.new_context(locale="en-GB", java_script_enabled=javascript, viewport={"width": 390,
                                                                                           "height": 844})
    page = context.new_page()
    page.goto(f"{portal_url}/en/register/")
    page.get_by_label("First name").fill("Alena")
    page.get_by_label("Last name").fill("Horáčková")
    page.get_by_label("E-mail").fill(f"e2e-{uuid.uuid4().hex[:10]}@example.com")
    page.locator("#id_password").fill("Zrnko-Clen-2024")
    page.get_by_label("Home store").select_option(ids.STORE_BRNO)  # asked once: it answers "Favourite store" too
    page.get_by_label("Newsletter frequency").select_option(ITEM_MONTHLY)
    page.get_by_label("Processing of personal data").check()
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/en/overview/$"))
    main = page.locator("main").inner_text()
    assert "Welcome! Here is how to start" in main and "Your card is ready" in main
    assert "not available right now" not in main
    assert not javascript or serious_violations(page) == []  # axe runs as a script
    page.get_by_role("link", name="Add a card I have").click()
    page.get_by_label("Card number").fill("2001999999")
    page.get_by_role("button", name="Add the card").click()
    page.wait_for_load_state()
    assert "This card cannot be added here" in page.locator(".error-summary").inner_text()
    assert page.get_by_label("Card number").input_value() == "2001999999"
    assert not javascript or serious_violations(page) == []  # axe runs as a script
    page.get_by_label("Card number").fill(seed.FREE_CARD_NUMBERS[2])
    page.get_by_role("button", name="Add the card").click()
    page.wait_for_url(re.compile(r"/en/cards/$"))
    assert f"Your card {seed.FREE_CARD_NUMBERS[2]} has been added." in page.locator("main").inner_text()
    context.close()


def test_a_refused_hand_over_out_says_so_on_an_accessible_page(browser, portal_url, linked_to_itself, settings):
    from portal.core import ratelimit

    ratelimit.reset()
    settings.PORTAL_RATE_LIMITS = {"handover-out": "1/15m/customer,100/15m/ip"}
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    log_in(page, portal_url)
    page.route(re.compile(r".*/account/continue/.*"), lambda route: route.abort())  # the first one stays out
    page.get_by_role("button", name="Open Club app").click()
    page.goto(f"{portal_url}/en/overview/")
    page.get_by_role("button", name="Open Club app").click()
    page.wait_for_load_state()
    assert "You have opened Club app many times" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Try again").is_visible()
    assert serious_violations(page) == []
    context.close()
    ratelimit.reset()
