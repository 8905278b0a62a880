"""The loyalty writes' bookkeeping, without CareCloud: how many interests a save added and
removed (and the log line that says so), and a redemption that joined another confirmation of the
same reward whose outcome nobody knows any more: the customer is told it is uncertain."""

import logging
from types import SimpleNamespace

from portal.carecloud import exceptions as cc
from portal.carecloud import resources
from portal.loyalty import services

SESSION = SimpleNamespace(token="t", customer_id="c1")


def test_an_interests_save_counts_each_record_added_and_removed(monkeypatch, caplog):
    created, deleted = [], []

    def create(*, token, customer_id, interest_id):
        created.append(interest_id)
        if interest_id == "i4":  # made by the same form sent a moment ago
            raise cc.ValidationError(400, invalid_params=[{"name": "interest_id", "reason": "relation_already_exists"}])

    monkeypatch.setattr(resources, "interest_record_create", create)
    monkeypatch.setattr(resources, "interest_record_delete",
                        lambda *, token, customer_id, interest_record_id: deleted.append(interest_record_id))
    records = [{"interest_id": "i2", "interest_record_id": "r2"}, {"interest_id": "i3", "interest_record_id": "r3a"},
               {"interest_id": "i3", "interest_record_id": "r3b"}, {"interest_id": "i9", "interest_record_id": "r9"}]
    with caplog.at_level(logging.INFO, logger="portal.loyalty.services"):
        update = services.customer_interests_update(session=SESSION, records=records, offered={"i1", "i2", "i3", "i4"},
                                                    chosen={"i1", "i2", "i4"})
    assert (update.added, update.removed, update.changed) == (2, 2, True)
    assert (created, deleted) == (["i1", "i4"], ["r3a", "r3b"])
    assert caplog.messages == ["customer interests updated: 2 added, 2 removed"]


def test_an_interests_save_of_one_new_interest_adds_one(monkeypatch):
    monkeypatch.setattr(resources, "interest_record_create", lambda **kw: None)
    update = services.customer_interests_update(session=SESSION, records=[], offered={"i1", "i2"}, chosen={"i1"})
    assert (update.added, update.removed) == (1, 0)


