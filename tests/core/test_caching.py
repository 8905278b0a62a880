"""The caching headers of public pages, unit by unit (the campaign pages test them end to end,
tests/campaigns/test_caching.py): quick and precise, so that make mutation notices a change here."""

from types import SimpleNamespace

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.views.generic import TemplateView

from portal.core.caching import (
    PublicPageMixin,
    SharedCacheGuardMiddleware,
    cache_for_visitor,
    is_customer,
    make_private,
)

CUSTOMER = SimpleNamespace(is_authenticated=True)
LOGGED_OUT = SimpleNamespace(is_authenticated=False)


def _request(customer=None):
    request = RequestFactory().get("/en/c/autumn/")
    if customer is not None:
        request.customer = customer
    return request


def _directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


@pytest.mark.parametrize(("customer", "expected"), [(CUSTOMER, True), (LOGGED_OUT, False), (None, False)])
def test_only_a_logged_in_customer_is_a_customer(customer, expected):
    assert is_customer(_request(customer)) is expected


def test_a_private_response_is_never_stored_and_loses_public():
    response = HttpResponse()
    response["Cache-Control"] = "public, max-age=300"
    make_private(response)
    directives = _directives(response)
    assert "private" in directives and "public" not in directives
    assert {"no-cache", "no-store", "must-revalidate"} <= directives
    assert "max-age=0" in directives


def test_an_anonymous_visitor_gets_a_public_page_for_the_configured_time(settings):
    settings.PORTAL_PUBLIC_CACHE_SECONDS = 420
    response = cache_for_visitor(_request(), HttpResponse())
    assert _directives(response) == {"public", "max-age=420"}
    assert response["Vary"] == "Cookie"


def test_a_customer_gets_a_private_page_that_still_varies_by_cookie():
    response = cache_for_visitor(_request(CUSTOMER), HttpResponse())
    assert "private" in _directives(response) and "public" not in _directives(response)
    assert response["Vary"] == "Cookie"


class _Page(PublicPageMixin, TemplateView):
    def render_to_response(self, context, **kwargs):
        response = HttpResponse()
        response.context = context
        return response


@pytest.mark.parametrize(("customer", "public"), [(None, True), (CUSTOMER, False)])
def test_the_mixin_marks_the_page_and_its_headers_by_visitor(customer, public):
    response = _Page.as_view()(_request(customer), slug="autumn")
    assert response.context["public_page"] is public
    assert response.context["slug"] == "autumn"  # the URL's arguments still reach the view
    assert ("public" in _directives(response)) is public
    assert ("private" in _directives(response)) is not public


def test_the_guard_makes_a_public_response_that_sets_a_cookie_private():
    def view(request):
        response = cache_for_visitor(request, HttpResponse())
        response.set_cookie("messages", "pending")
        return response

    response = SharedCacheGuardMiddleware(view)(_request())
    assert "private" in _directives(response) and "public" not in _directives(response)


def test_the_guard_leaves_a_public_response_without_cookies_alone():
    response = SharedCacheGuardMiddleware(lambda request: cache_for_visitor(request, HttpResponse()))(_request())
    assert "public" in _directives(response)
