"""The purchase history against the live sandbox: newest first with store, date, total and points;
a purchase with its items; only the customer's own; empty and odd data; the points kept for the
session (viewed again, only the list is read; dropped on a write; a failed read kept nowhere)."""

import re
from http import HTTPStatus
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import translation

from portal.carecloud import resources
from portal.carecloud.client import Page
from portal.purchases import selectors
from tests.conftest import failing


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def demo_purchases(sandbox, demo_token, ids):
    response = sandbox.api().get(f"/customers/{ids.DEMO_CUSTOMER}/purchases", token=demo_token,
                                 params={"purchase_items_extension": "true"})
    return response.json()["data"]["purchases"]


def detail_links(body):
    return re.findall(r'href="(/[a-z]{2}/purchases/[^"/]+/)"', body)


@pytest.mark.parametrize("language", ["en", "cs"])
def test_the_purchase_history_newest_first(customer_client, demo_purchases, language):
    response = customer_client.get(url("purchases:purchase-list", language))
    assert response.status_code == HTTPStatus.OK
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    shown = [row["purchase_id"] for row in response.context["result"]["purchases"]]
    newest_first = sorted(demo_purchases, key=lambda p: p["payment_time"], reverse=True)
    assert shown == [p["purchase_id"] for p in newest_first]
    assert detail_links(body) == [url("purchases:purchase-detail", language, purchase_id=p) for p in shown]
    latest = response.context["result"]["purchases"][0]
    assert (latest["store_name"], latest["total"], latest["currency"], latest["points"]) == (
        "Zrnko Prague – Vinohrady" if language == "en" else "Zrnko Praha – Vinohrady", 745, "CZK", 148)
    if language == "en":
        assert "745.00 CZK" in body and "+148 points" in body
    else:
        assert "745,00 CZK" in body and "+148 bodů" in body
    label = "Purchases" if language == "en" else "Nákupy"
    link = re.escape(url("purchases:purchase-list", language))
    icon = r'<svg class="nav-icon"[^>]*>.*?</svg>'
    assert re.search(rf'<a href="{link}" aria-current="page">{icon}<span>{label}</span></a>',
                     body, re.S)  # the navigation marks this page (the label alone is in every page's navigation)


def test_the_purchase_history_is_paged(customer_client, monkeypatch):
    monkeypatch.setattr(selectors, "PURCHASE_PAGE_SIZE", 4)
    first = customer_client.get(url("purchases:purchase-list")).context["result"]
    third = customer_client.get(url("purchases:purchase-list"), {"page": 3}).context["result"]
    assert len(first["purchases"]) == 4 and first["pagination"].pages == 3
    assert len(third["purchases"]) == 2 and not third["pagination"].has_next
    beyond = customer_client.get(url("purchases:purchase-list"), {"page": 9})
    assert beyond.status_code == HTTPStatus.OK and beyond.context["result"]["purchases"] == []
    assert 'href="?page=1"' in beyond.content.decode()


@pytest.mark.parametrize("language", ["en", "cs"])
def test_a_purchase_with_its_items_and_points(customer_client, demo_purchases, language):
    latest = max(demo_purchases, key=lambda p: p["payment_time"])
    response = customer_client.get(url("purchases:purchase-detail", language, purchase_id=latest["purchase_id"]))
    assert response.status_code == HTTPStatus.OK
    purchase = response.context["purchase"]
    assert [item["amount"] for item in purchase["items"]] == [2, 1, 2]
    assert purchase["points"] == 148 and purchase["total"] == 745 and purchase["receipt"] == latest[
        "external_purchase_id"]
    body = response.content.decode()
    names = ("Brazil Santos coffee beans 250 g", "Sencha green tea 100 g", "Cinnamon roll") if language == "en" \
        else ("Brazílie Santos, zrnková káva 250 g", "Zelený čaj Sencha 100 g", "Skořicový šnek")
    for name in names:
        assert name in body
    assert body.count("<h1") == 1


def test_another_customers_purchase_is_not_found(second_customer_client, demo_purchases):
    purchase_id = demo_purchases[0]["purchase_id"]
    response = second_customer_client.get(url("purchases:purchase-detail", purchase_id=purchase_id))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_a_purchase_carecloud_gives_for_someone_else_is_not_shown(customer_client, demo_purchases, ids):
    # getPurchase is "a specific purchase" of the project: the portal checks whose it is.
    foreign = {**demo_purchases[0], "customer_id": ids.SECOND_CUSTOMER}
    with mock.patch.object(resources, "purchase_get", return_value=foreign):
        response = customer_client.get(url("purchases:purchase-detail", purchase_id=foreign["purchase_id"]))
    assert response.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("purchase_id", ["0" * 26, "no-such-purchase"])
def test_an_unknown_purchase_is_not_found(customer_client, purchase_id):
    assert customer_client.get(url("purchases:purchase-detail", purchase_id=purchase_id)).status_code == 404


def test_the_second_customer_sees_their_own(second_customer_client):
    result = second_customer_client.get(url("purchases:purchase-list")).context["result"]
    assert len(result["purchases"]) == 2 and {p["store_name"] for p in result["purchases"]} == {
        "Zrnko Brno – Freedom Square", "Zrnko online shop"}


@pytest.mark.parametrize("language", ["en", "cs"])
def test_a_customer_without_purchases_sees_an_empty_state(new_customer_client, language):
    response = new_customer_client.get(url("purchases:purchase-list", language))
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert 'class="empty-state"' in body
    assert ("No purchases yet." if language == "en" else "Zatím žádné nákupy.") in body


ODD_PURCHASES = [
    {"purchase_id": "a/b c", "total_price": "n/a", "currency_id": "8bed991c68a470e7aaeffbf048"},  # odd id and values
    {"external_purchase_id": "NO-ID", "payment_time": "yesterday", "items_count": 1},  # no id, bad time
    {"purchase_id": "ok-1", "customer_id": "x", "store_id": "unknown-store", "payment_time": "2026-01-02 10:00:00",
     "total_price": 12.5, "currency_id": "eur"},
    "not a record",
]


def test_odd_purchases_render(customer_client):
    page = Page(items=ODD_PURCHASES, total=len(ODD_PURCHASES), count=10, offset=0)
    with mock.patch.object(resources, "customer_purchases", return_value=page), \
            mock.patch.object(resources, "purchase_points_every", return_value=[{"assigned_points": "x"}]):
        response = customer_client.get(url("purchases:purchase-list"))
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert detail_links(body) == [url("purchases:purchase-detail", purchase_id="ok-1")]
    assert "12.50 EUR" in body and "NO-ID" in body
    assert "8BED" not in body  # an opaque currency id is not shown as a currency


def test_points_that_cannot_be_read_leave_a_gap_not_an_error(customer_client, demo_purchases):
    with mock.patch.object(resources, "purchase_points_every", side_effect=resources.ServerError(500)):
        response = customer_client.get(url("purchases:purchase-detail", purchase_id=demo_purchases[0]["purchase_id"]))
    assert response.status_code == HTTPStatus.OK
    assert "Not available right now" in response.content.decode()


def test_a_failing_carecloud_gives_the_unavailable_page(fresh_sandbox, customer_client):
    fresh_sandbox.set_faults(force_status=500)
    response = customer_client.get(url("purchases:purchase-list"))
    fresh_sandbox.clear_faults()
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE


# --- the points each purchase brought, kept for the session ---------------------------------------


class History:
    """The purchase list as a client sees it, and the CareCloud calls of the last view."""

    def __init__(self, sandbox):
        self.sandbox, self.since = sandbox, 0

    def view(self, client) -> dict:
        """The points the list shows, by purchase id."""
        self.since = self.sandbox.last_seq()
        response = client.get(url("purchases:purchase-list"))
        assert response.status_code == HTTPStatus.OK
        return {row["purchase_id"]: row["points"] for row in response.context["result"]["purchases"]}

    def calls(self) -> list[str]:
        return [entry["operation_id"] for entry in self.sandbox.requests_log(self.since) if entry["operation_id"]]

    def points_read(self) -> list[str]:
        """The purchases whose points CareCloud was asked for (getSubPurchasePoints)."""
        return sorted(entry["path"].split("/")[2] for entry in self.sandbox.requests_log(self.since)
                      if entry["operation_id"] == "getSubPurchasePoints")


@pytest.fixture
def history(sandbox):
    return History(sandbox)


@pytest.fixture
def latest(demo_purchases):
    """The demo customer's latest purchase (148 points)."""
    return max(demo_purchases, key=lambda p: p["payment_time"])["purchase_id"]


def test_the_purchase_history_viewed_again_reads_only_the_list(customer_client, history, latest):
    first = history.view(customer_client)
    assert history.points_read() == sorted(first) and len(first) == selectors.PURCHASE_PAGE_SIZE
    assert first[latest] == 148
    assert history.view(customer_client) == first  # the same figures...
    assert history.calls() == ["getSubCustomerPurchases"]  # ...from one call: the points are the session's


def test_the_kept_points_are_the_sessions_own(customer_client, second_customer_client, history):
    history.view(customer_client)
    theirs = history.view(second_customer_client)
    assert history.points_read() == sorted(theirs)  # another session reads its own


def test_a_write_made_by_the_customer_drops_the_kept_points(fresh_sandbox, customer_client, history, ids):
    first = history.view(customer_client)
    token = customer_client.session["carecloud"]["token"]
    record = resources.customer_get(token=token, customer_id=ids.DEMO_CUSTOMER)
    resources.customer_update(token=token, customer_id=ids.DEMO_CUSTOMER, customer=record)
    assert history.view(customer_client) == first
    assert history.points_read() == sorted(first)  # read again after the write


def test_a_purchase_whose_points_cannot_be_read_shows_without_them_and_is_read_again(
        customer_client, history, latest, carecloud, upstream):
    failing(upstream, carecloud, rf"/purchases/{latest}/points")
    shown = history.view(customer_client)
    assert shown[latest] is None  # that figure is left out...
    assert all(points is not None for purchase_id, points in shown.items() if purchase_id != latest)  # ...only it
    (stand_in,) = upstream.registered()
    upstream.remove(stand_in)
    assert history.view(customer_client)[latest] == 148
    assert history.points_read() == [latest]  # the failure was not kept; the others' points were


def test_a_purchases_page_reads_its_points_live_and_the_list_follows(customer_client, history, latest, monkeypatch):
    # The trade-off of keeping the points: a correction made in CareCloud after the list read them
    # shows in the list only once the purchase's page has read them again (or the cache time ends).
    assert history.view(customer_client)[latest] == 148
    real = resources.purchase_points_every
    correction = [{"assigned_points": -48, "state": 1}]
    monkeypatch.setattr(resources, "purchase_points_every", lambda **kwargs: [
        *real(**kwargs), *(correction if kwargs["purchase_id"] == latest else [])])
    assert history.view(customer_client)[latest] == 148  # the correction is not read yet
    detail = customer_client.get(url("purchases:purchase-detail", purchase_id=latest))
    assert detail.context["purchase"]["points"] == 100
    assert history.view(customer_client)[latest] == 100
    assert history.points_read() == []


def test_the_points_are_read_on_every_view_when_the_cache_is_off(customer_client, history, settings):
    settings.CARECLOUD_CUSTOMER_CACHE_SECONDS = 0
    for _ in range(2):
        history.view(customer_client)
        assert len(history.points_read()) == selectors.PURCHASE_PAGE_SIZE
