"""A reward shaped for the templates: every optional or nullable field of the spec may be
missing (a reward with only an id and a name shapes every field empty), only web URLs reach a
page, and the progress of the balance to its cost."""

import pytest
from django.utils import translation

from portal.rewards import shaping


def test_a_minimal_reward_record_shapes_without_errors():
    assert shaping.shape_reward({}) is None
    reward = shaping.shape_reward({"reward_id": "r1", "code": "C", "name": None, "image_urls": None, "tags": None,
                                   "store_list": None, "points_cost": None, "reward_group": None})
    assert reward["name"] == "C" and reward["image_url"] == "" and reward["points_cost"] is None


def test_unsafe_urls_from_carecloud_are_dropped():
    reward = shaping.shape_reward({"reward_id": "r", "name": "n", "image_urls": ["javascript:alert(1)", "https://x/a.jpg"],
                                "reward_external_url": "javascript:alert(1)"})
    assert reward["image_url"] == "https://x/a.jpg" and reward["external_url"] == ""


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


@pytest.mark.parametrize("reward_id, has_url", [("r_1-A", True), ("x" * 64, True), ("x" * 65, False), ("a/b", False),
                                                ("", False), (None, False), (5, False)])
def test_a_reward_links_to_its_page_only_with_an_id_the_url_can_carry(reward_id, has_url):
    assert bool(shaping.reward_page_url(reward_id)) is has_url


def test_a_reward_with_only_an_id_and_a_name_shapes_every_field_empty():
    with translation.override("en"):
        assert shaping.shape_reward({"reward_id": "r1", "name": "Croissant"}) == {
            "reward_id": "r1", "detail_url": "/en/rewards/r1/", "code": "", "name": "Croissant", "subtitle": "",
            "note": "", "points_cost": None, "image_url": "", "image_urls": [], "group_label": "",
            "valid_time_from": "", "valid_time_to": "", "is_automated": False, "external_url": "", "tags": [],
            "stores": [], "redeem_url": "",
        }


PERCENT_TYPE = "4a86ef3cc662c4e732bea3bb1d"


@pytest.mark.parametrize("types, reward, unit", [
    ([PERCENT_TYPE], {"reward_type_id": PERCENT_TYPE}, "percent"),
    ([" " + PERCENT_TYPE], {"reward_type_id": PERCENT_TYPE}, "percent"),  # "a, b" in the environment
    (["other", PERCENT_TYPE], {"reward_type_id": PERCENT_TYPE}, "percent"),
    ([PERCENT_TYPE], {"reward_type_id": "edc0f7908fd651f44f8b4e4a49"}, "money"),  # another type
    ([PERCENT_TYPE], {"reward_id": "r1"}, "money"),  # a reward that names no type
    ([PERCENT_TYPE], {"reward_type_id": None}, "money"),
    ([PERCENT_TYPE], {"reward_type_id": 4}, "money"),
    ([PERCENT_TYPE], None, "money"),  # a voucher without its reward
    ([PERCENT_TYPE], "x", "money"),
    ([], {"reward_type_id": PERCENT_TYPE}, "money"),  # the default: every value is money
])
def test_a_vouchers_value_is_a_percentage_only_for_the_reward_types_the_project_names(settings, types, reward, unit):
    settings.PORTAL_PERCENT_REWARD_TYPES = types
    assert shaping.voucher_value_unit(reward) == unit
