"""The printable export's sections, cell by cell (tests/mydata/test_pages.py drives the page):
CareCloud's codes and ids named, numbers and dates in the page's language, and odd records drawn
as empty cells rather than failing the page. Its odd corners, without CareCloud: codes the
programme does not know (an unknown gender, an agreement value outside 0-2), reference lists that
could not be named (no store, card type, level, address type or interest names at all), and the closing
line of a page that stopped part way, which names the section it could not read."""

import pytest
from django.utils import timezone, translation

from portal.carecloud.exceptions import AuthenticationError, ServerError
from portal.mydata.readable import printable_sections, readable_section
from portal.mydata.selectors import ExportIncomplete

NAMES = {"stores": {"s1": "Brno Centrum"}, "consents": {"c1": "Newsletter"}, "card_types": {"t1": "Gold card"},
         "statuses": {"st1": "Gold"}, "interests": {"i1": "Coffee"}, "address_types": {"1": "Home"},
         "stamper_campaigns": {"sc1": "Coffee card"},
         "credit_types": {"ct1": "Gift credit"}}

CUSTOMER = {"customer_id": "8a1", "personal_information": {
    "pre_nominals": "Ing.", "first_name": "Tereza", "last_name": "Dvořáková", "post_nominals": "Ph.D.",
    "salutation": "Dear Tereza", "gender": 2, "birthdate": "1990-04-12", "email": "t@example.com",
    "phone": "420777123456", "language_id": "cs", "store_id": "s1",
    "address": {"address1": "Masarykova 1", "city": "Brno", "zip": "60200", "country_code": "cz"}}}

SECTIONS = [
    ("customer", CUSTOMER, {"pairs": [
        ("Account ID in CareCloud", "8a1"), ("Name", "Ing. Tereza Dvořáková, Ph.D."), ("Salutation", "Dear Tereza"),
        ("Gender", "Female"), ("Date of birth", "12 Apr 1990"), ("E-mail", "t@example.com"),
        ("Phone", "+420 777 123 456"), ("Language", "Czech"), ("Home store", "Brno Centrum"),
        ("Address", "Masarykova 1, 60200 Brno, CZ")]}),
    ("customer", {"customer_id": "8a2", "personal_information": {
        "first_name": "Jan", "gender": "2", "phone": "+420600", "store_id": "s9", "language_id": "xx"}},
     {"pairs": [("Account ID in CareCloud", "8a2"), ("Name", "Jan"), ("Phone", "+420600"), ("Language", "xx"),
                ("Home store", "s9")]}),
    ("customer", "not a record", {"pairs": []}),
    ("consents", [{"consent_id": "c1", "consent_value": 1, "last_change": "2026-01-02T10:20:30+01:00"},
                  {"consent_id": "c9", "consent_value": 7},
                  {"agreement_1": 1, "agreement_marketing_email": 0, "agreement_sms": "1", "other": 1}],
     {"columns": ["Consent", "Value", "Changed"], "rows": [
         ["Newsletter", "Given", "2 Jan 2026, 10:20"], ["Consent", "Not given", ""], ["1", "Given", ""],
         ["marketing email", "Withdrawn", ""]]}),
    ("points", {"overview": {"available_points": 1630.5, "earned_points": 2000, "redeemed_points": 0},
                "expiration": {"next_amount": 120, "next_date": "2026-12-31"}},
     {"pairs": [("Available", "1,630.50"), ("Earned", "2,000"), ("Redeemed", "0"),
                ("Next to expire", "120 (31 Dec 2026)")]}),
    ("points", {"overview": {"available_points": 5}, "expiration": {"next_amount": 0, "next_date": "2026-12-31"}},
     {"pairs": [("Available", "5")]}),
    ("points", {"expiration": {"next_amount": 10}}, {"pairs": []}),
    ("cards", [{"card_number": "700100", "card_type_id": "t1", "state": 0, "valid_from": "2025-01-01",
                "valid_to": "2027-01-01 10:00:00"}, {"card_number": "700101", "state": 1}, "junk"],
     {"columns": ["Card number", "Type", "State", "Valid from", "Valid until"], "rows": [
         ["700100", "Gold card", "Blocked", "1 Jan 2025", "1 Jan 2027, 10:00"], ["700101", "", "Active", "", ""]]}),
    ("status_records", [{"status_id": "st1", "valid_from": "2025-01-01", "valid_to": None}, {"status_id": "st9"}],
     {"columns": ["Level", "Valid from", "Valid until"], "rows": [["Gold", "1 Jan 2025", ""], ["st9", "", ""]]}),
    ("point_history", [{"point_history_record_time": "2026-03-04T05:06:07", "point_operation_note": "Purchase",
                        "point_operation_type": "purchase", "point_amount": 12.25},
                       {"point_operation_type": "bonus", "point_amount": -3,
                        "point_history_record_time": "2026-03-04T05:06:07Z"}],  # UTC: 6:06 in Prague
     {"columns": ["Date", "Transaction", "Points"], "rows": [
         ["4 Mar 2026, 05:06", "Purchase", "12.25"], ["4 Mar 2026, 06:06", "bonus", "-3"]]}),
    ("credits", [{"credit_type_id": "ct1", "currency_id": "czk", "assigned_credits": 500, "available_credits": 286.5,
                  "valid_to": "2026-12-27 23:59:59"}, {"credit_type_id": "ct9"}, "junk"],
     {"columns": ["Credit", "Currency", "Added", "Left", "Valid until"], "rows": [
         ["Gift credit", "CZK", "500", "286.50", "27 Dec 2026, 23:59"], ["ct9", "", "", "", ""]]}),
    ("credit_history", [{"credit_history_record_time": "2026-12-05 10:15:00",
                         "credit_operation_note": "Two cappuccinos", "amount": -64, "currency_id": "czk"},
                        {"credit_operation_type": "Credits added", "amount": 20}],
     {"columns": ["Date", "Transaction", "Amount"], "rows": [
         ["5 Dec 2026, 10:15", "Two cappuccinos", "-64 CZK"], ["", "Credits added", "20"]]}),
    ("vouchers", [{"code": "V1", "reward": {"name": "Coffee"}, "valid_to": "2026-12-01",
                   "applied_date": "2026-11-02T08:00:00"}, {"code": "V2", "reward": "x"}],
     {"columns": ["Code", "Reward", "Valid until", "Used"], "rows": [
         ["V1", "Coffee", "1 Dec 2026", "2 Nov 2026, 08:00"], ["V2", "", "", ""]]}),
    ("rewards", [{"name": "Mug", "code": "R1", "points_cost": 500}, {"code": "R2", "points_cost": "1200"}],
     {"columns": ["Reward", "Points"], "rows": [["Mug", "500"], ["R2", "1,200"]]}),
    ("interests", [{"interest_id": "i1", "last_change": "2026-02-03"}, {"interest_id": "i9"}],
     {"columns": ["Interest", "Added"], "rows": [["Coffee", "3 Feb 2026"], ["i9", ""]]}),
    ("properties", [{"property_name": "Shoe size", "property_id": "p1", "property_value": 42.5},
                    {"property_id": "p2", "property_value": True}, {"property_id": "p3", "property_value": False},
                    {"property_name": "Pets", "property_value": [{"name": "Dog", "id": "d"}, {"id": "cat"}, "fish"]},
                    {"property_name": "Note", "property_value": None}, {"property_name": "Size", "property_value": 7}],
     {"columns": ["Detail", "Value"], "rows": [
         ["Shoe size", "42.50"], ["p2", "Yes"], ["p3", "No"], ["Pets", "Dog, cat, fish"], ["Note", ""],
         ["Size", "7"]]}),
    ("purchases", [{"payment_time": "2026-05-06T07:08:09", "external_purchase_id": "R-1", "store_id": "s1",
                    "total_price": 199.9, "purchase_items": [
                        {"product_name": "Coffee", "product_id": "P1", "amount": 2}, {"product_id": "P2", "amount": 1},
                        {"product_name": "Tea"}, {"product_name": "Milk", "amount": 0.5}]},
                   {"store_id": "s9"}],
     {"columns": ["Date", "Receipt", "Store", "Total", "Items"], "rows": [
         ["6 May 2026, 07:08", "R-1", "Brno Centrum", "199.90", "2× Coffee; P2; Tea; 0.50× Milk"],
         ["", "", "", "", ""]]}),
    ("addresses", [{"address_type": "1", "address": {"address1": "Masarykova 1", "city": "Brno"}},
                   {"address_type": "9", "address": "junk"}],
     {"columns": ["Type", "Address"], "rows": [["Home", "Masarykova 1, Brno"], ["", ""]]}),
    ("stamp_cards", [{"stamper_campaign_id": "sc1", "stamper_card_order": 2, "is_filled_up": False,
                      "created_at": "2026-05-06 07:08:09", "stamps": [{"state": 1}, {"state": 0}, {}, "junk"]},
                     {"stamper_campaign_id": "sc9", "is_filled_up": True}],
     {"columns": ["Campaign", "Card", "Stamps", "Full", "Started"], "rows": [
         ["Coffee card", "2", "2", "No", "6 May 2026, 07:08"], ["sc9", "", "0", "Yes", ""]]}),
    ("messages", [{"send_time": "2026-05-06 07:08:09", "communication_channel_id": 2, "title": "Hello <b>",
                   "opened_time": "2026-05-07 10:00:00"}, {"communication_channel_id": 9}],
     {"columns": ["Sent", "Channel", "Subject", "Opened"], "rows": [
         ["6 May 2026, 07:08", "Text message", "Hello <b>", "7 May 2026, 10:00"], ["", "", "", ""]]}),
    ("unknown", [{"a": 1}], {}),
]


@pytest.mark.parametrize(("key", "value", "expected"), SECTIONS, ids=[f"{s[0]}-{i}" for i, s in enumerate(SECTIONS)])
def test_each_section_reads_as_a_customer_expects(key, value, expected):
    with translation.override("en"):
        assert readable_section(key, value, NAMES) == expected


def test_numbers_and_dates_follow_the_language():
    with translation.override("cs"):
        points = readable_section("points", SECTIONS[4][1], NAMES)
        customer = readable_section("customer", CUSTOMER, NAMES)
    assert points["pairs"][0] == ("K dispozici", "1\xa0630,50")
    assert ("Datum narození", "12.04.1990") in customer["pairs"]


@pytest.mark.parametrize(("key", "value", "expected"), [
    ("customer", {"customer_id": "8a1", "personal_information": {"first_name": "Jan", "gender": 7}},
     {"pairs": [("Account ID in CareCloud", "8a1"), ("Name", "Jan")]}),
    ("consents", [{"agreement_sms": 7, "agreement_email": 1}],
     {"columns": ["Consent", "Value", "Changed"], "rows": [["sms", "Not given", ""], ["email", "Given", ""]]}),
    ("addresses", [{"address_type": "1", "address": {"address1": "Masarykova 1", "city": "Brno"}}],
     {"columns": ["Type", "Address"], "rows": [["", "Masarykova 1, Brno"]]}),
    ("cards", [{"card_number": "700100", "card_type_id": "t1", "state": 1}],
     {"columns": ["Card number", "Type", "State", "Valid from", "Valid until"],
      "rows": [["700100", "", "Active", "", ""]]}),
    ("status_records", [{"status_id": "st1", "valid_from": "2025-01-01"}],
     {"columns": ["Level", "Valid from", "Valid until"], "rows": [["st1", "1 Jan 2025", ""]]}),
    ("interests", [{"interest_id": "i7", "last_change": "2025-01-01"}],
     {"columns": ["Interest", "Added"], "rows": [["i7", "1 Jan 2025"]]}),
])
def test_a_section_without_reference_names_or_with_unknown_codes_still_reads(key, value, expected):
    with translation.override("en"):
        assert readable_section(key, value, {}) == expected


class StoppingExport:
    """A DataExport whose reads give the profile, then fail with ``error``."""

    def __init__(self, error):
        self.error = error
        self.started = timezone.now()
        self.cancelled = False

    def sections(self):
        yield "customer", {"customer_id": "8a1"}
        raise self.error

    def cancel(self):
        self.cancelled = True


def closing_line(error) -> tuple[str, bool]:
    export = StoppingExport(error)
    chunks = list(printable_sections(data_export=export, names={}, language="en"))
    assert len(chunks) == 2 and "8a1" in chunks[0]
    return " ".join(chunks[-1].split()), export.cancelled


def test_a_page_that_stopped_says_which_section_it_could_not_read():
    line, cancelled = closing_line(ExportIncomplete("cards", ServerError(500)))
    assert cancelled is True
    assert "This page is incomplete." in line
    assert "We could not read “Cards” and the parts after it. Please try again in a few minutes." in line


@pytest.mark.parametrize("error", [ServerError(500), AuthenticationError(401)], ids=["failure", "expired"])
def test_a_page_stopped_by_a_failure_of_no_section_names_none(error):
    line, _cancelled = closing_line(error)
    assert "This page is incomplete." in line and "We could not read" not in line
    assert ("Your session has expired." in line) is isinstance(error, AuthenticationError)
