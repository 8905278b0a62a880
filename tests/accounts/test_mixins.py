"""What every page of a logged-in customer is built on (portal/accounts/mixins.py).

Against the live sandbox, every member page: drawn in both languages with its tab marked, the
login first for anyone else (before CareCloud is asked), CareCloud asked in the page's language
and never twice for one operation, and the customer's id only ever the session's. Called directly
(no sandbox), a page and a form of the customer's data carry the title and tab their view gives,
and a customer's form (CustomerFormView, through the interests form) posted while its data cannot
be read comes back with what was typed, and sent too often it is not saved."""

from http import HTTPStatus
from urllib.parse import parse_qs

import pytest
from django.urls import reverse
from django.utils import translation

from portal.accounts.mixins import ACCOUNT_WRITE_TOO_MANY
from portal.carecloud import exceptions as cc
from portal.core import ratelimit
from portal.core.forms import FAILURE_MESSAGES
from portal.mydata import views as mydata_views
from portal.profile import forms, views
from portal.sandbox.seed import loyalty as seed_loyalty
from tests.support.views import view_for

PAGES = ["overview:dashboard", "profile:profile", "cards:card-list", "rewards:voucher-list", "points:points",
         "rewards:reward-list"]


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def text(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("language", ["en", "cs"])
@pytest.mark.parametrize("name", PAGES)
def test_every_page_renders_in_both_languages(customer_client, name, language):
    response = customer_client.get(url(name, language))
    assert response.status_code == HTTPStatus.OK
    body = text(response)
    assert f'<html lang="{language}">' in body
    assert 'aria-current="page"' in body  # the active tab is marked
    assert response.context["page_title"]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitor_is_sent_to_login_and_back(client, carecloud, db, name):
    since = carecloud.last_seq()
    response = client.get(url(name))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(url("accounts:login"))
    assert "next=" + url(name).replace("/", "%2F") in response["Location"]
    assert carecloud.requests_log(since) == []  # sent away before anything asks CareCloud


@pytest.mark.parametrize("name", PAGES)
def test_czech_pages_ask_carecloud_in_czech(customer_client, sandbox, name):
    since = sandbox.last_seq()
    assert customer_client.get(url(name, "cs")).status_code == HTTPStatus.OK
    calls = sandbox.requests_log(since)
    assert calls
    assert {entry["accept_language"] for entry in calls} == {"cs"}
    assert all(200 <= entry["status"] < 300 for entry in calls), calls


@pytest.mark.parametrize("name", PAGES)
def test_no_page_calls_one_operation_twice(customer_client, sandbox, name):
    since = sandbox.last_seq()
    customer_client.get(url(name))
    operations = [entry["operation_id"] for entry in sandbox.requests_log(since)]
    assert operations and len(operations) == len(set(operations)), operations


@pytest.mark.parametrize("page, params", [(name, {}) for name in PAGES] + [
    ("rewards:voucher-list", {"state": state}) for state in ("upcoming", "applied", "expired")
] + [("rewards:reward-detail", {})])
def test_the_customer_id_never_comes_from_the_request(customer_client, sandbox, ids, page, params):
    kwargs = {"reward_id": seed_loyalty.REWARD_BIRTHDAY} if page == "rewards:reward-detail" else {}
    since = sandbox.last_seq()
    response = customer_client.get(url(page, **kwargs), {**params, "customer_id": ids.SECOND_CUSTOMER,
                                                         "customer": ids.SECOND_CUSTOMER})
    assert response.status_code == HTTPStatus.OK
    calls = sandbox.requests_log(since)
    customer_ids = []
    for entry in calls:
        assert ids.SECOND_CUSTOMER not in entry["path"] + "?" + (entry.get("query") or ""), entry
        segments = entry["path"].strip("/").split("/")
        if segments[0] == "customers":
            customer_ids.append(segments[1])
        customer_ids += parse_qs(entry.get("query") or "").get("customer_id", [])
    # every customer-scoped call names the session's customer, and the page made at least one
    assert customer_ids and set(customer_ids) == {ids.DEMO_CUSTOMER}, calls


def title(response) -> str:
    body = response.render().content.decode()
    return body[body.index("<title>") + len("<title>"):body.index("</title>")]


def test_a_page_of_the_customers_data_is_titled_and_tabbed_as_its_view_says(request_for):
    """Called directly (no sandbox): the page's title is the browser tab's."""
    request = request_for("/en/profile/my-data/")
    with translation.override("en"):
        response = view_for(mydata_views.MyDataView, request).get(request)
        assert (response.context_data["page_title"], response.context_data["active_tab"]) == ("Your data", "profile")
        assert title(response).startswith("Your data · ")


# --- a form of the customer's own data ------------------------------------------------------------


def test_a_form_of_the_customers_data_is_titled_and_tabbed_as_its_view_says(request_for, monkeypatch):
    monkeypatch.setattr(views.InterestsEditView, "data_selector", lambda *, session: {
        "interests": [{"interest_id": "i1", "name": "Sport"}]})
    request = request_for("/en/profile/interests/")
    with translation.override("en"):
        response = view_for(views.InterestsEditView, request).get(request)
        assert (response.context_data["page_title"], response.context_data["active_tab"]) == (
            "Your interests", "profile")
        assert title(response).startswith("Your interests · ")


def _unreadable(**kwargs):
    raise cc.ServerError(503)


def test_a_form_posted_while_its_data_cannot_be_read_comes_back_with_what_was_typed(request_for, monkeypatch):
    monkeypatch.setattr(views.InterestsEditView, "data_selector", _unreadable)
    monkeypatch.setattr(views.InterestsEditView, "options_selector", lambda *, session: {
        "interests": [{"interest_id": "i1", "name": "Sport"}, {"interest_id": "i2", "name": "Books"}]})
    request = request_for("/en/profile/interests/", {"interests": ["i2"]})
    with translation.override("en"):
        response = view_for(views.InterestsEditView, request).post(request)
    form = response.context_data["form"]
    assert (response.status_code, form["interests"].value(), form.non_field_errors()) == (
        HTTPStatus.SERVICE_UNAVAILABLE, ["i2"], [str(FAILURE_MESSAGES["unavailable"])])


def test_a_form_sent_too_often_is_not_saved_and_says_so(request_for, monkeypatch):
    monkeypatch.setattr(ratelimit, "refused", lambda request, action: "account-write:customer")
    request = request_for("/en/profile/interests/", {"interests": ["i1"]})
    view = view_for(views.InterestsEditView, request)
    view.save = lambda form: pytest.fail("saved")
    form = forms.InterestsForm({"interests": ["i1"]}, interests=[{"interest_id": "i1", "name": "Sport"}])
    assert form.is_valid()
    with translation.override("en"):
        response = view.form_valid(form)
        assert (response.status_code, form.non_field_errors()) == (
            HTTPStatus.TOO_MANY_REQUESTS, [str(ACCOUNT_WRITE_TOO_MANY)])
