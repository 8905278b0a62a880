import re

from django import forms
from django.conf import settings
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from .models import CustomerSearch


class CustomerSearchForm(forms.Form):
    kind = forms.ChoiceField(label=_("Search by"), choices=CustomerSearch.Kind.choices,
                             initial=CustomerSearch.Kind.EMAIL, widget=forms.RadioSelect)
    query = forms.CharField(
        label=_("E-mail, phone, name or card number"), max_length=254,
        help_text=_("Exactly as the customer has it: a phone with its country code (+420 777 123 456), "
                    "a name as first and last name (or a last name alone)."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}),
    )

    def clean(self):
        cleaned = super().clean()
        kind, value = cleaned.get("kind"), " ".join((cleaned.get("query") or "").split())
        if not value:
            return cleaned
        if kind == CustomerSearch.Kind.EMAIL:
            value = value.lower()
            try:
                validate_email(value)
            except forms.ValidationError:
                self.add_error("query", _("Enter an e-mail address, e.g. jana@example.com."))
        elif kind == CustomerSearch.Kind.PHONE:
            digits = re.sub(r"\D", "", value.removeprefix("00"))
            if len(digits) == 9:
                digits = "420" + digits  # a Czech number without its country code
            if not 9 < len(digits) <= 15:
                self.add_error("query", _("Enter a phone number with its country code, e.g. +420 777 123 456."))
            value = digits
        elif kind == CustomerSearch.Kind.CARD:
            value = value.replace(" ", "")
            if not value.isalnum():
                self.add_error("query", _("Enter the card number as printed, letters and digits only."))
        cleaned["query"] = value
        return cleaned


class PreviewStartForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=200,
        help_text=_("A ticket number or why you need to see this account. It is recorded with the preview."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    language = forms.ChoiceField(label=_("Language of the preview"), choices=settings.LANGUAGES,
                                 widget=forms.RadioSelect)

    def clean_reason(self):
        reason = " ".join(self.cleaned_data["reason"].split())
        if len(reason) < 3:
            raise forms.ValidationError(_("Say why, in a few words or a ticket number."))
        return reason
