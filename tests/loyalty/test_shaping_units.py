"""Shaping CareCloud records, value by value: a timestamp that is no text is no date (not an
error), and a reward's whole shape when CareCloud leaves its optional fields out."""

import pytest
from django.utils import translation

from portal.loyalty import shaping


@pytest.mark.parametrize("raw", [12345, 1.5, True, {"date": "2026-01-02"}, ["2026-01-02 03:04:05"], "", None, 0])
def test_a_timestamp_that_is_no_text_is_no_date(raw):
    assert shaping.to_datetime(raw) is None


def test_a_reward_with_only_an_id_and_a_name_shapes_every_field_empty():
    with translation.override("en"):
        assert shaping.shape_reward({"reward_id": "r1", "name": "Croissant"}) == {
            "reward_id": "r1", "detail_url": "/en/rewards/r1/", "code": "", "name": "Croissant", "subtitle": "",
            "note": "", "points_cost": None, "image_url": "", "image_urls": [], "group_label": "",
            "valid_time_from": "", "valid_time_to": "", "is_automated": False, "external_url": "", "tags": [],
            "stores": [], "redeem_url": "",
        }
