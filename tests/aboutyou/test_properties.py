"""Customer properties between CareCloud's shapes and Python values (pure functions of the
definitions and records; the form built from them: test_forms.py; the live sandbox:
test_properties_edit.py). Without CareCloud: a chosen item goes as the item CareCloud gave (or as
its bare id when the definition no longer lists it), a first answer to a question never answered
before counts as a change for every data type, and stored answers read as they were meant (a
"true" text is yes; a list of odd entries is shown read-only; an item stored with more than its
name)."""

from datetime import date, datetime

import pytest
from django.utils import translation

from portal.aboutyou import properties


def definition(data_type, items=(), required=False, property_id="p1", name="Question"):
    raw = {"property_id": property_id, "name": name, "data_type": data_type, "is_required": required,
           "is_unique": False, "state": 1}
    if items:
        raw["items"] = list(items)
    return properties.definitions([raw])[0]


def item(item_id, name, state=1):
    return {"id": item_id, "name": name, "resource_record_id": None, "state": state}


# --- the questions --------------------------------------------------------------------------------------


def test_deleted_properties_and_items_are_left_out():
    found = properties.definitions([
        {"property_id": "gone", "name": "Gone", "data_type": "string", "state": 0},
        {"name": "No id", "data_type": "string"},
        {"property_id": "colour", "name": "Colour", "data_type": "enum",
         "items": [item("a", "Red"), item("b", "Blue", state=0), item("c", "Green", state=2)]},
    ])
    assert [d.property_id for d in found] == ["colour"]
    assert [(i.id, i.active) for i in found[0].items] == [("a", True), ("c", False)]


# --- values ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("data_type, raw, value, wire", [
    ("string", "Ahoj", "Ahoj", "Ahoj"),
    ("integer", 3.0, 3, 3.0),  # whole numbers go with a decimal point (the spec's oneOf)
    ("integer", 42, 42, 42.0),
    ("float", 649.5, 649.5, 649.5),
    ("boolean", True, True, True),
    ("boolean", "false", False, False),
    ("date", "2015-06-20", date(2015, 6, 20), "2015-06-20"),
    ("timestamp", "2019-04-12 08:30:00", datetime(2019, 4, 12, 8, 30), "2019-04-12 08:30:00"),
    ("timestamp", "2019-04-12T08:30:00", datetime(2019, 4, 12, 8, 30), "2019-04-12 08:30:00"),
])
def test_values_both_ways(data_type, raw, value, wire):
    prop = definition(data_type)
    assert properties.from_wire(prop, raw) == value
    assert properties.to_wire(prop, value) == wire


def test_chosen_items_go_back_as_carecloud_gave_them():
    items = [item("red", "Red"), item("blue", "Blue")]  # ids of more than one character, as CareCloud's are
    single, multi = definition("enum", items), definition("multiselect", items)
    assert properties.from_wire(single, [{"id": "blue", "name": "Blue"}]) == "blue"
    assert properties.from_wire(multi, [{"id": "red"}, {"id": "blue"}]) == ["red", "blue"]
    assert properties.to_wire(single, "blue") == [items[1]]
    assert properties.to_wire(multi, ["red", "blue"]) == items
    assert properties.to_wire(single, "gone") == [{"id": "gone"}]  # an item CareCloud no longer lists


@pytest.mark.parametrize("data_type, raw", [
    ("string", 12.5), ("integer", 2.5), ("integer", True), ("float", "plenty"), ("float", float("inf")),
    ("boolean", "perhaps"), ("date", "20.06.2015"), ("timestamp", "yesterday"), ("enum", "a"),
    ("enum", [{"id": "a"}, {"id": "b"}]), ("multiselect", [{"name": "no id"}]), ("shoe_size", "42"),
])
def test_a_value_that_does_not_fit_its_type_is_odd(data_type, raw):
    with pytest.raises(properties.OddValue):
        properties.from_wire(definition(data_type, [item("a", "A"), item("b", "B")]), raw)


def test_empty_values_are_none():
    for raw in (None, "", []):
        assert properties.from_wire(definition("string"), raw) is None


def test_the_same_answer():
    multi = definition("multiselect", [item("a", "A"), item("b", "B")])
    assert properties.same(multi, ["a", "b"], ["b", "a"])
    assert properties.same(definition("string"), None, "") and not properties.same(definition("string"), None, "x")
    stamp = definition("timestamp")
    assert properties.same(stamp, datetime(2020, 1, 1, 8, 30, 15), datetime(2020, 1, 1, 8, 30))  # the form's minutes
    assert not properties.same(stamp, datetime(2020, 1, 1, 8, 30), datetime(2020, 1, 1, 8, 31))


@pytest.mark.parametrize("language, data_type, raw, shown", [
    ("en", "boolean", True, "Yes"),
    ("cs", "boolean", False, "Ne"),
    ("cs", "float", 1250.75, "1\xa0250,75"),
    ("en", "date", "2015-06-20", "20 Jun 2015"),  # British style
    ("cs", "date", "2015-06-20", "20. června 2015"),
    ("en", "enum", [{"id": "a"}], "Red"),
    ("en", "shoe_size", '{"eu": 42, "uk": 8}', "eu: 42, uk: 8"),  # a type the portal does not know
    ("en", "integer", "many", "many"),  # an odd value: as it is
])
def test_values_as_the_customer_reads_them(language, data_type, raw, shown):
    with translation.override(language):
        assert properties.display(definition(data_type, [item("a", "Red")]), raw) == shown


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
