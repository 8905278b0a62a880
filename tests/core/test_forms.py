"""The forms' shared machinery: CareCloud's invalid_params land next to the right field, translated."""

from django import forms
from django.utils import translation

from portal.carecloud.exceptions import ValidationError
from portal.core.forms import FAILURE_MESSAGES, REASON_MESSAGES, add_carecloud_errors


class ContactForm(forms.Form):
    email = forms.EmailField(required=False)
    phone = forms.CharField(required=False)
    city = forms.CharField(required=False)


def bad_request(*params):
    return ValidationError(400, title="Bad request", invalid_params=list(params))


def test_a_parameter_lands_on_its_field_by_its_last_name_segment():
    form = ContactForm(data={})
    form.is_valid()
    add_carecloud_errors(form, bad_request({"name": "customer.personal_information.email", "reason": "already_exists"}))
    assert form.errors == {"email": [str(REASON_MESSAGES["already_exists"])]}


def test_a_mapping_moves_a_parameter_to_another_field_and_lists_of_names_are_each_placed():
    form = ContactForm(data={})
    form.is_valid()
    add_carecloud_errors(form, bad_request({"name": ["address.city", "phone_number"], "reason": "empty"}),
                         {"address.city": "city", "phone_number": "phone"})
    assert set(form.errors) == {"city", "phone"}


def test_an_unknown_parameter_or_reason_is_still_said_without_carecloud_text():
    form = ContactForm(data={})
    form.is_valid()
    add_carecloud_errors(form, bad_request({"name": "loyalty_level", "reason": "galaxy_brain",
                                            "detail": "CareCloud's own English"}))
    assert form.errors == {"__all__": [str(FAILURE_MESSAGES["invalid"])]}
    form = ContactForm(data={})
    form.is_valid()
    with translation.override("en"):  # not whatever language the previous test left active
        add_carecloud_errors(form, bad_request({"name": "email", "reason": "galaxy_brain"}))
    assert "not accepted" in form.errors["email"][0] and "galaxy" not in str(form.errors)


def test_the_messages_are_in_the_active_language():
    form = ContactForm(data={})
    form.is_valid()
    with translation.override("cs"):
        add_carecloud_errors(form, bad_request({"name": "email", "reason": "already_exists"}))
        assert form.errors["email"] == ["Toto už je použito u jiného účtu."]
