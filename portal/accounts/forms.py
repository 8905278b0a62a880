from django import forms
from django.utils.translation import gettext_lazy as _


class LoginForm(forms.Form):
    LOGIN_TYPES = [("email", _("E-mail")), ("phone", _("Phone")), ("card", _("Card number"))]

    login_type = forms.ChoiceField(label=_("Log in with"), choices=LOGIN_TYPES, initial="email",
                                   widget=forms.RadioSelect)
    login_value = forms.CharField(
        label=_("E-mail, phone or card number"), max_length=254,
        help_text=_("A phone number with the country code, e.g. +420 777 123 456; a card number as printed."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}),
    )
    password = forms.CharField(label=_("Password"), strip=False, max_length=128,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def clean(self):
        cleaned = super().clean()
        login_type, value = cleaned.get("login_type"), (cleaned.get("login_value") or "").strip()
        if not value:
            return cleaned
        if login_type == "email":
            if "@" not in value:
                self.add_error("login_value", _("Enter your e-mail address, e.g. jana@example.com."))
            cleaned["login_value"] = value.lower()
        elif login_type == "phone":
            digits = value.replace(" ", "").replace("-", "")
            digits = digits[1:] if digits.startswith("+") else digits[2:] if digits.startswith("00") else digits
            if not digits.isdigit() or len(digits) < 9:
                self.add_error("login_value", _("Enter your phone number with the country code, e.g. +420 777 123 456."))
            elif len(digits) == 9:
                digits = "420" + digits  # a Czech number without its prefix
            cleaned["login_value"] = digits
        elif login_type == "card":
            digits = value.replace(" ", "")
            if not digits.isalnum():
                self.add_error("login_value", _("Enter the number printed on your card."))
            cleaned["login_value"] = digits
        return cleaned
