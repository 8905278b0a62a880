"""The credits page's shaping from CareCloud's answers (faked): balances, what expires, the history."""

from datetime import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from portal.carecloud import reference, resources
from portal.carecloud.client import Page
from portal.carecloud.exceptions import CareCloudError
from portal.credits import selectors

SESSION = SimpleNamespace(token="token-1", customer_id="customer-1")
NOW = timezone.make_aware(datetime(2026, 12, 7, 12, 0))
TYPES = [{"credit_type_id": "gift", "name": "Gift credit"}]


def record(available, valid_to=None, state=1, currency="czk"):
    return {"credit_type_id": "gift", "currency_id": currency, "available_credits": available,
            "valid_to": valid_to, "state": state}


@pytest.fixture
def answers(monkeypatch):
    """What CareCloud answers: set ``records`` and ``history`` (a list of rows) before reading."""
    faked = SimpleNamespace(records=[], history=[])
    monkeypatch.setattr(reference, "credit_types", lambda token: TYPES)
    monkeypatch.setattr(resources, "credits_every", lambda **auth: faked.records)
    monkeypatch.setattr(resources, "credit_history", lambda count, offset, **auth: Page(
        items=faked.history[offset:offset + count], total=len(faked.history), count=count, offset=offset))
    return faked


def read(page=1):
    return selectors.credits_for_customer(session=SESSION, page=page, now=NOW)


def test_the_project_has_credits_where_it_has_credit_types(monkeypatch):
    asked = []
    monkeypatch.setattr(reference, "credit_types", lambda token: asked.append(token) or TYPES)
    assert selectors.project_has_credits(token="token-1") is True
    assert asked == ["token-1"]  # asked with the customer's token
    monkeypatch.setattr(reference, "credit_types", lambda token: [])
    assert selectors.project_has_credits(token="token-1") is False


def test_the_project_has_no_credits_while_carecloud_cannot_say(monkeypatch):
    def failing(token):
        raise CareCloudError("down")

    monkeypatch.setattr(reference, "credit_types", failing)
    assert selectors.project_has_credits(token="token-1") is False


def test_a_deleted_record_and_junk_count_for_nothing(answers):
    answers.records = ["junk", record(500, state=0), record(20)]
    assert [(b.credit_type, b.currency, b.amount) for b in read()["balances"]] == [("Gift credit", "CZK", 20)]


def test_a_spent_or_expired_record_does_not_hide_the_ones_after_it(answers):
    answers.records = [record(0), record(30, valid_to="2026-12-01 00:00:00"), record(20), record(5)]
    assert [b.amount for b in read()["balances"]] == [25]


def test_what_expires_on_the_same_day_is_added_up_to_the_cent(answers):
    answers.records = [record(10.25, valid_to="2026-12-31 10:00:00"), record(79.65, valid_to="2026-12-31 18:00:00"),
                       record(5, valid_to="2027-01-15 10:00:00")]
    expiring = read()["expiring"]
    assert [(e.date.isoformat(), e.amount) for e in expiring] == [("2026-12-31", 89.9), ("2027-01-15", 5)]


def test_a_history_row_says_what_kind_of_operation_it_was(answers):
    answers.records = [record(20)]
    answers.history = [{"credit_history_record_time": "2026-12-01 10:00:00", "amount": -64, "currency_id": "czk",
                        "credit_operation_type": "PAYMENT", "credit_operation_note": "Two cappuccinos"}]
    row = read()["history"][0]
    assert (row.kind, row.note, row.amount, row.currency) == ("PAYMENT", "Two cappuccinos", -64, "CZK")
