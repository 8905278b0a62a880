"""The profile's forms in a real browser: answers that outlive the session, and an accessibility
audit (axe-core) of each form, clean and with its errors shown."""

import re

import pytest
from django.core.cache import cache
from django.utils import translation

from portal.carecloud import reference
from tests.support.browser import log_in, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

FORMS = {
    "profile": "/{lang}/profile/edit/",
    "interests": "/{lang}/profile/interests/",
    "about": "/{lang}/profile/preferences/",
}


def save(page, name):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def log_out(page):
    page.locator('form[action$="/logout/"] button').click()
    page.wait_for_url(re.compile(r"/account/login/"))


def test_interests_and_answers_are_there_after_logging_out_and_in(page, portal_url, ids, fresh_sandbox):
    log_in(page, portal_url, ids)
    page.goto(portal_url + "/en/profile/interests/")
    page.get_by_label("Sport", exact=True).check()
    page.get_by_label("Baking", exact=True).uncheck()
    save(page, "Save interests")
    assert page.url.endswith("/en/profile/")
    assert "Your interests have been saved." in page.locator(".messages").inner_text()

    page.goto(portal_url + "/en/profile/preferences/")
    page.get_by_label("Cups of coffee a day").fill("5")
    page.get_by_label("In the evening").check()
    page.get_by_label("Note", exact=True).fill("Oat milk, please")
    page.get_by_label("Gluten").check()
    save(page, "Save answers")
    assert "Your answers have been saved." in page.locator(".messages").inner_text()

    log_out(page)
    log_in(page, portal_url, ids)
    page.goto(portal_url + "/en/profile/")
    interests = page.locator(".profile-interests").inner_text()
    assert "Sport" in interests and "Baking" not in interests and "Coffee" in interests
    answers = page.locator(".profile-properties").inner_text()
    assert "5" in answers and "In the evening" in answers and "Oat milk, please" in answers
    assert "Gluten, Lactose, Nuts" in answers
    # and the forms show them too
    page.goto(portal_url + "/en/profile/interests/")
    assert page.get_by_label("Sport", exact=True).is_checked()
    assert not page.get_by_label("Baking", exact=True).is_checked()
    page.goto(portal_url + "/en/profile/preferences/")
    assert page.get_by_label("Cups of coffee a day").input_value() == "5"
    assert page.get_by_label("In the evening").is_checked()


def test_changing_the_preferred_language_switches_the_portal(page, portal_url, ids, fresh_sandbox):
    log_in(page, portal_url, ids, lang="cs")
    page.goto(portal_url + "/cs/profile/edit/")
    page.get_by_label("Preferovaný jazyk").select_option("en")
    save(page, "Uložit změny")
    assert page.url.endswith("/en/profile/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Your profile has been saved." in page.locator(".messages").inner_text()
    page.goto(portal_url + "/")  # the language cookie remembers it
    assert "/en/" in page.url


def show_errors(page, portal_url, name, lang):
    """Submit the form with mistakes, as a customer could."""
    if name == "profile":
        page.locator("#id_email").fill("not-an-email")
        page.locator("#id_phone").fill("12")
        page.locator("#id_birthdate").fill("2999-01-01")
    elif name == "about":
        page.locator("#id_property_cups_per_day").fill("")
        page.locator("#id_property_cups_per_day").type("12345678901")
        page.locator("#id_property_monthly_budget").fill("lots")
    else:
        # An interest CareCloud has since deleted, still in the portal's cached list: CareCloud's 400.
        with translation.override(lang):
            offered = reference.cached("interests", lambda: [])
            cache.clear()
            reference.cached("interests", lambda: [*offered, {"interest_id": "0deleted0interest0000000",
                                                              "name": "Vinyl"}])
        page.reload()
        page.get_by_label("Vinyl").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("lang", ["en", "cs"])
def test_every_form_has_no_serious_accessibility_violations_even_with_errors(page, portal_url, ids, lang,
                                                                            fresh_sandbox):
    log_in(page, portal_url, ids, lang)
    problems = {}
    for name, path in FORMS.items():
        page.goto(portal_url + path.format(lang=lang))
        assert page.locator("h1").count() == 1, name
        found = serious_violations(page)
        if found:
            problems[name] = found
        show_errors(page, portal_url, name, lang)
        summary = page.locator(".error-summary")
        assert summary.is_visible(), name
        # the summary takes focus and links to a field that exists
        assert page.evaluate("document.activeElement.classList.contains('error-summary')"), name
        first = summary.locator("a").first
        target = first.get_attribute("href")
        assert page.locator(target).count() == 1, (name, target)
        found = serious_violations(page)
        if found:
            problems[f"{name} with errors"] = found
    assert problems == {}
