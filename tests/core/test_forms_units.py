"""A form drawn without CareCloud's choices, unit by unit (quick and precise, for make mutation): a
choice field left with only its empty choice ("—") counts as having none, so what was chosen goes
along as a hidden input; and a view's choices_failed says so above the form, with CareCloud's
failure, and keeps every value typed, without calling a kept choice invalid ("Select a valid
choice. CZ is not one of the available choices." beside a list that offers none)."""

from http import HTTPStatus

from django import forms
from django.http import QueryDict
from django.template import engines
from django.utils import translation
from django.views.generic import FormView

from portal.carecloud import exceptions as cc
from portal.core.forms import FAILURE_MESSAGES, CareCloudFormMixin, keep_typed


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
