"""Redeeming a reward in a real browser: from the rewards page through the confirmation to the new
voucher and the new balance, with an accessibility audit (axe-core) of every state on the way."""

import re

import pytest

from portal.sandbox.seed import loyalty as seed
from tests.e2e.test_journey import log_in, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("lang, redeem, points_after, again", [
    ("en", "Redeem for 150 points", "You have 1,480 points.", "Redeem another one for 150 points"),
    ("cs", "Uplatnit za 150 bodů", "Máte 1 480 bodů.", "Uplatnit další za 150 bodů"),
])
def test_redeem_a_reward_and_see_the_voucher_and_the_new_balance(page, portal_url, ids, fresh_sandbox, lang, redeem,
                                                                 points_after, again):
    log_in(page, portal_url, ids, lang)
    page.goto(f"{portal_url}/{lang}/rewards/")
    espresso = page.locator(".reward-tile", has=page.locator(f'a[href$="/rewards/{seed.REWARD_ESPRESSO}/"]'))
    espresso.locator(f'a[href$="/rewards/{seed.REWARD_ESPRESSO}/redeem/"]').click()
    page.wait_for_url(re.compile(rf"/{lang}/rewards/{seed.REWARD_ESPRESSO}/redeem/$"))
    main = page.locator("main")
    assert page.locator("h1").count() == 1
    assert "1 480" in main.inner_text().replace("\xa0", " ") or "1,480" in main.inner_text()
    assert serious_violations(page) == []

    page.get_by_role("button", name=redeem).click()
    page.wait_for_url(re.compile(rf"/{lang}/vouchers/[0-9A-Za-z_-]+/$"))
    voucher_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    assert page.locator(".message--success").is_visible()
    assert page.locator(".codes .barcode svg").is_visible() and page.locator(".codes .qrcode svg").is_visible()
    assert points_after in main.inner_text().replace("\xa0", " ")
    code = page.locator(".voucher__code").inner_text()
    assert code and code in page.locator(".code-box__text").inner_text()
    assert serious_violations(page) == []

    # the voucher is in the list, linked to its page
    page.goto(f"{portal_url}/{lang}/vouchers/")
    assert page.locator(f'a[href="/{lang}/vouchers/{voucher_id}/"]').count() == 1
    # back to the confirmation: it says the reward was just redeemed, and links to that voucher
    page.go_back()
    page.go_back()
    assert page.url.endswith(f"/rewards/{seed.REWARD_ESPRESSO}/redeem/")
    assert page.locator(f'.redeem__recent a[href="/{lang}/vouchers/{voucher_id}/"]').is_visible()
    assert page.locator("form.redeem__form button[type=submit]").inner_text() == again


@pytest.mark.parametrize("lang", ["en", "cs"])
def test_confirmation_states_have_no_serious_accessibility_violations(page, portal_url, ids, lang):
    log_in(page, portal_url, ids, lang)
    problems = {}
    # not enough points: no form, what is missing said
    page.goto(f"{portal_url}/{lang}/rewards/{seed.REWARD_BEANS}/redeem/")
    assert page.locator(".redeem__missing").is_visible() and page.locator("form.redeem__form").count() == 0
    problems["not enough"] = serious_violations(page)
    # an error shown at the top of the form (a confirmation whose key went stale)
    page.goto(f"{portal_url}/{lang}/rewards/{seed.REWARD_ESPRESSO}/redeem/")
    page.evaluate("document.querySelector('input[name=key]').value = 'stale-key-0000000000'")
    page.locator("form.redeem__form button[type=submit]").click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    problems["error"] = serious_violations(page)
    # a reward that is not exchanged for points
    page.goto(f"{portal_url}/{lang}/rewards/{seed.REWARD_HAPPY_HOUR}/redeem/")
    problems["not for points"] = serious_violations(page)
    assert {name: found for name, found in problems.items() if found} == {}
