"""Shaping CareCloud records: every optional or nullable field of the spec may be missing."""

import pytest
from django.utils import translation

from portal.loyalty import selectors


def test_minimal_records_shape_without_errors():
    assert selectors._reward({}) is None
    reward = selectors._reward({"reward_id": "r1", "code": "C", "name": None, "image_urls": None, "tags": None,
                                "store_list": None, "points_cost": None, "reward_group": None})
    assert reward["name"] == "C" and reward["image_url"] == "" and reward["points_cost"] is None
    voucher = selectors._voucher({})
    assert voucher["code"] == "" and voucher["reward"] is None and voucher["valid_to"] is None
    card = selectors._card({"card_number": 123, "state": 1}, {})
    assert card["number"] == "123" and card["is_usable"] and card["type_name"] == ""
    assert selectors._card({"card_number": "1", "state": 0}, {})["is_blocked"]


def test_unsafe_urls_from_carecloud_are_dropped():
    reward = selectors._reward({"reward_id": "r", "name": "n", "image_urls": ["javascript:alert(1)", "https://x/a.jpg"],
                                "reward_external_url": "javascript:alert(1)"})
    assert reward["image_url"] == "https://x/a.jpg" and reward["external_url"] == ""


@pytest.mark.parametrize("raw, expected", [("2026-01-02 03:04:05", (2026, 1, 2, 3)), ("2026-01-02T03:04:05", (2026, 1, 2, 3)),
                                           ("", None), (None, None), ("garbage", None), ("2026-13-45 99:00:00", None)])
def test_timestamps(raw, expected):
    value = selectors.to_datetime(raw)
    assert (value.year, value.month, value.day, value.hour) == expected if expected else value is None


def test_labels_for_codes():
    with translation.override("en"):
        assert str(selectors.GENDERS[2]) == "Female"
        assert [str(selectors.CONSENT_VALUES[v]) for v in (1, 0, 2)] == ["Given", "Withdrawn", "Not set"]


def test_legacy_agreement_structure_is_labelled():
    rows = selectors._consents({"agreement": {"agreement_gtc": 1, "agreement_profiling": 0}}, token="unused")
    with translation.override("en"):
        assert [(str(r["name"]), str(r["label"])) for r in rows] == [
            ("Processing of personal data", "Given"), ("Profiling", "Withdrawn")]


@pytest.mark.parametrize("raw, expected", [("3", 3), (None, 1), ("x", 1), ("0", 1), ("-4", 1), ("10001", 1)])
def test_page_number(raw, expected):
    assert selectors.page_number(raw) == expected


def test_pagination():
    pagination = selectors.Pagination(number=2, size=10, total=22)
    assert (pagination.pages, pagination.offset, pagination.has_next, pagination.has_previous) == (3, 10, True, True)
    assert not selectors.Pagination(number=1, size=10, total=0).is_paginated


def test_concurrent_reads_run_in_the_callers_language_and_raise_in_the_caller():
    import threading

    import pytest
    from django.utils import translation

    from portal.loyalty.selectors import concurrently

    def boom():
        raise ValueError("read failed")

    with translation.override("cs"):
        result = concurrently(language=translation.get_language, thread=lambda: threading.current_thread().name)
    assert result["language"] == "cs"
    assert result["thread"].startswith("carecloud-read")
    with pytest.raises(ValueError, match="read failed"):
        concurrently(ok=lambda: 1, failing=boom)


@pytest.mark.parametrize("card, expected", [
    ({"valid_from": "2020-01-01 00:00:00", "valid_to": "2999-12-31 23:59:59", "state": 1}, ("Active", True, False)),
    ({"valid_from": "2020-01-01 00:00:00", "valid_to": "2021-01-01 00:00:00", "state": 1}, ("Expired", False, True)),
    ({"valid_from": "2999-01-01 00:00:00", "valid_to": "2999-12-31 23:59:59", "state": 1},
     ("Not valid yet", False, False)),
    ({"valid_to": "2021-01-01 00:00:00", "state": 0}, ("Blocked", False, True)),  # blocked says more than expired
    ({"state": 1}, ("Active", True, False)),  # no dates: no limits
])
def test_a_cards_state_follows_its_validity_dates(card, expected):
    shaped = selectors._card({"card_number": "2001", "card_type_id": "t1", **card}, {"t1": "Club card"})
    with translation.override("en"):
        assert (str(shaped["state_label"]), shaped["is_usable"], shaped["is_expired"]) == expected
    assert shaped["type_name"] == "Club card"


@pytest.mark.parametrize("cost, balance, expected", [
    (200, 50, {"affordable": False, "missing_points": 150, "progress": 25}),
    (200, 200, {"affordable": True, "missing_points": 0, "progress": 100}),
    (200, 500, {"affordable": True, "missing_points": 0, "progress": 100}),  # never past the end
    (3, 1, {"affordable": False, "missing_points": 2, "progress": 33}),
])
def test_a_rewards_progress_compares_its_cost_with_the_balance(cost, balance, expected):
    reward = selectors._with_progress(selectors._reward({"reward_id": "r", "points_cost": cost}), balance)
    assert {key: reward[key] for key in expected} == expected


@pytest.mark.parametrize("cost, balance", [(None, 100), (0, 100), (150, None)])
def test_a_reward_without_a_cost_or_a_balance_has_no_progress(cost, balance):
    reward = selectors._with_progress(selectors._reward({"reward_id": "r", "points_cost": cost}), balance)
    assert "progress" not in reward and "affordable" not in reward
    assert selectors._with_progress(None, balance) is None
