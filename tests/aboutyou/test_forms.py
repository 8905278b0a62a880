"""The "About you" form built at run time from the project's questions and the customer's
answers, without CareCloud: a field per data type, what cannot be edited shown read-only, items no
longer offered, the questions' labels and answers (a yes/no question read and saved as a yes or a
no), and the form bound to what was posted."""

import re

import pytest
from django import forms
from django.utils import translation

from portal.aboutyou import properties
from portal.aboutyou.forms import PropertiesForm


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def definition(data_type, items=(), required=False, property_id="p1", name="Question", description=""):
    raw = {"property_id": property_id, "name": name, "description": description, "data_type": data_type,
           "is_required": required, "state": 1, "items": list(items)}
    return properties.definitions([raw])[0]


def records(**values):
    return [{"property_record_id": f"{pid}:c", "property_id": pid, "property_value": value}
            for pid, value in values.items()]


def item(item_id, name, state=1):
    return {"id": item_id, "name": name, "resource_record_id": None, "state": state}


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


def test_a_form_bound_to_what_was_posted_reads_the_answers():
    form = PropertiesForm({"property_p1": "yes", "property_p2": "no", "property_p3": "42"},
                          definitions=[definition("boolean"), definition("boolean", property_id="p2"),
                                       definition("integer", property_id="p3")], records=[])
    assert form.is_bound is True
    assert form.errors == {}
    assert form.values() == {"p1": True, "p2": False, "p3": 42}


@pytest.mark.parametrize(("posted", "value"), [("yes", True), ("no", False), ("", None)])
def test_a_yes_no_question_saves_the_answer_given(posted, value):
    form = PropertiesForm({"property_p1": posted}, definitions=[definition("boolean")], records=[])
    assert form.errors == {}
    assert form.values() == {"p1": value}


@pytest.mark.parametrize(("stored", "initial"), [(False, "no"), (True, "yes"), (None, "")])
def test_a_yes_no_question_shows_the_stored_answer_ticked(stored, initial):
    form = PropertiesForm(definitions=[definition("boolean")], records=records(p1=stored))
    assert form.initial == {"property_p1": initial}
    assert re.findall(r'value="([^"]*)"[^>]*checked', str(form["property_p1"])) == [initial]


def test_a_number_question_keeps_its_label_and_required_mark_but_not_the_staff_description():
    form = PropertiesForm(definitions=[definition("integer", required=True, name="Cups a day",
                                                  description="How many cups of coffee")], records=[])
    field = form.fields["property_p1"]
    assert (field.label, field.help_text, field.required) == ("Cups a day", "", True)
    html = str(form["property_p1"])
    assert 'type="number"' in html and 'inputmode="numeric"' in html and 'autocomplete="off"' in html
    assert PropertiesForm({}, definitions=form.definitions.values(), records=[]).errors == {
        "property_p1": ["This field is required."]}


def test_a_question_with_many_choices_is_a_drop_down_the_browser_does_not_fill_in():
    items = [{"id": str(n), "name": f"Store {n}"} for n in range(8)]
    html = str(PropertiesForm(definitions=[definition("enum", items)], records=[])["property_p1"])
    assert html.startswith("<select") and 'autocomplete="off"' in html
    assert '<option value="" selected>Choose…</option>' in html


def test_a_text_question_is_not_filled_in_by_the_browser():
    html = str(PropertiesForm(definitions=[definition("string")], records=[])["property_p1"])
    assert 'type="text"' in html and 'autocomplete="off"' in html


@pytest.mark.parametrize(("posted", "valid"), [
    ("-1000000000000000", True), ("1000000000000000", True),
    ("-10000000000000000", False), ("10000000000000000", False),
])
def test_a_decimal_number_is_kept_within_what_carecloud_can_store(posted, valid):
    form = PropertiesForm({"property_p1": posted}, definitions=[definition("float")], records=[])
    assert form.is_valid() is valid
    if valid:
        assert form.values() == {"p1": float(posted)}


@pytest.mark.parametrize(("data_type", "posted"), [("date", "1899-12-31"), ("date", "2201-01-01"),
                                                    ("timestamp", "1899-12-31T10:00")])
def test_a_date_question_refuses_a_year_no_one_means(data_type, posted):
    form = PropertiesForm({"property_p1": posted}, definitions=[definition(data_type)], records=[])
    assert not form.is_valid()
    assert form.errors["property_p1"] == ["Check the year."]


def test_a_date_question_keeps_a_year_someone_means():
    form = PropertiesForm({"property_p1": "1900-01-01"}, definitions=[definition("date")], records=[])
    assert form.is_valid(), form.errors
