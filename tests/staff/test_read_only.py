"""The read-only guarantee of a preview, for every view of the portal, found automatically.

The portal's URLconf is walked for every view that can take a write (POST, PUT, PATCH, DELETE): the
customer forms, the customer's log-out, registration, allauth's and admin's pages, and whatever is
added later, without editing this test. During a preview each is sent every write method and must
answer the preview's 403 page, before any view runs, with no write reaching CareCloud and the
customer's data unchanged. Every customer page read during a preview makes no write either.

The same walk finds the pages a preview does not open at all (their view declares
``preview_refused``): they are the ones docs/staff-preview.md lists, each is refused whatever the method with
nothing asked of CareCloud, and the data export in particular uses up nothing of the customer's.
"""

from __future__ import annotations

import re
from http import HTTPStatus
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import Client
from django.urls import get_resolver, reverse

from portal.core import ratelimit
from portal.staff.models import PreviewPageView
from portal.staff.views import SearchView
from tests.conftest import portal_login
from tests.support.urlconf import WRITE_METHODS, Route, routes, walk

from .conftest import start_preview

pytestmark = pytest.mark.django_db

# The only writes a preview lets through, each tested on its own (test_preview.py).
ALLOWED = {"staff:preview-end", "set-language"}
READ_ONLY_TEMPLATE = "staff/read_only.html"
REFUSED_TEMPLATE = "staff/preview_refused.html"
# Pages a preview must never open, whatever else is added or documented (docs/staff-preview.md).
MUST_REFUSE = {"mydata:my-data-print", "mydata:my-data-download", "cards:card-file", "cards:till-card"}


def snapshot(enterprise_api, token, customer_id) -> dict:
    """What a write could change of the customer, as the enterprise interface sees it."""
    paths = [f"/customers/{customer_id}", f"/customers/{customer_id}/cards", f"/customers/{customer_id}/vouchers",
             f"/customers/{customer_id}/rewards", f"/customers/{customer_id}/interest-records",
             f"/customers/{customer_id}/property-records", f"/customers/{customer_id}/addresses",
             f"/customers/{customer_id}/points", "/point-history"]
    shot = {}
    for path in paths:
        params = {"customer_id": customer_id} if "point" in path else None
        response = enterprise_api.get(path, token=token, params=params)
        shot[path] = (response.status_code, response.json() if response.content else None)
    return shot


def test_the_walk_finds_the_writes_of_the_customer_and_staff_pages(ids, db):
    found, unreversed = routes(ids)
    names = {route.name for route in found if route.writes}
    assert {"accounts:logout", "accounts:login", "staff:home", "staff:preview-start", "account_logout",
            "admin:index"} | ALLOWED <= names
    # Every customer page is named and reverses (so every customer form is in the test below); what
    # does not is admin's unnamed redirects, answered by the same middleware anyway.
    customer_patterns = [p for _, p, customer, _ in walk(get_resolver().url_patterns) if customer]
    assert all(p.name for p in customer_patterns)
    assert len([r for r in found if r.customer]) == len(customer_patterns)
    assert len(unreversed) < 10


def test_every_write_of_every_view_is_refused_during_a_preview(staff_client, enterprise, enterprise_api,
                                                               staff_token, ids):
    found, _ = routes(ids)
    writes = [route for route in found if route.writes and route.name not in ALLOWED]
    assert len(writes) > 20
    start_preview(staff_client)
    before = snapshot(enterprise_api, staff_token, ids.DEMO_CUSTOMER)
    since = enterprise.last_seq()
    checked = 0
    for route in writes:
        for method in WRITE_METHODS:
            body = {"login_value": ids.DEMO_EMAIL, "password": "Changed-Password-9", "email": "x@example.com",
                    "first_name": "Mallory", "reward_id": "1", "language": "cs"}
            send = getattr(staff_client, method)
            response = send(route.url, body) if method == "post" else send(route.url, "x=1",
                                                                           content_type="application/x-www-form-urlencoded")
            assert response.status_code == HTTPStatus.FORBIDDEN, (method, route.name, route.url)
            assert READ_ONLY_TEMPLATE in [t.name for t in response.templates], (method, route.name)
            checked += 1
    assert checked == len(writes) * len(WRITE_METHODS)
    # Nothing was written to CareCloud (nothing at all was asked: the middleware answered first)...
    # The one call that is not a read: the portal's anonymous token for the public campaign pages
    # (postToken, never logged in); nothing of the customer is written.
    writes = [(e["method"], e["path"]) for e in enterprise.requests_log(since) if e["method"] != "GET"]
    assert set(writes) <= {("POST", "/tokens")} and len(writes) <= 1, writes
    assert [e for e in enterprise.requests_log(since) if e["interface"] == "customer"] == []
    # ...and the customer's data are as they were.
    assert snapshot(enterprise_api, staff_token, ids.DEMO_CUSTOMER) == before
    # The preview goes on, and the refused attempts on customer pages are in the audit trail.
    assert "preview-banner" in staff_client.get(reverse("staff:home")).content.decode()
    refused = PreviewPageView.objects.filter(status=403, method="POST").values_list("path", flat=True)
    assert {route.url for route in writes if route.customer} <= set(refused)


def test_without_a_preview_the_same_writes_reach_their_views(staff_client, ids):
    """The 403s above are the preview's: without one, no view answers with its page."""
    found, _ = routes(ids)
    for route in [r for r in found if r.writes and r.name not in ALLOWED]:
        response = staff_client.post(route.url, {})
        assert READ_ONLY_TEMPLATE not in [t.name for t in response.templates or []], route.name


def test_reading_every_customer_page_during_a_preview_writes_nothing(staff_client, enterprise, ids, rf, settings):
    found, _ = routes(ids)
    pages = [route for route in found if route.customer and route.reads]
    # Every per-customer allowance down to one: a single count during the preview would use it up.
    per_customer = [action for action in ratelimit.DEFAULT_RATE_LIMITS
                    if any(rule.key == "customer" for rule in ratelimit.rules(action))]
    settings.PORTAL_RATE_LIMITS = {action: "1/h/customer" for action in per_customer}
    start_preview(staff_client)
    since = enterprise.last_seq()
    for route in pages:
        response = staff_client.get(route.url)
        assert response.status_code < 500, route.name
    # The one call that is not a read: the portal's anonymous token for the public campaign pages
    # (postToken, never logged in); nothing of the customer is written.
    writes = [(e["method"], e["path"]) for e in enterprise.requests_log(since) if e["method"] != "GET"]
    assert set(writes) <= {("POST", "/tokens")} and len(writes) <= 1, writes
    # ...and nothing of the customer's was used up: every allowance of theirs is still whole.
    assert {"export", "reward-redeem", "account-write", "password-change"} <= set(per_customer)
    request = rf.get("/")
    request.customer = SimpleNamespace(customer_id=ids.DEMO_CUSTOMER)
    assert {action: ratelimit.is_blocked(request, action) for action in per_customer} == \
        dict.fromkeys(per_customer)


def test_forms_render_disabled_with_a_note_during_a_preview(staff_client, rf):
    from portal.core.forms import CareCloudFormMixin

    class AnyCustomerForm(CareCloudFormMixin, SearchView):
        pass

    request = rf.get("/")
    request.read_only, request.user = True, staff_client.staff_user
    view = AnyCustomerForm()
    view.setup(request)
    assert all(field.disabled for field in view.get_form().fields.values())
    request.read_only = False
    assert not any(field.disabled for field in view.get_form().fields.values())
    # The submit component, in every form: disabled with a note during a preview.
    start_preview(staff_client)
    body = staff_client.get(reverse("staff:home")).content.decode()
    assert 'type="submit" class="button" disabled>' in body and "Read-only preview: nothing can be changed" in body
    staff_client.post(reverse("staff:preview-end"))
    body = staff_client.get(reverse("staff:home")).content.decode()
    assert " disabled>" not in body and "Read-only preview" not in body


# --- pages a preview does not open at all -----------------------------------------------------------


def documented_refusals() -> set[str]:
    """The URL names of docs/staff-preview.md's table "Pages a preview does not open" (its second column)."""
    readme = (settings.BASE_DIR / "docs" / "staff-preview.md").read_text(encoding="utf-8")
    section = readme.split("## Pages a preview does not open", 1)[1].split("\n#", 1)[0]
    return set(re.findall(r"^\|[^|\n]*\| `([\w-]+:[\w-]+)` \|", section, re.MULTILINE))


def test_the_pages_a_preview_refuses_are_the_documented_ones(ids):
    found, _ = routes(ids)
    refused = {route.name for route in found if route.refused}
    assert refused == documented_refusals()
    assert MUST_REFUSE <= refused
    # Customer pages only: a staff page is never the customer's to hand over.
    assert all(route.customer for route in found if route.refused)


def test_every_refused_page_is_refused_during_a_preview_with_nothing_asked(staff_client, enterprise, ids):
    found, _ = routes(ids)
    refused = [route for route in found if route.refused]
    start_preview(staff_client)
    since = enterprise.last_seq()
    for route in refused:
        # Whatever the method: a read gets the reason, a write the read-only page (it is refused first).
        for method, template in (("get", REFUSED_TEMPLATE), ("head", REFUSED_TEMPLATE), ("post", READ_ONLY_TEMPLATE)):
            response = getattr(staff_client, method)(route.url)
            assert response.status_code == HTTPStatus.FORBIDDEN, (method, route.name)
            assert template in [t.name for t in response.templates], (method, route.name)
            assert not response.streaming and not response.has_header("Content-Disposition"), (method, route.name)
            assert "no-store" in response["Cache-Control"]
        body = staff_client.get(route.url).content.decode()
        assert "This page is not shown in a preview" in body and "preview-banner" in body, route.name
    # Nothing was asked of CareCloud: not the export's reads, not a card file, not the till card's cards.
    assert enterprise.requests_log(since) == []
    # The refusals are in the audit trail, and the preview goes on: a page it keeps still works.
    recorded = set(PreviewPageView.objects.filter(status=403).values_list("method", "path"))
    assert {("GET", route.url) for route in refused} | {("POST", route.url) for route in refused} <= recorded
    cards = staff_client.get(Route("cards:card-list", {}, True, False, True).url)
    assert cards.status_code == HTTPStatus.OK and ids.DEMO_CARD_NUMBER in cards.content.decode()
    assert "preview-banner" in cards.content.decode()


def test_a_preview_neither_reads_nor_uses_up_the_customers_data_export(staff_client, enterprise, ids):
    """Ten looks at the printable export in a preview used to be ten of the customer's exports:
    the customer then got 429 on their own. Now neither export is read, and the quota is whole."""
    printable = Route("mydata:my-data-print", {}, True, False, True).url
    download = Route("mydata:my-data-download", {}, True, True, False).url
    start_preview(staff_client)
    since = enterprise.last_seq()
    allowed = next(rule.amount for rule in ratelimit.rules("export") if rule.key == "customer")
    for _ in range(allowed + 1):
        response = staff_client.get(printable)
        assert response.status_code == HTTPStatus.FORBIDDEN and not response.streaming
        assert REFUSED_TEMPLATE in [t.name for t in response.templates]
        assert ids.DEMO_CARD_NUMBER not in response.content.decode()
    response = staff_client.post(download)
    assert response.status_code == HTTPStatus.FORBIDDEN and READ_ONLY_TEMPLATE in [t.name for t in response.templates]
    assert not response.streaming and not response.has_header("Content-Disposition")
    assert enterprise.requests_log(since) == []  # not one read of the customer's data
    # The customer still has every one of their exports, the file and the printable page alike.
    customer = Client()
    assert portal_login(customer).status_code == HTTPStatus.FOUND
    for number in range(allowed):
        response = customer.post(download) if number % 2 else customer.get(printable)
        assert response.status_code == HTTPStatus.OK, number
        assert ids.DEMO_CARD_NUMBER in b"".join(response.streaming_content).decode(), number
    assert customer.get(printable).status_code == HTTPStatus.TOO_MANY_REQUESTS  # the quota is real
