"""Customer properties between CareCloud's shapes and Python values, and the form built from them
at run time (pure functions of the definitions and records; the live sandbox is in
test_properties_edit.py)."""

from datetime import date, datetime

import pytest
from django import forms
from django.utils import translation

from portal.loyalty import properties
from portal.loyalty.forms import PropertiesForm


def definition(data_type, items=(), required=False, property_id="p1", name="Question"):
    raw = {"property_id": property_id, "name": name, "data_type": data_type, "is_required": required,
           "is_unique": False, "state": 1}
    if items:
        raw["items"] = list(items)
    return properties.definitions([raw])[0]


def item(item_id, name, state=1):
    return {"id": item_id, "name": name, "resource_record_id": None, "state": state}


# --- names in the active language --------------------------------------------------------------------


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
    ("en", "date", "2015-06-20", "June 20, 2015"),
    ("cs", "date", "2015-06-20", "20. června 2015"),
    ("en", "enum", [{"id": "a"}], "Red"),
    ("en", "shoe_size", '{"eu": 42, "uk": 8}', "eu: 42, uk: 8"),  # a type the portal does not know
    ("en", "integer", "many", "many"),  # an odd value: as it is
])
def test_values_as_the_customer_reads_them(language, data_type, raw, shown):
    with translation.override(language):
        assert properties.display(definition(data_type, [item("a", "Red")]), raw) == shown


# --- the form --------------------------------------------------------------------------------------------


def records(**values):
    return [{"property_record_id": f"{pid}:c", "property_id": pid, "property_value": value}
            for pid, value in values.items()]


def test_a_field_per_known_data_type():
    types = ["string", "integer", "float", "boolean", "date", "timestamp", "enum", "multiselect"]
    definitions = [definition(t, [item("a", "A")], property_id=f"p_{t}") for t in types]
    form = PropertiesForm(definitions=definitions, records=[])
    fields = {name.removeprefix("property_p_"): field for name, field in form.fields.items()}
    assert isinstance(fields["string"], forms.CharField)
    assert isinstance(fields["integer"], forms.IntegerField)
    assert isinstance(fields["float"], forms.FloatField) and fields["float"].localize
    assert isinstance(fields["boolean"].widget, forms.RadioSelect)
    assert fields["date"].widget.input_type == "date"
    assert fields["timestamp"].widget.input_type == "datetime-local"
    assert isinstance(fields["enum"].widget, forms.RadioSelect)
    assert isinstance(fields["multiselect"].widget, forms.CheckboxSelectMultiple)
    assert form.read_only == []


def test_an_unknown_type_or_an_odd_value_is_shown_read_only_not_lost():
    definitions = [definition("shoe_size", property_id="shoe", name="Shoe size"),
                   definition("integer", property_id="cups", name="Cups")]
    form = PropertiesForm(definitions=definitions, records=records(shoe='{"eu": 42}', cups="lots"))
    assert form.fields == {}
    assert [(row["name"], row["value"]) for row in form.read_only] == [("Shoe size", "eu: 42"), ("Cups", "lots")]


def test_an_item_no_longer_offered_stays_only_as_the_current_answer():
    items = [item("a", "Weekly"), item("d", "Daily", state=2)]
    with translation.override("en"):
        current = PropertiesForm(definitions=[definition("enum", items)], records=records(p1=[{"id": "d"}]))
        [field] = current.fields.values()
        assert [str(label) for _value, label in field.choices] == ["Weekly", "Daily (no longer offered)", "No answer"]
    assert current.initial == {"property_p1": "d"}
    other = PropertiesForm(definitions=[definition("enum", items)], records=[])
    assert [value for value, _label in next(iter(other.fields.values())).choices] == ["a", ""]


def test_required_questions_and_many_choices():
    items = [item(str(n), f"Store {n}") for n in range(8)]
    form = PropertiesForm(definitions=[definition("enum", items, required=True),
                                       definition("boolean", required=True, property_id="p2")], records=[])
    store, yes_no = form.fields.values()
    assert store.required and isinstance(store.widget, forms.Select) and store.choices[0][0] == ""
    assert yes_no.required and [value for value, _label in yes_no.choices] == ["yes", "no"]


def test_an_id_that_is_not_a_safe_name_gets_a_digest():
    form = PropertiesForm(definitions=[definition("string", property_id='a b"<x>')], records=[])
    [name] = form.fields
    assert name.startswith("property_") and len(name) == len("property_") + 16 and name.isascii()
    assert form.carecloud_fields == {'a b"<x>': name}
