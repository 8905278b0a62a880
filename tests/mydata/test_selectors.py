"""The data export's own pieces, with CareCloud's reads stood in for: the consents section drawn
from the customer record (the current ``consents`` list, else the deprecated ``agreement``), the
error that names the section an export stopped at, every list cut at a ceiling caught as
incomplete, the whole file with its reference names, and the export's own time budget."""

from concurrent.futures import Future
from types import SimpleNamespace

import pytest
from django.utils import timezone, translation

from portal.carecloud import budget, reference, resources
from portal.carecloud.exceptions import ServerError
from portal.mydata.selectors import DataExport, ExportIncomplete, _consents, data_export_document, data_export_start

AGREEMENT = {"agreement_1": 1, "agreement_2": 0}


@pytest.mark.parametrize(("customer", "expected"), [
    ({"personal_information": {"consents": [{"consent_id": "c1", "consent_value": 1}], "agreement": AGREEMENT}},
     [{"consent_id": "c1", "consent_value": 1}]),
    ({"personal_information": {"consents": [], "agreement": AGREEMENT}}, [AGREEMENT]),
    ({"personal_information": {"agreement": {}}}, []),
    ({"personal_information": {"agreement": "yes"}}, []),
    ({"personal_information": {"agreement": [AGREEMENT]}}, []),
    ({"personal_information": "junk"}, []),
    ("not a record", []),
], ids=["consents", "agreement", "empty-agreement", "text-agreement", "list-agreement", "junk-info", "junk"])
def test_the_consents_section_holds_only_real_consent_records(customer, expected):
    assert _consents(customer) == expected


def test_an_incomplete_export_names_its_section_and_cause():
    cause = ServerError(500)
    error = ExportIncomplete("cards", cause)
    assert (error.section, error.cause) == ("cards", cause)
    assert str(error) == "export section cards: CareCloud 500: ServerError"
    assert (ExportIncomplete("vouchers").section, str(ExportIncomplete("vouchers"))) == (
        "vouchers", "export section vouchers: cut at a ceiling")


def test_a_failed_read_makes_its_section_incomplete():
    cause = ServerError(500)
    failed = Future()
    failed.set_exception(cause)
    export = DataExport(session_customer_id="c1", started=timezone.now(), futures={"cards": failed})
    with pytest.raises(ExportIncomplete) as raised:
        export.result("cards")
    assert (raised.value.section, raised.value.cause) == ("cards", cause)


BOUNDED = {  # the reads that page through a list, by section
    "addresses": "customer_addresses_every", "cards": "customer_cards_every",
    "status_records": "customer_status_records_every", "point_history": "point_history_every",
    "vouchers": "customer_vouchers_every", "rewards": "customer_rewards_every",
    "interests": "customer_interest_records", "properties": "customer_property_records",
    "purchases": "customer_purchases_every", "stamp_cards": "stamper_cards_every", "messages": "messages_every",
    "credits": "credits_every", "credit_history": "credit_history_every",
}


@pytest.fixture
def carecloud_reads(monkeypatch):
    """CareCloud's reads of an export stood in for; ``cut`` names the sections whose list the
    upstream cuts at the export's ceiling."""
    reads = SimpleNamespace(cut=set())

    def bounded(section):
        def read(*, token, customer_id, max_pages, max_items, on_cut, **params):
            assert (token, customer_id, max_pages, max_items) == ("t", "c1", 50, 5000)
            if section in reads.cut:
                on_cut("max_items")
            return [{"section": section}]
        return read

    for section, name in BOUNDED.items():
        monkeypatch.setattr(resources, name, bounded(section))
    monkeypatch.setattr(resources, "customer_get", lambda **kw: {"customer_id": "c1"})
    monkeypatch.setattr(resources, "wallet_points", lambda **kw: {"available_points": 10})
    monkeypatch.setattr(resources, "wallet_points_expiration", lambda **kw: {"next_amount": 5})
    monkeypatch.setattr(reference, "stores", lambda **kw: [{"store_id": "s1", "name": "Brno"}])
    monkeypatch.setattr(reference, "card_types", lambda **kw: [{"card_type_id": "t1", "name": "Gold card"}])
    monkeypatch.setattr(reference, "statuses", lambda **kw: [{"status_id": "st1", "name": "Gold"}])
    monkeypatch.setattr(reference, "consents", lambda **kw: [{"agreement_id": "a1", "name": "Newsletter"}])
    monkeypatch.setattr(reference, "interests", lambda **kw: [{"interest_id": "i1", "name": "Coffee"}])
    monkeypatch.setattr(reference, "credit_types", lambda **kw: [{"credit_type_id": "ct1", "name": "Gift credit"}])
    monkeypatch.setattr(resources, "customer_address_types_every",
                        lambda **kw: [{"address_type_id": "1", "name": "Home"}])
    monkeypatch.setattr(resources, "stamper_campaigns_every",
                        lambda **kw: [{"stamper_campaign_id": "sc1", "name": "Coffee card"}])
    return reads


@pytest.fixture
def export_settings(settings):
    settings.PORTAL_EXPORT_MAX_PAGES = 50
    settings.PORTAL_EXPORT_MAX_ITEMS = 5000
    settings.PORTAL_BRAND_NAME = "Coffee Club"
    return settings


SESSION = SimpleNamespace(token="t", customer_id="c1")


@pytest.mark.parametrize("section", list(BOUNDED))
def test_a_list_cut_at_a_ceiling_is_never_passed_off_as_complete(carecloud_reads, export_settings, section):
    carecloud_reads.cut = {section}
    export = data_export_start(session=SESSION)
    with pytest.raises(ExportIncomplete) as raised:
        export.result(section)
    assert (raised.value.section, raised.value.cause) == (section, None)
    assert [export.result(other) for other in BOUNDED if other != section] == [
        [{"section": other}] for other in BOUNDED if other != section]


def test_the_whole_file_holds_every_section_and_the_names_of_its_ids(carecloud_reads, export_settings):
    with translation.override("en"):
        document = data_export_document(session=SESSION)
    assert document["exported_at"]
    assert {**document, "exported_at": ""} == {
        "format": "carecloud-portal-export", "format_version": 1, "exported_at": "", "language": "en",
        "programme": "Coffee Club", "customer_id": "c1", "customer": {"customer_id": "c1"}, "consents": [],
        "points": {"overview": {"available_points": 10}, "expiration": {"next_amount": 5}},
        **{section: [{"section": section}] for section in BOUNDED},
        "reference": {"stores": {"s1": "Brno"}, "card_types": {"t1": "Gold card"}, "statuses": {"st1": "Gold"},
                      "consents": {"a1": "Newsletter"}, "interests": {"i1": "Coffee"},
                      "address_types": {"1": "Home"}, "stamper_campaigns": {"sc1": "Coffee card"},
                      "credit_types": {"ct1": "Gift credit"}},
        "complete": True}


@pytest.mark.parametrize(("seconds", "least", "most"), [(30.0, 29.0, 30.0), (0.0, 0.0, 0.001), (-5.0, 0.0, 0.001)])
def test_the_export_reads_share_its_own_budget_and_none_starts_afresh_once_it_is_spent(
        carecloud_reads, export_settings, monkeypatch, seconds, least, most):
    export_settings.PORTAL_EXPORT_BUDGET = seconds
    monkeypatch.setattr(resources, "customer_get", lambda **kw: {"customer_id": "c1", "left": budget.remaining()})
    left = data_export_start(session=SESSION).result("customer")["left"]
    assert left is not None and least <= left <= most  # a spent budget is (almost) nothing left, never "no budget"
