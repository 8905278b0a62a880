"""Finding a customer through the enterprise interface: who may, how, and that it is recorded."""

import logging
from http import HTTPStatus

import pytest
from django.urls import reverse

from portal.staff.models import CustomerSearch, Preview
from tests.support.forms import assert_no_server_error, hostile_submissions

from .conftest import search, staff_sign_in, start_preview

pytestmark = pytest.mark.django_db


def operations(sandbox, since):
    return [e["operation_id"] for e in sandbox.requests_log(since)]


def test_an_unpermitted_staff_member_can_neither_search_nor_preview(enterprise, make_staff, client, ids):
    staff_sign_in(client, make_staff(permitted=False))
    since = enterprise.last_seq()
    assert client.get(reverse("staff:home")).status_code == HTTPStatus.FORBIDDEN
    assert search(client).status_code == HTTPStatus.FORBIDDEN
    preview_url = reverse("staff:preview-start", kwargs={"customer_id": ids.DEMO_CUSTOMER})
    assert client.get(preview_url).status_code == HTTPStatus.FORBIDDEN
    assert client.post(preview_url, {"reason": "Ticket 1", "language": "en"}).status_code == HTTPStatus.FORBIDDEN
    assert enterprise.requests_log(since) == []
    assert not CustomerSearch.objects.exists() and not Preview.objects.exists()


def test_nobody_signed_out_reaches_the_staff_pages(client, ids, db):
    for url in (reverse("staff:home"), reverse("staff:preview-start", kwargs={"customer_id": ids.DEMO_CUSTOMER})):
        for response in (client.get(url), client.post(url, {"kind": "card", "query": ids.DEMO_CARD_NUMBER})):
            assert response.status_code == HTTPStatus.FOUND
            assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("kind,query", [
    ("email", "demo@example.com"),
    ("email", "  DEMO@example.com "),
    ("phone", "+420 777 123 456"),
    ("phone", "00420777123456"),
    ("phone", "777 123 456"),
    ("name", "Tereza Dvořáková"),
    ("name", "dvořáková"),
    ("card", "2001 9006 27"),
])
def test_search_finds_the_customer_by_each_detail_and_is_recorded(staff_client, ids, kind, query):
    response = search(staff_client, kind, query)
    assert response.status_code == HTTPStatus.OK
    assert [m.customer_id for m in response.context["result"].matches] == [ids.DEMO_CUSTOMER]
    assert "Tereza Dvořáková" in response.content.decode()
    record = CustomerSearch.objects.get()
    user = staff_client.staff_user
    assert (record.staff, record.staff_email, record.kind) == (user, user.email, kind)
    assert record.result_count == 1 and record.customer_ids == [ids.DEMO_CUSTOMER]
    assert record.ip == "127.0.0.1" and record.query


def test_a_search_that_finds_nobody_says_so_and_is_recorded(staff_client):
    response = search(staff_client, "email", "nobody@example.com")
    assert response.status_code == HTTPStatus.OK and response.context["result"].matches == []
    assert "No customer matches" in response.content.decode()
    assert CustomerSearch.objects.get().result_count == 0


def test_bad_search_input_never_reaches_carecloud_or_fails(staff_client, enterprise):
    since = enterprise.last_seq()
    for label, data in hostile_submissions({"kind": "email", "query": "demo@example.com"}):
        response = staff_client.post(reverse("staff:home"), data)
        assert_no_server_error(response, label)
    for kind, query in [("email", "no-at-sign"), ("email", "bad@@"), ("phone", "12"), ("card", "20019/00627")]:
        response = search(staff_client, kind, query)
        assert response.status_code == HTTPStatus.OK and response.context["form"].errors, (kind, query)
    logged = [e for e in enterprise.requests_log(since) if e["interface"] == "enterprise" and e["method"] != "GET"]
    assert all(e["operation_id"] == "postUserLogin" for e in logged)


def test_a_failing_carecloud_is_a_message_and_still_recorded(staff_client, fresh_sandbox):
    fresh_sandbox.set_faults(force_status=500, force_count=10)
    response = search(staff_client)
    fresh_sandbox.clear_faults()
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "CareCloud is not responding" in response.content.decode()
    assert response.context["form"]["query"].value() == "2001900627"
    record = CustomerSearch.objects.get()
    assert record.result_count is None and record.customer_ids == []


def test_search_without_an_enterprise_user_says_what_is_missing(staff_client, settings):
    settings.CARECLOUD_ENTERPRISE_PASSWORD = settings.CARECLOUD_ENTERPRISE_LOGIN = ""
    response = search(staff_client)
    assert response.status_code == HTTPStatus.OK and "CARECLOUD_ENTERPRISE_LOGIN" in response.content.decode()


def test_a_wrong_enterprise_password_is_a_configuration_message(staff_client, settings, caplog):
    settings.CARECLOUD_ENTERPRISE_PASSWORD = "wrong-Enterprise-Secret-1"
    with caplog.at_level(logging.DEBUG):
        response = search(staff_client)
    assert "CARECLOUD_ENTERPRISE_LOGIN" in response.content.decode()
    assert "wrong-Enterprise-Secret-1" not in caplog.text + response.content.decode()


def test_the_service_users_token_is_cached_and_renewed_on_401(staff_client, enterprise, caplog, ids):
    since = enterprise.last_seq()
    with caplog.at_level(logging.DEBUG):
        search(staff_client)
        search(staff_client, "email", ids.DEMO_EMAIL)
    assert operations(enterprise, since).count("postUserLogin") == 1  # the second search reused the token
    from django.core.cache import cache

    from portal.carecloud.enterprise import get_enterprise

    token = cache.get(get_enterprise().token_cache_key)
    enterprise.control("POST", f"tokens/{token}/expire")
    since = enterprise.last_seq()
    response = search(staff_client, "email", ids.DEMO_EMAIL)
    assert response.status_code == HTTPStatus.OK and response.context["result"].matches
    log = [(e["operation_id"], e["status"]) for e in enterprise.requests_log(since)]
    assert log == [("getCustomers", 401), ("postUserLogin", 200), ("getCustomers", 200)]
    # Neither the service user's password nor its tokens reach a log line or a page.
    assert ids.STAFF_PASSWORD not in caplog.text and token not in caplog.text
    assert token not in response.content.decode() and ids.STAFF_PASSWORD not in response.content.decode()


def test_a_preview_starts_only_from_the_last_searchs_results(staff_client, ids):
    url = reverse("staff:preview-start", kwargs={"customer_id": ids.SECOND_CUSTOMER})
    assert staff_client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert staff_client.post(url, {"reason": "Ticket 2", "language": "en"}).status_code == HTTPStatus.NOT_FOUND
    search(staff_client)  # finds the demo customer, not the second one
    assert staff_client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert not Preview.objects.exists()
    assert start_preview(staff_client, ids.SECOND_CUSTOMER, kind="email", query=ids.SECOND_EMAIL).status_code == 302


def test_the_search_page_has_what_a_form_needs(staff_client):
    body = staff_client.get(reverse("staff:home")).content.decode()
    assert body.count("<h1") == 1 and 'name="csrfmiddlewaretoken"' in body
    assert 'for="id_query"' in body and "Find a customer" in body
    assert "no-store" in staff_client.get(reverse("staff:home"))["Cache-Control"]


def test_behind_a_proxy_the_audit_records_the_address_the_proxy_added(staff_client, settings):
    """The header's earlier addresses are the client's own word: a staff member could put anything
    there. The audit trail reads the address as the rate limits do: the last one, the proxy's."""
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_FORWARDED_FOR"
    staff_client.defaults["HTTP_X_FORWARDED_FOR"] = "198.51.100.7, 203.0.113.9"
    assert search(staff_client, "email", "demo@example.com").status_code == HTTPStatus.OK
    assert CustomerSearch.objects.get().ip == "203.0.113.9"
