"""The printable export's odd corners, without CareCloud: codes the programme does not know (an
unknown gender, an agreement value outside 0-2), reference lists that could not be named (no
store, card type, level or address type names at all), and the closing line of a page that
stopped part way, which names the section it could not read."""

import pytest
from django.utils import timezone, translation

from portal.carecloud.exceptions import AuthenticationError, ServerError
from portal.loyalty.export import ExportIncomplete
from portal.loyalty.export_readable import printable_sections, readable_section


@pytest.mark.parametrize(("key", "value", "expected"), [
    ("customer", {"customer_id": "8a1", "personal_information": {"first_name": "Jan", "gender": 7}},
     {"pairs": [("Customer number", "8a1"), ("Name", "Jan")]}),
    ("consents", [{"agreement_sms": 7, "agreement_email": 1}],
     {"columns": ["Consent", "Value", "Changed"], "rows": [["sms", "Not set", ""], ["email", "Given", ""]]}),
    ("addresses", [{"address_type": "1", "address": {"address1": "Masarykova 1", "city": "Brno"}}],
     {"columns": ["Type", "Address"], "rows": [["", "Masarykova 1, Brno"]]}),
    ("cards", [{"card_number": "700100", "card_type_id": "t1", "state": 1}],
     {"columns": ["Card number", "Type", "State", "Valid from", "Valid until"],
      "rows": [["700100", "", "Active", "", ""]]}),
    ("status_records", [{"status_id": "st1", "valid_from": "2025-01-01"}],
     {"columns": ["Level", "Valid from", "Valid until"], "rows": [["st1", "01/01/2025", ""]]}),
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
