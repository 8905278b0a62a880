"""Shaping CareCloud records, value by value: a timestamp that is no text is no date (not an
error), and a reward's whole shape when CareCloud leaves its optional fields out."""

from django.utils import translation

from portal.loyalty import shaping


def test_a_reward_with_only_an_id_and_a_name_shapes_every_field_empty():
    with translation.override("en"):
        assert shaping.shape_reward({"reward_id": "r1", "name": "Croissant"}) == {
            "reward_id": "r1", "detail_url": "/en/rewards/r1/", "code": "", "name": "Croissant", "subtitle": "",
            "note": "", "points_cost": None, "image_url": "", "image_urls": [], "group_label": "",
            "valid_time_from": "", "valid_time_to": "", "is_automated": False, "external_url": "", "tags": [],
            "stores": [], "redeem_url": "",
        }
