"""The profile's writes without CareCloud, pinned by what they send and return: the customer record
a profile save PUTs (read-only fields left out, blank and odd values, the salutation, the
language), the consents written into ``consents`` or into a legacy ``agreement``, and an interests
save's bookkeeping: how many interests it added and removed (and the log line that says so)."""

import copy
import logging
from datetime import date
from types import SimpleNamespace

import pytest

from portal.carecloud import exceptions as cc
from portal.carecloud import reference, resources
from portal.profile import services

SESSION = SimpleNamespace(token="t", customer_id="c1")


@pytest.fixture
def put(monkeypatch):
    """The bodies of the customer PUTs the code under test sent."""
    sent = []
    monkeypatch.setattr(resources, "customer_update", lambda *, token, customer_id, customer: sent.append(customer))
    return sent


def update(customer, changes):
    return services.customer_profile_update(session=SESSION, customer=copy.deepcopy(customer), changes=changes)


# --- the customer record ---------------------------------------------------------------------------


def test_the_record_sent_back_leaves_out_every_read_only_field():
    customer = {"customer_id": "c1", "state": 1, "last_change": "x", "doi_email": 1, "doi_phone": 1,
                "personal_information": {"first_name": "Eva", "photo_url": "https://x/p.png",
                                         "consents": [{"consent_id": "k1", "consent_value": 1, "last_change": "y"}]},
                "unknown_field": [1]}
    assert services.writable_customer(customer) == {
        "personal_information": {"first_name": "Eva", "consents": [{"consent_id": "k1", "consent_value": 1}]},
        "unknown_field": [1],
    }
    assert customer["personal_information"]["photo_url"] == "https://x/p.png"  # the read record is untouched


@pytest.mark.parametrize(("info", "changes", "expected_info", "expected_changed"), [
    # a new first name: the salutation (absent here) is left for CareCloud to generate
    ({"first_name": "Eva", "language_id": "cs"}, {"first_name": "Jana"},
     {"first_name": "Jana", "language_id": "cs"}, ("first_name",)),
    ({"first_name": "Eva", "salutation": "Dear Eva", "language_id": "cs"}, {"first_name": "Jana"},
     {"first_name": "Jana", "language_id": "cs"}, ("first_name",)),
    # a title stored as blanks, cleared in the form: removed
    ({"pre_nominals": "  ", "language_id": "cs"}, {"pre_nominals": ""}, {"language_id": "cs"}, ("pre_nominals",)),
    # a new date of birth, as the form gives it, goes as ISO text
    ({"birthdate": "1990-04-12", "language_id": "cs"}, {"birthdate": date(1991, 5, 2)},
     {"birthdate": "1991-05-02", "language_id": "cs"}, ("birthdate",)),
    # a gender CareCloud gives as a number, changed by the form's text
    ({"gender": 1, "language_id": "cs"}, {"gender": "2"}, {"gender": "2", "language_id": "cs"}, ("gender",)),
    # an address CareCloud gave in no shape the portal knows is replaced by the form's
    ({"address": "Main street 1", "language_id": "cs"}, {"address": {"city": "Brno", "zip": ""}},
     {"address": {"city": "Brno"}, "language_id": "cs"}, ("address",)),
    ({"address": {"city": "Praha", "zip": "11000"}, "language_id": "cs"}, {"address": {"city": " Brno "}},
     {"address": {"city": "Brno", "zip": "11000"}, "language_id": "cs"}, ("address",)),
])
def test_a_profile_save_puts_the_changed_fields_and_names_them(put, caplog, info, changes, expected_info,
                                                               expected_changed):
    with caplog.at_level(logging.INFO, logger="portal.profile.services"):
        result = update({"customer_id": "c1", "personal_information": info}, changes)
    assert result == services.ProfileUpdate(changed=expected_changed, language_id="cs")
    assert put == [{"personal_information": expected_info}]
    assert caplog.messages == [f"customer profile updated: {', '.join(expected_changed)}"]


def test_a_profile_save_of_nothing_new_sends_nothing(put):
    result = update({"personal_information": {"first_name": "Eva", "language_id": "en"}}, {"first_name": " Eva "})
    assert result == services.ProfileUpdate(changed=(), language_id="en")
    assert put == []


# --- consents ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("given", "expected_consents"), [
    # ticking one never answered gives it; the others go back as they came
    ({"k2": True}, [{"consent_id": "k1", "consent_value": 1}, {"consent_id": "k2", "consent_value": 1}]),
    # unticking a given one withdraws it
    ({"k1": False}, [{"consent_id": "k1", "consent_value": 0}, {"consent_id": "k2", "consent_value": 2}]),
    # a consent the record does not list yet is added
    ({"k3": True}, [{"consent_id": "k1", "consent_value": 1}, {"consent_id": "k2", "consent_value": 2},
                    {"consent_id": "k3", "consent_value": 1}]),
])
def test_ticked_boxes_are_written_into_the_records_consents(put, given, expected_consents):
    customer = {"personal_information": {"consents": [{"consent_id": "k1", "consent_value": 1},
                                                      {"consent_id": "k2", "consent_value": 2}],
                                         "agreement": {"agreement_gtc": 0}}}
    result = update(customer, {"consents": given})
    assert result.changed == ("consents",)
    assert put == [{"personal_information": {"consents": expected_consents, "agreement": {"agreement_gtc": 0}}}]


@pytest.fixture
def legacy_texts(monkeypatch):
    """The consents' reference list: k-gtc is the legacy "gtc" agreement, k-news a custom one."""
    monkeypatch.setattr(reference, "consents", lambda *, token: [
        {"agreement_id": "k-gtc", "text_id": "gtc"}, {"agreement_id": "k-news", "text_id": "newsletter"},
        {"agreement_id": "k-more", "text_id": ""}])


LEGACY = {"agreement_gtc": 2, "agreement_profiling": 1,
          "custom_agreements": [{"agreement_id": "k-news", "agreement_value": 1}]}


@pytest.mark.parametrize(("given", "expected_agreement"), [
    ({"k-gtc": True}, {**LEGACY, "agreement_gtc": 1}),
    ({"k-news": False}, {**LEGACY, "custom_agreements": [{"agreement_id": "k-news", "agreement_value": 0}]}),
    ({"k-more": True}, {**LEGACY, "custom_agreements": [{"agreement_id": "k-news", "agreement_value": 1},
                                                        {"agreement_id": "k-more", "agreement_value": 1}]}),
])
def test_ticked_boxes_of_a_record_with_only_the_legacy_agreement_are_written_into_it(put, legacy_texts, given,
                                                                                      expected_agreement):
    result = update({"personal_information": {"agreement": copy.deepcopy(LEGACY)}}, {"consents": given})
    assert result.changed == ("consents",)
    assert put == [{"personal_information": {"agreement": expected_agreement}}]


def test_a_legacy_agreement_already_as_ticked_sends_nothing(put, legacy_texts):
    result = update({"personal_information": {"agreement": copy.deepcopy(LEGACY), "language_id": "cs"}},
                    {"consents": {"k-gtc": False, "k-news": True, "k-more": False}})
    assert result == services.ProfileUpdate(changed=(), language_id="cs")
    assert put == []


# --- interests ---------------------------------------------------------------------------------------


def test_an_interests_save_that_unticks_one_interest_removes_one(monkeypatch):
    deleted = []
    monkeypatch.setattr(resources, "interest_record_delete",
                        lambda *, token, customer_id, interest_record_id: deleted.append(interest_record_id))
    records = [{"interest_id": "i1", "interest_record_id": "r1"}]
    result = services.customer_interests_update(session=SESSION, records=records, offered={"i1"}, chosen=set())
    assert (result.added, result.removed, deleted) == (0, 1, ["r1"])


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
    with caplog.at_level(logging.INFO, logger="portal.profile.services"):
        update = services.customer_interests_update(session=SESSION, records=records, offered={"i1", "i2", "i3", "i4"},
                                                    chosen={"i1", "i2", "i4"})
    assert (update.added, update.removed, update.changed) == (2, 2, True)
    assert (created, deleted) == (["i1", "i4"], ["r3a", "r3b"])
    assert caplog.messages == ["customer interests updated: 2 added, 2 removed"]


def test_an_interests_save_of_one_new_interest_adds_one(monkeypatch):
    monkeypatch.setattr(resources, "interest_record_create", lambda **kw: None)
    update = services.customer_interests_update(session=SESSION, records=[], offered={"i1", "i2"}, chosen={"i1"})
    assert (update.added, update.removed) == (1, 0)
