"""What every page's layout gets from the context processor, called directly (quick and precise,
for make mutation): the navigation for a customer and for a visitor, the brand, the language
cookie's name, the customer with the offline card key of their session, a staff preview's
read-only flag, and the theme in the page's language."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from portal.carecloud.exceptions import UnavailableError
from portal.core import theme
from portal.core.context_processors import (
    NAVIGATION,
    NAVIGATION_MORE,
    NAVIGATION_MORE_DESKTOP,
    NAVIGATION_WHERE,
    PUBLIC_NAVIGATION,
    portal,
)
from portal.core.cookie_page import CookiesView
from portal.core.webapp import OFFLINE_KEY


@pytest.mark.parametrize("logged_in, read_only, offline_card_key", [
    (True, False, "k" * 24),
    (True, True, "k" * 24),  # a staff member's read-only preview
    (False, False, ""),  # a visitor: no offline card
])
def test_every_page_gets_the_navigation_the_customer_and_the_preview_flag(settings, monkeypatch, logged_in, read_only,
                                                                           offline_card_key):
    monkeypatch.setitem(NAVIGATION_WHERE, "credits", lambda request: False)
    settings.PORTAL_BRAND_NAME = "Coffee Club"  # an override of the theme's name
    settings.LANGUAGE_COOKIE_NAME = "portal_language"
    customer = SimpleNamespace(is_authenticated=logged_in)
    request = SimpleNamespace(customer=customer, read_only=read_only, session={OFFLINE_KEY: "k" * 24})
    context = portal(request)
    assert set(context) == {"navigation", "navigation_more_keys", "navigation_more_desktop_keys", "public_navigation",
                            "seo", "brand_name", "language_cookie", "customer", "offline_card_key", "read_only",
                            "theme", "cookie_notice", "cookie_policy_url"}
    assert list(context["navigation"]) == [entry for entry in NAVIGATION if entry[0] != "credits"]
    assert context["public_navigation"] is PUBLIC_NAVIGATION
    assert context["navigation_more_keys"] is NAVIGATION_MORE
    assert context["navigation_more_desktop_keys"] is NAVIGATION_MORE_DESKTOP
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


def test_a_desktops_more_holds_some_of_the_phones_more_and_the_top_row_the_rest():
    # The layout draws "More"'s links once, for both: a desktop's "More" can only hold some of the phone's.
    keys = [key for key, _url_name, _label in NAVIGATION]
    assert NAVIGATION_MORE_DESKTOP < NAVIGATION_MORE
    assert [key for key in keys if key not in NAVIGATION_MORE_DESKTOP] == [
        "dashboard", "cards", "vouchers", "points", "purchases", "rewards", "messages", "profile"]


def member_page(method="GET", **view):
    view_class = type("View", (), {"active_tab": "points", **view})
    return SimpleNamespace(customer=SimpleNamespace(is_authenticated=True, token="t"), session={}, method=method,
                           resolver_match=SimpleNamespace(func=SimpleNamespace(view_class=view_class),
                                                          view_name="points:points"))


@pytest.mark.parametrize("has_credits", [True, False])
def test_the_credits_entry_is_there_only_where_the_project_has_credits(monkeypatch, has_credits):
    types = [{"credit_type_id": "x"}] if has_credits else []
    monkeypatch.setattr("portal.carecloud.reference.credit_types", lambda token: types)
    request = member_page()
    keys = [key for key, _name, _label in portal(request)["navigation"]]
    assert ("credits" in keys) is has_credits and "stores" in keys


def test_the_credits_entry_is_left_out_when_carecloud_cannot_say(monkeypatch):
    def failing(token):
        raise UnavailableError(title="down")

    monkeypatch.setattr("portal.carecloud.reference.credit_types", failing)
    request = member_page()
    assert "credits" not in [key for key, _name, _label in portal(request)["navigation"]]


NOT_A_MEMBER_PAGE = [member_page("POST"), member_page(preview_refused="no"), member_page(active_tab=""),
                     SimpleNamespace(customer=SimpleNamespace(is_authenticated=True, token="t"), session={},
                                     method="GET"),
                     # a page without a navigation tab at all (the cookie page)
                     SimpleNamespace(customer=SimpleNamespace(is_authenticated=True, token="t"), session={},
                                     method="GET", resolver_match=SimpleNamespace(
                                         func=SimpleNamespace(view_class=CookiesView),
                                         view_name="core-pages:cookies"))]


@pytest.mark.parametrize("request_", NOT_A_MEMBER_PAGE)
def test_only_an_ordinary_member_page_asks_carecloud_elsewhere_the_cache_counts(monkeypatch, request_):
    asked = []
    monkeypatch.setattr("portal.carecloud.reference.credit_types", lambda token: asked.append(token) or [{"x": 1}])
    assert "credits" not in [key for key, _name, _label in portal(request_)["navigation"]]
    monkeypatch.setattr("portal.carecloud.reference.peek", lambda name: [{"credit_type_id": "x"}])
    assert "credits" in [key for key, _name, _label in portal(request_)["navigation"]]
    assert asked == []


def test_the_theme_speaks_the_pages_language():
    links = {language: theme.current().legal_link("cookies", language) for language in ("en", "cs")}
    footers = {language: theme.current().text("footer", language) for language in ("en", "cs")}
    assert links["en"] != links["cs"] and footers["en"] != footers["cs"]  # the theme has both
    for language in ("en", "cs"):
        with translation.override(language):
            shown = portal(SimpleNamespace(session={}))["theme"]
            assert (shown["legal"]["cookies"], shown["texts"]["footer"]) == (links[language], footers[language])
