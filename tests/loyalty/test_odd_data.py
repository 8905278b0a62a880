"""Data the spec allows but the sandbox never sends (an optional reward id missing or with odd
characters, a phone stored with its "+") and collections longer than one page: each page renders."""

from http import HTTPStatus
from urllib.parse import parse_qs

from django.urls import reverse
from django.utils import translation

from portal.carecloud import resources
from portal.sandbox.seed import loyalty as seed_loyalty


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def test_reference_lists_and_cards_are_read_to_the_end(customer_client, sandbox, ids, monkeypatch):
    # One item per request: every list a page needs whole is read page after page, never cut off.
    monkeypatch.setattr(resources, "EVERY_PAGE_SIZE", 1)
    since = sandbox.last_seq()
    cards = customer_client.get(url("cards:card-list")).content.decode()
    profile = customer_client.get(url("profile:profile")).content.decode()
    dashboard = customer_client.get(url("loyalty:dashboard")).content.decode()
    for number in (ids.DEMO_CARD_NUMBER, seed_loyalty.DEMO_DIGITAL_CARD_NUMBER, seed_loyalty.DEMO_PARTNER_CARD_NUMBER):
        assert number in cards
    assert cards.count("ISIC partner card") >= 1 and "Digital card in the app" in cards  # type names
    assert "Zrnko Prague – Vinohrady" in profile or "Vinohrady" in profile  # the home store's name
    assert 'class="big-number tier-name">' in dashboard
    log = sandbox.requests_log(since)
    offsets = {}
    for entry in log:
        query = parse_qs(entry.get("query") or "")
        if query.get("count") == ["1"]:
            offsets.setdefault(entry["operation_id"], []).append(int(query["offset"][0]))
    assert offsets["getSubCustomerCards"] == [0, 1, 2]
    for operation in ("getCardTypes", "getStores", "getConsents", "getStatuses"):
        assert len(offsets[operation]) > 1 and offsets[operation] == list(range(len(offsets[operation]))), operation


def test_an_upstream_whose_paging_never_ends_cannot_hold_a_page(customer_client, carecloud, settings):
    """getStatuses answers every page full, with a total that never runs out and pages that ignore
    offset (a generated mock of the spec did this, and one overview made 22,000 calls): the page
    still answers, after a bounded number of calls."""
    import json

    import responses

    settings.CARECLOUD_MAX_PAGES = 5
    calls = []

    def endless(request):
        calls.append(request.url)
        rows = [{"status_id": f"s{len(calls)}-{n}", "name": f"Tier {n}"} for n in range(100)]
        return 200, {}, json.dumps({"data": {"statuses": rows, "total_items": 10**9}})

    with responses.RequestsMock(assert_all_requests_are_fired=False) as upstream:
        upstream.add_callback(responses.GET, f"{carecloud.customer_url}/statuses", callback=endless)
        upstream.add_passthru(carecloud.url)
        response = customer_client.get(url("loyalty:dashboard"))
    assert response.status_code == HTTPStatus.OK
    assert len(calls) == 5  # the page ceiling, not the total
