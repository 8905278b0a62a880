"""Customer property answers on their way to CareCloud and back, without CareCloud: a chosen
item goes as the item CareCloud gave (or as its bare id when the definition no longer lists it),
a first answer to a question never answered before counts as a change for every data type, names
in a regional language variant, and stored answers read as they were meant (a "true" text is
yes; a list of odd entries is shown read-only; an item stored with more than its name)."""

from datetime import date, datetime

import pytest
from django.utils import translation

from portal.loyalty import properties


def definition(data_type, items=()):
    return properties.definitions([{"property_id": "p1", "name": "Question", "data_type": data_type,
                                    "state": 1, "items": list(items)}])[0]


ITEMS = [{"id": "morning", "name": "Morning", "state": 1}, {"id": "evening", "name": "Evening", "state": 1}]


@pytest.mark.parametrize(("data_type", "value", "wire"), [
    ("enum", "evening", [{"id": "evening", "name": "Evening", "state": 1}]),
    ("enum", "gone", [{"id": "gone"}]),
    ("multiselect", ["morning", "gone"], [{"id": "morning", "name": "Morning", "state": 1}, {"id": "gone"}]),
    ("multiselect", [], []),
])
def test_chosen_items_go_as_carecloud_gave_them(data_type, value, wire):
    assert properties.to_wire(definition(data_type, ITEMS), value) == wire


@pytest.mark.parametrize(("data_type", "answer"), [
    ("string", "tea"), ("integer", 3), ("boolean", False), ("date", date(2026, 1, 2)),
    ("timestamp", datetime(2026, 1, 2, 10, 30)), ("enum", "evening"), ("multiselect", ["morning"]),
])
@pytest.mark.parametrize("empty", [None, "", []], ids=["none", "blank", "no-items"])
def test_a_first_answer_or_a_removed_one_is_a_change(data_type, answer, empty):
    question = definition(data_type, ITEMS)
    assert properties.same(question, empty, answer) is False
    assert properties.same(question, answer, empty) is False
    assert properties.same(question, empty, None) is True
    assert properties.same(question, answer, answer) is True


def test_a_question_without_a_name_is_called_by_its_id():
    [question] = properties.definitions([{"property_id": "shoe_size", "data_type": "integer"}])
    assert (question.name, question.description) == ("shoe_size", "")


@pytest.mark.parametrize(("raw", "value"), [
    (True, True), ("true", True), ("TRUE", True), ("1", True), (1, True),
    (False, False), ("false", False), ("0", False), (0, False),
])
def test_a_stored_yes_or_no_is_read_in_any_spelling(raw, value):
    assert properties.from_wire(definition("boolean"), raw) is value


@pytest.mark.parametrize("raw", [["evening"], [{"id": "evening"}, 7], "evening", [{"name": "Evening"}]])
def test_a_choice_stored_oddly_is_shown_read_only(raw):
    with pytest.raises(properties.OddValue):
        properties.from_wire(definition("multiselect", ITEMS), raw)
    with translation.override("en"):
        assert properties.display(definition("multiselect", ITEMS), raw) == properties.display(None, raw)


@pytest.mark.parametrize(("raw", "shown"), [
    ({"id": "d", "name": "Dog", "resource_record_id": None}, "Dog"),
    ({"name": "Dog"}, "Dog"),
    ({"name": "Dog", "size": "big"}, "name: Dog, size: big"),
    ([{"id": "d", "name": "Dog", "state": 1}, {"id": "c", "name": {"en": "Cat"}, "state": 1}], "Dog, Cat"),
])
def test_a_stored_item_of_an_unknown_type_reads_as_its_name(raw, shown):
    with translation.override("en"):
        assert properties.display(None, raw) == shown
