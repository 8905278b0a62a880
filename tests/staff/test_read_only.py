"""The read-only guarantee of a preview, for every view of the portal, found automatically.

The portal's URLconf is walked for every view that can take a write (POST, PUT, PATCH, DELETE): the
customer forms, the customer's log-out, registration, allauth's and admin's pages, and whatever is
added later, without editing this test. During a preview each is sent every write method and must
answer the preview's 403 page, before any view runs, with no write reaching CareCloud and the
customer's data unchanged. Every customer page read during a preview makes no write either.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from http import HTTPStatus

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from django.utils import translation

from portal.staff.models import PreviewPageView
from portal.staff.views import SearchView

from .conftest import start_preview

pytestmark = pytest.mark.django_db

WRITE_METHODS = ("post", "put", "patch", "delete")
# The only writes a preview lets through, each tested on its own (test_preview.py).
ALLOWED = {"staff:preview-end", "set-language"}
READ_ONLY_TEMPLATE = "staff/read_only.html"


@dataclass(frozen=True)
class Route:
    name: str
    kwargs: dict
    customer: bool  # under the language prefix: a customer page
    writes: bool  # its view takes a write (function views: assumed to)
    reads: bool

    @property
    def url(self) -> str:
        with translation.override("en"):
            return reverse(self.name, kwargs=self.kwargs or None)


def sample(name: str, converter: str, ids) -> list[str]:
    """Values to reverse a URL parameter with: real ids where the name says what it is."""
    known = {"customer_id": [ids.DEMO_CUSTOMER], "app_label": ["staff", "auth"], "model_name": ["preview", "user"],
             "file_type": ["png"]}
    by_converter = {"int": ["1"], "uuid": [str(uuid.uuid4())], "path": ["x/1"]}
    return known.get(name) or by_converter.get(converter) or ["1", "x1"]


def parameters(pattern) -> dict[str, str]:
    """The URL parameters a pattern captures, each with its converter's name ("int", "slug"...)."""
    converters = pattern.converters if isinstance(pattern, RoutePattern) else {}
    return {name: type(converters.get(name)).__name__.lower().removesuffix("converter")
            for name in pattern.regex.groupindex}


def walk(patterns, namespace: str = "", customer: bool = False, params: dict | None = None):
    """(namespace, pattern, under the language prefix?, parameters with those of the includes)."""
    for entry in patterns:
        here = {**(params or {}), **parameters(entry.pattern)} if not isinstance(entry.pattern, LocalePrefixPattern) \
            else dict(params or {})
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            yield from walk(entry.url_patterns, inner, customer or isinstance(entry.pattern, LocalePrefixPattern), here)
        elif isinstance(entry, URLPattern):
            yield namespace, entry, customer, here


def routes(ids) -> tuple[list[Route], list[str]]:
    """Every named pattern of the portal, reversed with sample values; and those that would not reverse."""
    found, unreversed = [], []
    for namespace, pattern, customer, params in walk(get_resolver().url_patterns):
        if not pattern.name:
            unreversed.append(str(pattern.pattern))
            continue
        name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        view = getattr(pattern.callback, "view_class", None)
        allowed = getattr(view, "http_method_names", WRITE_METHODS + ("get",)) if view else WRITE_METHODS + ("get",)
        writes = not view or any(m in allowed and hasattr(view, m) for m in WRITE_METHODS)
        reads = not view or ("get" in allowed and hasattr(view, "get"))
        for attempt in (0, 1):
            kwargs = {}
            for param, converter in params.items():
                values = sample(param, converter, ids)
                kwargs[param] = values[min(attempt, len(values) - 1)]
            route = Route(name, kwargs, customer, writes, reads)
            try:
                route.url
            except NoReverseMatch:
                continue
            found.append(route)
            break
        else:
            unreversed.append(name)
    return found, unreversed


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


def test_reading_every_customer_page_during_a_preview_writes_nothing(staff_client, enterprise, ids):
    found, _ = routes(ids)
    pages = [route for route in found if route.customer and route.reads]
    start_preview(staff_client)
    since = enterprise.last_seq()
    for route in pages:
        response = staff_client.get(route.url)
        assert response.status_code < 500, route.name
    # The one call that is not a read: the portal's anonymous token for the public campaign pages
    # (postToken, never logged in); nothing of the customer is written.
    writes = [(e["method"], e["path"]) for e in enterprise.requests_log(since) if e["method"] != "GET"]
    assert set(writes) <= {("POST", "/tokens")} and len(writes) <= 1, writes


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
