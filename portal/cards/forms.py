"""The cards page's form: "Add a card I have" (the number of a free plastic card)."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from .services import normalize_card_number

CARD_NUMBER = RegexValidator(r"^[0-9A-Za-z]{4,40}$", _("Enter the card number as printed on the card: digits "
                                                     "(and letters, if it has any), 4 to 40 of them."))


class CardAddForm(forms.Form):
    card_number = forms.CharField(
        label=_("Card number"), max_length=60,
        help_text=_("The number printed on the card, under its barcode."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}),
    )

    def clean_card_number(self) -> str:
        number = normalize_card_number(self.cleaned_data["card_number"])
        CARD_NUMBER(number)
        return number
