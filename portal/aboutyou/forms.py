"""The "About you" form: one field per question of the project's, by its data type.

It is drawn from the project's customer properties and, when they are known, the customer's
answers (initial values; choices a customer may keep but no longer pick). Validation is the
portal's first (formats, friendly messages); CareCloud's own 400s land on the same fields through
``CareCloudFormMixin``. ``values()`` hands the service plain data.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.core.forms import field_name, no_control_characters

from . import properties
from .properties import Definition

YES_NO = [("yes", pgettext_lazy("answer", "Yes")), ("no", pgettext_lazy("answer", "No"))]
RADIO_LIMIT = 5  # choices up to this many are radio buttons; more make a drop-down
INTEGER_LIMIT = 2**31 - 1
FLOAT_LIMIT = 1e15


class PropertiesForm(forms.Form):
    """The project's customer properties, a field per data type the portal knows. Properties of
    other types, and answers that do not fit their type, are listed read-only (``read_only``)."""

    def __init__(self, *args, definitions: list[Definition], records: list[dict] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        by_property = properties.records_by_property(records)
        self.definitions: dict[str, Definition] = {}  # form field name -> definition
        self.read_only: list[dict] = []
        for definition in definitions:
            record = by_property.get(definition.property_id)
            raw = record.get("property_value") if record else None
            try:
                current = properties.from_wire(definition, raw) if definition.editable else None
            except properties.OddValue:
                current, editable = None, False
            else:
                editable = definition.editable
            if not editable:
                self.read_only.append({"name": definition.name,
                                       "value": properties.display(definition if definition.editable else None, raw)})
                continue
            name = field_name("property", definition.property_id)
            self.fields[name] = _property_field(definition, current, known=records is not None)
            self.definitions[name] = definition
            if records is not None and not self.is_bound:
                self.initial[name] = _initial(definition, current)

    @property
    def has_required(self) -> bool:
        return any(field.required for field in self.fields.values())

    @property
    def carecloud_fields(self) -> dict[str, str]:
        """CareCloud property ids (the services name a refused record by it) -> form fields."""
        return {definition.property_id: name for name, definition in self.definitions.items()}

    def values(self) -> dict[str, Any]:
        """The submitted answer of every question on the form (None: no answer), by property id;
        times in the project's local time, as CareCloud keeps them."""
        values = {}
        for name, definition in self.definitions.items():
            value = self.cleaned_data.get(name)
            if isinstance(value, datetime) and timezone.is_aware(value):
                value = timezone.make_naive(value)
            values[definition.property_id] = value
        return values


class DecimalNumberField(forms.FloatField):
    """A number in the customer's notation: decimal comma in Czech, and digit groups with spaces
    ("1 250,75") as people write them."""

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s\u00a0\u202f]", "", value)
        return super().to_python(value)


def _initial(definition: Definition, value: Any) -> Any:
    if definition.data_type == properties.BOOLEAN:
        return "" if value is None else ("yes" if value else "no")
    return value


def _property_field(definition: Definition, current: Any, *, known: bool) -> forms.Field:
    """The field of one property. ``known``: whether the customer's current answer is (choices
    that are no longer offered stay choosable only as the current answer)."""
    # CareCloud's property descriptions are written for staff in its administration: not shown.
    common = {"label": definition.name, "required": definition.required}
    kind = definition.data_type
    text_attrs = {"autocomplete": "off"}
    if kind == properties.STRING:
        return forms.CharField(max_length=1000, validators=[no_control_characters],
                               widget=forms.TextInput(attrs=text_attrs), **common)
    if kind == properties.INTEGER:
        return forms.IntegerField(min_value=-INTEGER_LIMIT, max_value=INTEGER_LIMIT,
                                  widget=forms.NumberInput(attrs={**text_attrs, "inputmode": "numeric"}), **common)
    if kind == properties.FLOAT:
        return DecimalNumberField(min_value=-FLOAT_LIMIT, max_value=FLOAT_LIMIT, localize=True,
                                widget=forms.TextInput(attrs={**text_attrs, "inputmode": "decimal"}), **common)
    if kind == properties.BOOLEAN:
        choices = YES_NO if definition.required else [*YES_NO, ("", _("No answer"))]
        return forms.TypedChoiceField(choices=choices, coerce=lambda v: v == "yes", empty_value=None,
                                      widget=forms.RadioSelect, **common)
    if kind == properties.DATE:
        return forms.DateField(widget=forms.DateInput(format="%Y-%m-%d", attrs={**text_attrs, "type": "date"}),
                               validators=[_reasonable_date], **common)
    if kind == properties.TIMESTAMP:
        return forms.DateTimeField(
            widget=forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={**text_attrs, "type": "datetime-local"}),
            validators=[_reasonable_date], **common)
    current_ids = set([current] if isinstance(current, str) else current or [])
    choices = [(item.id, item.name if item.active else _("%(name)s (no longer offered)") % {"name": item.name})
               for item in definition.items if item.active or item.id in current_ids or not known]
    if kind == properties.MULTISELECT:
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
    if len(choices) <= RADIO_LIMIT:
        empty = [] if definition.required else [("", _("No answer"))]
        return forms.ChoiceField(choices=choices + empty, widget=forms.RadioSelect, **common)
    return forms.ChoiceField(choices=[("", _("Choose…"))] + choices, widget=forms.Select(attrs=text_attrs), **common)


def _reasonable_date(value) -> None:
    year = value.year
    if year < 1900 or year > 2200:
        raise ValidationError(_("Check the year."), code="year")
