"""Shaping CareCloud records: every optional or nullable field of the spec may be missing."""

import pytest
from django.utils import translation

from portal.loyalty import selectors, shaping


def test_minimal_records_shape_without_errors():
    assert shaping.shape_reward({}) is None
    reward = shaping.shape_reward({"reward_id": "r1", "code": "C", "name": None, "image_urls": None, "tags": None,
                                "store_list": None, "points_cost": None, "reward_group": None})
    assert reward["name"] == "C" and reward["image_url"] == "" and reward["points_cost"] is None
    voucher = selectors._voucher({})
    assert voucher["code"] == "" and voucher["reward"] is None and voucher["valid_to"] is None
    card = selectors._card({"card_number": 123, "state": 1}, {})
    assert card["number"] == "123" and card["is_usable"] and card["type_name"] == ""
    assert selectors._card({"card_number": "1", "state": 0}, {})["is_blocked"]


def test_unsafe_urls_from_carecloud_are_dropped():
    reward = shaping.shape_reward({"reward_id": "r", "name": "n", "image_urls": ["javascript:alert(1)", "https://x/a.jpg"],
                                "reward_external_url": "javascript:alert(1)"})
    assert reward["image_url"] == "https://x/a.jpg" and reward["external_url"] == ""


@pytest.mark.parametrize("raw, expected", [("2026-01-02 03:04:05", (2026, 1, 2, 3)),
                                           ("2026-01-02T03:04:05", (2026, 1, 2, 3)), ("", None), (None, None),
                                           ("garbage", None), ("2026-13-45 99:00:00", None)])
def test_timestamps(raw, expected):
    value = shaping.to_datetime(raw)
    assert (value.year, value.month, value.day, value.hour) == expected if expected else value is None


def test_labels_for_codes():
    with translation.override("en"):
        assert str(shaping.GENDERS[2]) == "Female"
        assert [str(shaping.CONSENT_VALUES[v]) for v in (1, 0, 2)] == ["Given", "Withdrawn", "Not set"]


def test_legacy_agreement_structure_is_labelled():
    rows = selectors._consents({"agreement": {"agreement_gtc": 1, "agreement_profiling": 0}}, token="unused")
    with translation.override("en"):
        assert [(str(r["name"]), str(r["label"])) for r in rows] == [
            ("Processing of personal data", "Given"), ("Profiling", "Withdrawn")]


@pytest.mark.parametrize("raw, expected", [("3", 3), (None, 1), ("x", 1), ("0", 1), ("-4", 1), ("10001", 1)])
def test_page_number(raw, expected):
    assert shaping.page_number(raw) == expected


def test_pagination():
    pagination = shaping.Pagination(number=2, size=10, total=22)
    assert (pagination.pages, pagination.offset, pagination.has_next, pagination.has_previous) == (3, 10, True, True)
    assert not shaping.Pagination(number=1, size=10, total=0).is_paginated


def test_concurrent_reads_run_in_the_callers_language_and_raise_in_the_caller():
    import threading

    import pytest
    from django.utils import translation

    from portal.carecloud.reads import concurrently

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
    reward = shaping.with_progress(shaping.shape_reward({"reward_id": "r", "points_cost": cost}), balance)
    assert {key: reward[key] for key in expected} == expected


@pytest.mark.parametrize("cost, balance", [(None, 100), (0, 100), (150, None)])
def test_a_reward_without_a_cost_or_a_balance_has_no_progress(cost, balance):
    reward = shaping.with_progress(shaping.shape_reward({"reward_id": "r", "points_cost": cost}), balance)
    assert "progress" not in reward and "affordable" not in reward
    assert shaping.with_progress(None, balance) is None


def test_a_full_reward_record_is_shaped_for_the_templates():
    with translation.override("en"):
        reward = _full_reward()
        reward["group_label"] = str(reward["group_label"])
    assert reward == {
        "reward_id": "r_1", "detail_url": "/en/rewards/r_1/", "code": "C", "name": "Name", "subtitle": "Sub",
        "note": "Note", "points_cost": 150, "image_url": "https://x/b.png",
        "image_urls": ["https://x/b.png", "http://x/c.png"], "group_label": "Personal reward",
        "valid_time_from": "14:00", "valid_time_to": "16:30", "is_automated": True,
        "external_url": "https://shop.example/r", "tags": ["Coffee"], "stores": ["Vinohrady"],
        "redeem_url": "",  # a personal reward applied at the till is not exchanged for points here
    }


def test_a_catalogue_reward_for_points_can_be_redeemed_from_its_own_page():
    with translation.override("en"):
        reward = shaping.shape_reward({"reward_id": "r_2", "name": "Cake", "points_cost": 250, "reward_group": 1,
                                    "is_automated": False})
    assert reward["redeem_url"] == "/en/rewards/r_2/redeem/"


def _full_reward():
    return shaping.shape_reward({
        "reward_id": "r_1", "code": "C", "name": "Name", "subtitle": "Sub", "note": "Note", "points_cost": "150.0",
        "image_urls": ["ftp://x/a.png", " https://x/b.png ", "http://x/c.png"], "reward_group": 4,
        "valid_time_from": "14:00:00", "valid_time_to": "16:30:59", "is_automated": 1,
        "reward_external_url": "https://shop.example/r", "tags": [{"name": "Coffee"}, {"name": ""}, "x", {}],
        "store_list": [{"name": "Vinohrady"}, {"store_id": "s"}, None],
    })


def test_a_reward_of_an_unknown_group_or_with_a_group_that_is_no_number_has_no_label():
    assert shaping.shape_reward({"reward_id": "r", "reward_group": 3})["group_label"] == ""
    assert shaping.shape_reward({"reward_id": "r", "reward_group": "1"})["group_label"] == ""
    assert shaping.shape_reward(None) is None and shaping.shape_reward(["r"]) is None


@pytest.mark.parametrize("voucher, tab, state", [
    ({"applied_date": "2025-01-01 10:00:00"}, "valid", "applied"),
    ({}, "applied", "applied"),
    ({"valid_to": "2021-01-01 00:00:00"}, "valid", "expired"),
    ({"valid_from": "2999-01-01 00:00:00"}, "expired", "upcoming"),
    ({"valid_from": "2020-01-01 00:00:00", "valid_to": "2999-01-01 00:00:00"}, "valid", "valid"),
    ({}, "valid", "valid"),
    ({}, "expired", "expired"),  # no dates: the tab it was asked for decides
    ({}, "upcoming", "expired"),
])
def test_a_vouchers_state_comes_from_its_dates(voucher, tab, state):
    shaped = selectors._voucher({"code": "ABC", "value": "59", **voucher}, tab)
    assert shaped["state"] == state
    assert shaped["state_label"] == selectors.VoucherState.LABELS[state]
    assert (shaped["code"], shaped["value"]) == ("ABC", 59)


@pytest.mark.parametrize("raw, number", [(5, 5), (5.0, 5), ("86.5", 86.5), ("-3", -3), (0, 0), (None, None),
                                         (True, None), ("x", None), ([], None)])
def test_numbers(raw, number):
    value = selectors.to_number(raw)
    assert value == number and type(value) is type(number)


@pytest.mark.parametrize("raw, expected", [("1990-05-17", (1990, 5, 17)), (" 1990-05-17 10:00:00", (1990, 5, 17)),
                                           ("1990-05-17 10:00:00", (1990, 5, 17)), ("1990-13-40", None), ("", None),
                                           (19900517, None)])
def test_dates(raw, expected):
    value = selectors.to_date(raw)
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


@pytest.mark.parametrize("reward_id, has_url", [("r_1-A", True), ("x" * 64, True), ("x" * 65, False), ("a/b", False),
                                                ("", False), (None, False), (5, False)])
def test_a_reward_links_to_its_page_only_with_an_id_the_url_can_carry(reward_id, has_url):
    assert bool(shaping.reward_page_url(reward_id)) is has_url


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


def test_a_full_voucher_record_is_shaped_for_the_templates():
    voucher = selectors._voucher({
        "voucher_id": "v1", "code": 1234, "value": 59.0, "valid_from": "2020-01-01 00:00:00",
        "valid_to": "2999-01-01 00:00:00", "applied_date": None, "note": "For your birthday",
        "reward": {"reward_id": "r1", "name": "Cake"},
    }, "valid")
    assert voucher["voucher_id"] == "v1" and voucher["code"] == "1234" and voucher["value"] == 59
    assert (voucher["valid_from"], voucher["valid_to"]) == (shaping.to_datetime("2020-01-01 00:00:00"),
                                                            shaping.to_datetime("2999-01-01 00:00:00"))
    assert voucher["applied_date"] is None and voucher["note"] == "For your birthday"
    assert voucher["reward"]["name"] == "Cake" and voucher["state"] == "valid"
    assert selectors._voucher({"note": None, "voucher_id": None})["note"] == ""



def test_a_full_card_record_is_shaped_for_the_templates():
    card = selectors._card({"card_id": "c1", "card_number": 2001900627, "secondary_card_number": "S-1",
                            "card_type_id": 7, "valid_from": "2020-01-01 00:00:00", "valid_to": "2999-01-01 00:00:00",
                            "state": 1}, {"7": "Club card"})
    assert {k: card[k] for k in ("card_id", "number", "secondary_number", "type_name", "valid_from", "valid_to",
                                 "is_blocked")} == {
        "card_id": "c1", "number": "2001900627", "secondary_number": "S-1", "type_name": "Club card",
        "valid_from": shaping.to_datetime("2020-01-01 00:00:00"),
        "valid_to": shaping.to_datetime("2999-01-01 00:00:00"), "is_blocked": False}
    empty = selectors._card({"card_number": None, "secondary_card_number": None}, {})
    assert (empty["card_id"], empty["number"], empty["secondary_number"]) == ("", "", "")
