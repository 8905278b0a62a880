"""The forms' shared machinery (portal/core/forms.py): CareCloud's invalid_params land next to the
right field, translated; CareCloudFormMixin answers a write's failure with the form and what was
typed; and a form drawn without CareCloud's choices keeps what was typed: a choice field left with
only its empty choice ("—") counts as having none, so what was chosen goes along as a hidden input,
and a view's choices_failed says so above the form, with CareCloud's failure, without calling a
kept choice invalid ("Select a valid choice. CZ is not one of the available choices." beside a list
that offers none)."""

from http import HTTPStatus

import pytest
from django import forms
from django.http import Http404, QueryDict
from django.template import engines
from django.utils import translation
from django.views.generic import FormView

from portal.carecloud import exceptions as cc
from portal.carecloud.exceptions import ValidationError
from portal.core.forms import FAILURE_MESSAGES, REASON_MESSAGES, CareCloudFormMixin, add_carecloud_errors, keep_typed


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
    with translation.override("en"):  # not whatever language an earlier test left active
        add_carecloud_errors(form, bad_request({"name": "email", "reason": "galaxy_brain"}))
        assert "not accepted" in form.errors["email"][0] and "galaxy" not in str(form.errors)


def test_the_messages_are_in_the_active_language():
    form = ContactForm(data={})
    form.is_valid()
    with translation.override("cs"):
        add_carecloud_errors(form, bad_request({"name": "email", "reason": "already_exists"}))
        assert form.errors["email"] == ["Toto už je použito u jiného účtu."]


def test_a_mapping_by_full_name_wins_over_the_last_segment():
    form = ContactForm(data={})
    form.is_valid()
    add_carecloud_errors(form, bad_request({"name": "customer.personal_information.address.zip", "reason": "empty"}),
                         {"customer.personal_information.address.zip": "city"})
    assert set(form.errors) == {"city"}


def test_a_mapping_by_the_last_segment_places_a_dotted_name():
    form = ContactForm(data={})
    form.is_valid()
    add_carecloud_errors(form, bad_request({"name": "customer.personal_information.phone_number", "reason": "empty"}),
                         {"phone_number": "phone"})
    assert set(form.errors) == {"phone"}


def test_the_same_message_twice_on_one_field_is_said_once():
    form = ContactForm(data={})
    form.is_valid()
    with translation.override("en"):
        add_carecloud_errors(form, bad_request({"name": "email", "reason": "empty"},
                                               {"name": "customer.email", "reason": "empty"},
                                               {"name": "email", "reason": "already_exists"}))
        assert form.errors == {"email": [str(REASON_MESSAGES["empty"]), str(REASON_MESSAGES["already_exists"])]}


def test_a_400_without_parameters_is_still_said():
    form = ContactForm(data={})
    form.is_valid()
    add_carecloud_errors(form, bad_request())
    assert form.errors == {"__all__": [str(FAILURE_MESSAGES["invalid"])]}


# --- CareCloudFormMixin: a write's failure in the errors' order (docs/architecture.md) ---------------------


class ContactView(CareCloudFormMixin, FormView):
    form_class = ContactForm
    carecloud_fields = {"customer.personal_information.phone_number": "phone"}
    error: cc.CareCloudError | None = None

    def get_template_names(self):
        return engines["django"].from_string("{% include 'components/error_summary.html' %}{{ form }}")

    def form_valid(self, form):
        return self.carecloud_failed(form, self.error)


def submit(rf, error):
    request = rf.post("/", {"email": "jana@example.com", "phone": "777", "city": "Brno"})
    request.customer = None
    request.session = {}
    with translation.override("en"):
        response = ContactView.as_view(error=error)(request)
        response.render()
    return response


@pytest.mark.parametrize("error, status, errors", [
    (cc.ValidationError(400, invalid_params=[{"name": "customer.personal_information.phone_number",
                                              "reason": "invalid_value_format"}]),
     HTTPStatus.OK, {"phone": REASON_MESSAGES["invalid_value_format"]}),
    (cc.RateLimitError(429), HTTPStatus.TOO_MANY_REQUESTS, {"__all__": FAILURE_MESSAGES["rate_limited"]}),
    (cc.UnavailableError(None), HTTPStatus.SERVICE_UNAVAILABLE, {"__all__": FAILURE_MESSAGES["unavailable"]}),
    (cc.UnavailableError(503), HTTPStatus.SERVICE_UNAVAILABLE, {"__all__": FAILURE_MESSAGES["unavailable"]}),
    (cc.ServerError(500), HTTPStatus.SERVICE_UNAVAILABLE, {"__all__": FAILURE_MESSAGES["unavailable"]}),
    (cc.PermissionDeniedError(403), HTTPStatus.OK, {"__all__": FAILURE_MESSAGES["refused"]}),
    (cc.CareCloudError(409), HTTPStatus.OK, {"__all__": FAILURE_MESSAGES["refused"]}),
])
def test_a_failed_write_comes_back_as_the_form_with_what_was_typed(rf, error, status, errors):
    response = submit(rf, error)
    assert response.status_code == status
    form = response.context_data["form"]
    with translation.override("en"):
        assert form.errors == {field: [str(message)] for field, message in errors.items()}
    html = response.content.decode()
    assert 'value="jana@example.com"' in html and 'value="Brno"' in html  # everything typed is kept


def test_an_expired_session_during_a_write_is_left_to_the_middleware(rf):
    with pytest.raises(cc.AuthenticationError):
        submit(rf, cc.AuthenticationError(401))


def test_something_careclouds_did_not_find_is_a_404(rf):
    with pytest.raises(Http404):
        submit(rf, cc.NotFoundError(404))


# --- a form drawn without CareCloud's choices keeps what was typed -------------------------------------


class ChoicesForm(forms.Form):
    city = forms.CharField(required=False)
    country = forms.ChoiceField(required=False, choices=[])  # choices from CareCloud: none could be read
    gender = forms.ChoiceField(required=False, choices=[("", "-"), ("1", "Man"), ("2", "Woman")])
    interests = forms.MultipleChoiceField(required=False, choices=[])


def test_keep_typed_carries_what_the_form_cannot_show_as_hidden_inputs():
    data = QueryDict(mutable=True)
    data.update({"city": "Brno", "country": "cz", "gender": "3", "consent_gtc": "on", "password": "Secret-1",
                 "new_password_again": "Secret-1", "csrfmiddlewaretoken": "t"})
    data.setlist("interests", ["i1", "i2"])
    form = ChoicesForm(data=data)
    kept = keep_typed(form)
    assert sorted(kept) == [("consent_gtc", "on"), ("country", "cz"), ("interests", "i1"), ("interests", "i2")]
    assert form.fields["country"].choices == [] and form.fields["interests"].choices == []
    assert ("3", "3") in form.fields["gender"].choices  # a choice it has, plus the one sent
    html = engines["django"].from_string('{% include "components/kept_input.html" %}').render({"form": form})
    assert '<input type="hidden" name="consent_gtc" value="on">' in html
    assert '<input type="hidden" name="interests" value="i2">' in html
    assert "Secret-1" not in html and "csrfmiddlewaretoken" not in html


def test_keep_typed_drops_empty_values_and_offers_only_new_choices():
    data = QueryDict(mutable=True)
    data.update({"consent_sms": "", "gender": "1"})
    data.setlist("interests", ["", "i1"])
    form = ChoicesForm(data=data)
    assert keep_typed(form) == [("interests", "i1")]
    assert form.fields["gender"].choices == [("", "-"), ("1", "Man"), ("2", "Woman")]  # nothing new to offer


class AddressForm(forms.Form):
    city = forms.CharField(required=False)
    # as the registration form builds it when no country could be read: the empty choice alone
    country_code = forms.ChoiceField(required=False, choices=[("", "—")])


def test_a_choice_field_with_only_its_empty_choice_sends_what_was_chosen_as_a_hidden_input():
    form = AddressForm(data=QueryDict("city=Brno&country_code=CZ"))
    assert keep_typed(form) == [("country_code", "CZ")]
    assert form.fields["country_code"].choices == []  # no second, visible copy of the choice
    html = engines["django"].from_string('{% include "components/kept_input.html" %}').render({"form": form})
    assert html.count('<input type="hidden"') == 1
    assert '<input type="hidden" name="country_code" value="CZ">' in html


class AddressView(CareCloudFormMixin, FormView):
    form_class = AddressForm

    def get_template_names(self):
        return engines["django"].from_string(
            '{% include "components/error_summary.html" %}{{ form }}{% include "components/kept_input.html" %}')


def _choices_failed(rf, data, error):
    """AddressView's answer to a POST of ``data`` drawn without choices, CareCloud having failed
    with ``error``: (the form, the response)."""
    request = rf.post("/", data)
    request.customer = None
    request.session = {}
    view = AddressView()
    view.setup(request)
    form = AddressForm(data=request.POST)
    return form, view.choices_failed(form, error)


def test_a_post_drawn_without_choices_says_so_keeps_what_was_chosen_and_says_why(rf):
    with translation.override("en"):
        form, response = _choices_failed(rf, {"city": "Brno", "country_code": "CZ"}, cc.UnavailableError(None))
        response.render()
        assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
        assert form.errors == {"__all__": [str(FAILURE_MESSAGES["choices"]), str(FAILURE_MESSAGES["unavailable"])]}
    html = response.content.decode()
    assert 'value="Brno"' in html and '<input type="hidden" name="country_code" value="CZ">' in html


def test_a_post_drawn_without_choices_with_nothing_to_keep_says_only_why(rf):
    with translation.override("en"):
        form, response = _choices_failed(rf, {"city": "Brno"}, cc.RateLimitError(429))
        assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
        assert form.non_field_errors() == [str(FAILURE_MESSAGES["rate_limited"])]


class _ReadOnlyView(CareCloudFormMixin, FormView):
    form_class = ChoicesForm


@pytest.mark.parametrize("read_only", [True, False])
def test_a_staff_preview_draws_every_field_disabled(rf, read_only):
    view = _ReadOnlyView()
    view.setup(rf.get("/"))
    view.request.read_only = read_only
    assert {name: field.disabled for name, field in view.get_form().fields.items()} == dict.fromkeys(
        ChoicesForm.base_fields, read_only)


@pytest.mark.parametrize("value", ["line\nbreak", "tab\there", "bell\x07"])
def test_a_control_character_is_refused_with_its_message(value):
    from django.core.exceptions import ValidationError as FormValidationError

    from portal.core.forms import no_control_characters

    with pytest.raises(FormValidationError) as refused:
        no_control_characters(value)
    assert refused.value.code == "control"
    with translation.override("en"):
        assert "special characters" in str(refused.value.messages[0])
    assert no_control_characters("Brno – Královo Pole") is None  # letters, spaces and dashes are fine
