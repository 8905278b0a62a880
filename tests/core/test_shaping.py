"""Shaping CareCloud's values for the pages: every optional or nullable field of the spec may be
missing, and a value of the wrong type is nothing, not an error."""

import pytest
from django.utils import translation

from portal.core import shaping


@pytest.mark.parametrize("raw, expected", [("2026-01-02 03:04:05", (2026, 1, 2, 3)),
                                           ("2026-01-02T03:04:05", (2026, 1, 2, 3)), ("", None), (None, None),
                                           ("garbage", None), ("2026-13-45 99:00:00", None)])
def test_timestamps(raw, expected):
    value = shaping.to_datetime(raw)
    assert (value.year, value.month, value.day, value.hour) == expected if expected else value is None


def test_labels_for_codes():
    with translation.override("en"):
        assert str(shaping.GENDERS[2]) == "Female"
        assert [str(shaping.CONSENT_VALUES[v]) for v in (1, 0, 2)] == ["Given", "Withdrawn", "Not given"]


@pytest.mark.parametrize("raw, expected", [("3", 3), (None, 1), ("x", 1), ("0", 1), ("-4", 1), ("10001", 1)])
def test_page_number(raw, expected):
    assert shaping.page_number(raw) == expected


def test_pagination():
    pagination = shaping.Pagination(number=2, size=10, total=22)
    assert (pagination.pages, pagination.offset, pagination.has_next, pagination.has_previous) == (3, 10, True, True)
    assert not shaping.Pagination(number=1, size=10, total=0).is_paginated


@pytest.mark.parametrize("raw, number", [(5, 5), (5.0, 5), ("86.5", 86.5), ("-3", -3), (0, 0), (None, None),
                                         (True, None), ("x", None), ([], None)])
def test_numbers(raw, number):
    value = shaping.to_number(raw)
    assert value == number and type(value) is type(number)


@pytest.mark.parametrize("raw, expected", [("1990-05-17", (1990, 5, 17)), (" 1990-05-17 10:00:00", (1990, 5, 17)),
                                           ("1990-05-17 10:00:00", (1990, 5, 17)), ("1990-13-40", None), ("", None),
                                           (19900517, None)])
def test_dates(raw, expected):
    value = shaping.to_date(raw)
    assert ((value.year, value.month, value.day) if value else None) == expected


def test_a_naive_timestamp_is_local_time_and_an_aware_one_keeps_its_zone():
    naive = shaping.to_datetime("2026-01-02 03:04:05")
    assert naive.tzinfo is not None and naive.utcoffset().total_seconds() == 3600  # Europe/Prague in winter
    aware = shaping.to_datetime(" 2026-01-02T03:04:05+00:00 ")
    assert aware.utcoffset().total_seconds() == 0


@pytest.mark.parametrize("url, safe", [("https://x/a", "https://x/a"), (" HTTP://x/a ", "HTTP://x/a"),
                                       ("javascript:alert(1)", ""), ("//x/a", ""), (None, ""), (5, "")])
def test_only_web_urls_from_carecloud_reach_a_page(url, safe):
    assert shaping.https_url(url) == safe


@pytest.mark.parametrize("address, lines", [
    ({"address1": "Vinohradská", "address2": "1511", "address3": "230", "zip": "13000", "city": "Praha 3"},
     ["Vinohradská 1511/230", "13000 Praha 3"]),
    ({"address1": "Dlouhá", "address3": "7", "address4": "Building B", "address7": "3rd floor", "city": "Brno"},
     ["Dlouhá 7", "Building B", "3rd floor", "Brno"]),
    ({"address5": "c/o Novák", "address6": "PO Box 12", "zip": 60200}, ["c/o Novák", "PO Box 12", "60200"]),
    ({"address2": "12", "zip": "60200"}, ["12", "60200"]),
    ({}, []),
])
def test_address_lines(address, lines):
    assert shaping.address_lines(address) == lines


def test_page_numbers_at_the_edges():
    assert [shaping.page_number(v) for v in ("1", "10000", "10001", " 2", 3.0)] == [1, 10000, 1, 2, 1]


@pytest.mark.parametrize("raw", [12345, 1.5, True, {"date": "2026-01-02"}, ["2026-01-02 03:04:05"], "", None, 0])
def test_a_timestamp_that_is_no_text_is_no_date(raw):
    assert shaping.to_datetime(raw) is None


@pytest.mark.parametrize("value, language, expected", [
    ("Evening", "cs", "Evening"),
    ('{"en":"evening","cz":"vecer"}', "cs", "vecer"),  # the spec's example, with its "cz"
    ('{"en":"evening","cz":"vecer"}', "en", "evening"),
    ({"cs": "Večer", "en": "Evening"}, "cs", "Večer"),
    ({"de": "Abend", "en": "Evening"}, "cs", "Evening"),  # no Czech: English
    ({"de": "Abend"}, "cs", "Abend"),  # neither: any
    ('{"de": "Abend"', "cs", '{"de": "Abend"'),  # not JSON after all: as it is
    (None, "cs", ""),
])
def test_a_name_is_picked_in_the_active_language(value, language, expected, settings):
    settings.LANGUAGE_CODE = "cs"
    with translation.override(language):
        assert shaping.localized(value) == expected


def test_the_projects_default_language_comes_before_english(settings):
    settings.LANGUAGE_CODE = "cs"
    with translation.override("de"):
        assert shaping.localized({"en": "Evening", "cs": "Večer"}) == "Večer"


@pytest.mark.parametrize("language", ["en-US", "en-gb", "EN"])
def test_a_regional_variant_of_a_language_reads_its_names(language, settings):
    settings.LANGUAGE_CODE = "cs"
    assert shaping.localized({"cs": "Večer", "en": "Evening"}, language) == "Evening"


@pytest.mark.parametrize("value, currency, language, expected", [
    (59, None, "cs", "59\xa0Kč"), (86.5, None, "cs", "86,50\xa0Kč"), (1289, None, "cs", "1\xa0289\xa0Kč"),
    (59, None, "en", "CZK\xa059"), (86.5, None, "en", "CZK\xa086.50"), (1289, "eur", "en", "€1,289"),
    (59, "EUR", "cs", "59\xa0€"), (None, None, "en", ""), ("x", None, "en", ""), (5, "XYZ", "en", "XYZ\xa05"),
    (59, "USD", "en", "US$59"), (59, "XOF", "en", "F\u202fCFA\xa059"),  # a symbol ending in a letter: apart
])
def test_money_carries_its_currency_in_the_languages_style(value, currency, language, expected, settings):
    from portal.core.shaping import money

    settings.PORTAL_CURRENCY = "CZK"
    with translation.override(language):
        assert money(value, currency) == expected


@pytest.mark.parametrize("value, language, expected", [
    (15, "cs", "15\xa0%"), (15, "en", "15%"), (15.0, "cs", "15\xa0%"), ("15", "en", "15%"),
    (12.5, "cs", "12,5\xa0%"), (12.5, "en", "12.5%"), (33.333, "en", "33.33%"), (0.5, "cs", "0,5\xa0%"),
    (100, "en", "100%"), (1250, "cs", "1\xa0250\xa0%"), (1250, "en", "1,250%"), (0, "en", "0%"),
    (None, "cs", ""), ("x", "en", ""), (True, "en", ""),
])
def test_a_percentage_is_written_in_the_languages_style(value, language, expected):
    from portal.core.shaping import percent

    with translation.override(language):
        assert percent(value) == expected


def test_the_percent_filter_formats_in_the_pages_language():
    from django.template import Context, Template

    template = Template("{% load formats %}{{ value|percent }}")
    with translation.override("cs"):
        assert template.render(Context({"value": 15})) == "15\xa0%"


@pytest.mark.parametrize("stored, shown", [
    ("420777123456", "+420 777 123 456"), ("+420 777123456", "+420 777 123 456"),
    ("421905123456", "+421 905 123 456"), ("447911123456", "+44 7911 123456"),
    ("12", "+12"), ("", ""), (None, ""), ("+abc", "+abc"),
])
def test_a_phone_number_is_grouped_for_reading(stored, shown):
    from portal.core.shaping import readable_phone

    assert readable_phone(stored) == shown


@pytest.mark.parametrize("language, expected", [
    ("en", ("19 Dec 2026", "19 Dec 2026", "19 Dec 2026, 14:05")),
    ("cs", ("19. prosince 2026", "19.12.2026", "19.12.2026 14:05")),
])
def test_one_date_style_per_language_english_in_the_british_style(language, expected):
    from datetime import datetime

    from django.utils.formats import date_format

    moment = datetime(2026, 12, 19, 14, 5)
    with translation.override(language):
        assert tuple(date_format(moment, name) for name in ("DATE_FORMAT", "SHORT_DATE_FORMAT",
                                                              "SHORT_DATETIME_FORMAT")) == expected
