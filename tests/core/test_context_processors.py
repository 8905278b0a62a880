"""What every page's layout gets from the context processor, called directly (quick and precise,
for make mutation): the navigation for a customer and for a visitor, the brand, the language
cookie's name, the customer with the offline card key of their session, and a staff preview's
read-only flag."""

from types import SimpleNamespace

import pytest

from portal.core.context_processors import NAVIGATION, NAVIGATION_MORE, PUBLIC_NAVIGATION, portal
from portal.core.webapp import OFFLINE_KEY


@pytest.mark.parametrize("logged_in, read_only, offline_card_key", [
    (True, False, "k" * 24),
    (True, True, "k" * 24),  # a staff member's read-only preview
    (False, False, ""),  # a visitor: no offline card
])
def test_every_page_gets_the_navigation_the_customer_and_the_preview_flag(settings, logged_in, read_only,
                                                                           offline_card_key):
    settings.PORTAL_BRAND_NAME = "Coffee Club"  # an override of the theme's name
    settings.LANGUAGE_COOKIE_NAME = "portal_language"
    customer = SimpleNamespace(is_authenticated=logged_in)
    request = SimpleNamespace(customer=customer, read_only=read_only, session={OFFLINE_KEY: "k" * 24})
    context = portal(request)
    assert set(context) == {"navigation", "navigation_more_keys", "public_navigation", "seo", "brand_name",
                            "language_cookie", "customer", "offline_card_key", "read_only", "theme",
                            "cookie_notice", "cookie_policy_url"}
    assert context["navigation"] is NAVIGATION and context["public_navigation"] is PUBLIC_NAVIGATION
    assert context["navigation_more_keys"] is NAVIGATION_MORE
    assert (context["brand_name"], context["language_cookie"]) == ("Coffee Club", "portal_language")
    assert context["customer"] is customer
    assert (context["offline_card_key"], context["read_only"]) == (offline_card_key, read_only)


def test_a_request_without_a_customer_or_preview_is_a_visitors():
    context = portal(SimpleNamespace(session={}))
    assert (context["customer"], context["offline_card_key"], context["read_only"]) == (None, "", False)


def test_a_phones_bottom_bar_holds_four_main_destinations_and_more_the_rest():
    keys = [key for key, _url_name, _label in NAVIGATION]
    assert NAVIGATION_MORE < set(keys)
    assert [key for key in keys if key not in NAVIGATION_MORE] == ["dashboard", "cards", "vouchers", "rewards"]
