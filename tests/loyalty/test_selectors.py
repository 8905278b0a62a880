"""Shaping CareCloud records: every optional or nullable field of the spec may be missing."""

from django.utils import translation

from portal.loyalty import selectors


def test_legacy_agreement_structure_is_labelled():
    rows = selectors._consents({"agreement": {"agreement_gtc": 1, "agreement_profiling": 0}}, token="unused")
    with translation.override("en"):
        assert [(str(r["name"]), str(r["label"])) for r in rows] == [
            ("Processing of personal data", "Given"), ("Profiling", "Withdrawn")]


