"""The audit trail in Django admin: superusers read it; nobody adds, changes or deletes there."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from portal.staff.models import CustomerSearch, Preview

from .conftest import staff_sign_in, start_preview

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit(staff_client):
    """A search and a preview with two pages, by a permitted staff member."""
    start_preview(staff_client)
    staff_client.get("/en/overview/")
    staff_client.post("/staff/preview/end/")
    return Preview.objects.get()


@pytest.fixture
def superuser_client(make_staff):
    client = Client()
    staff_sign_in(client, make_staff(superuser=True, permitted=False))
    return client


def test_superusers_read_the_audit_trail(audit, superuser_client):
    searches = superuser_client.get(reverse("admin:staff_customersearch_changelist"))
    assert searches.status_code == HTTPStatus.OK and audit.staff_email in searches.content.decode()
    previews = superuser_client.get(reverse("admin:staff_preview_changelist"))
    assert previews.status_code == HTTPStatus.OK and "Ticket 4711" in previews.content.decode()
    detail = superuser_client.get(reverse("admin:staff_preview_change", args=[audit.pk])).content.decode()
    assert "/en/overview/" in detail and audit.customer_id in detail and "127.0.0.1" in detail
    assert 'name="_save"' not in detail and "deletelink" not in detail


@pytest.mark.parametrize("model", ["customersearch", "preview"])
def test_nobody_adds_changes_or_deletes_audit_entries_in_admin(audit, superuser_client, model):
    record = CustomerSearch.objects.get() if model == "customersearch" else audit
    change = reverse(f"admin:staff_{model}_change", args=[record.pk])
    assert superuser_client.get(reverse(f"admin:staff_{model}_add")).status_code == HTTPStatus.FORBIDDEN
    assert superuser_client.post(change, {"reason": "edited", "query": "edited"}).status_code == HTTPStatus.FORBIDDEN
    delete = reverse(f"admin:staff_{model}_delete", args=[record.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == HTTPStatus.FORBIDDEN
    bulk = superuser_client.post(reverse(f"admin:staff_{model}_changelist"),
                                 {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"})
    assert bulk.status_code in (HTTPStatus.OK, HTTPStatus.FOUND)
    assert type(record).objects.filter(pk=record.pk).exists()
    record.refresh_from_db()
    assert "edited" not in (getattr(record, "reason", "") + getattr(record, "query", ""))


def test_staff_who_are_not_superusers_do_not_see_the_audit_trail(audit, staff_client):
    assert staff_client.get(reverse("admin:staff_preview_changelist")).status_code == HTTPStatus.FORBIDDEN
    assert staff_client.get(reverse("admin:staff_customersearch_changelist")).status_code == HTTPStatus.FORBIDDEN


def test_the_audit_trail_shows_who_whom_when_why_which_pages_and_from_where(audit, staff_client, ids):
    assert (audit.staff, audit.staff_email) == (staff_client.staff_user, staff_client.staff_user.email)
    assert (audit.customer_id, audit.customer_name) == (ids.DEMO_CUSTOMER, "Tereza Dvořáková")
    assert audit.reason == "Ticket 4711" and audit.ip == "127.0.0.1"
    assert audit.started_at < audit.ended_at and audit.end_reason == Preview.EndReason.ENDED
    assert list(audit.page_views.values_list("method", "path", "status")) == [("GET", "/en/overview/", 200)]
    search = CustomerSearch.objects.get()
    assert (search.kind, search.query, search.customer_ids) == ("card", ids.DEMO_CARD_NUMBER, [ids.DEMO_CUSTOMER])
