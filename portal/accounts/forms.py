import json
import re
from collections.abc import Callable
from datetime import date

import phonenumbers
from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class TelInput(forms.TextInput):
    input_type = "tel"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


# --- contacts -------------------------------------------------------------------------------------

# The spec's pattern of PersonalInformation.email (CareCloud checks the domain too).
EMAIL_RE = re.compile(
    r"^[-a-z0-9!#$%&'*+\\/=?^_`{|}~]+(\.[-a-z0-9!#$%&'*+\\/=?^_`{|}~]+)*"
    r"@([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])$"
)
EMAIL_EXAMPLE = _("Enter your e-mail address, e.g. jana@example.com.")
PHONE_EXAMPLE = _("Enter your phone number with the country code, e.g. +420 777 123 456.")
LOGIN_VALUE_EXAMPLE = _("Enter your e-mail address, your phone number (e.g. +420 777 123 456) or the number "
                        "printed on your card.")


def normalize_email(value: str) -> str | None:
    """The address as CareCloud keeps it (lowercase), or None when it cannot be one."""
    email = value.strip().lower()
    return email if len(email) <= 254 and EMAIL_RE.match(email) else None


# What a typed phone number may hold besides digits: nothing else (no letters: phonenumbers would
# read "1-800-FLOWERS" as digits).
PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ()./-]+$")


def normalize_phone(value: str, region: str | None = None) -> str | None:
    """A phone number as CareCloud keeps it: digits with the country code (420777123456), parsed
    with the phonenumbers library; a number written without its code (``777 123 456``), with ``00``
    or with its code but no ``+`` is of ``region`` (PORTAL_PHONE_REGION, the project's country).
    None when it cannot be a valid phone number."""
    value = value.strip()
    if not PHONE_CHARACTERS.match(value) or not value.isascii():
        return None
    try:
        number = phonenumbers.parse(value, region or settings.PORTAL_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164).lstrip("+")


def compact_card_number(value: str) -> str | None:
    """A card number as printed, without the spaces and dashes it is written with; None when it has
    anything but letters and digits."""
    compact = re.sub(r"[\s-]", "", value)
    return compact if compact.isascii() and compact.isalnum() and len(compact) <= 64 else None


def login_candidates(value: str, *, card_prefixes: Callable[[], tuple[str, ...] | None]) -> list[tuple[str, str]]:
    """The ways ``value`` can name an account, as ``(login_type, login_value)`` pairs CareCloud's
    login takes, in the order to try them:

    - ``@``: an e-mail address (lowercase);
    - a leading ``+`` (or ``00``): a phone number only;
    - else a valid phone number of the project's country, and/or a card number when the value
      starts with the prefix of one of the project's card types (``card_prefixes()``; None when the
      card types cannot be read: then any letters and digits may be a card). A value that is both
      (a 9-digit number starting with a card type's prefix) gives both, phone first.

    Empty when the value is none of them."""
    value = value.strip()
    if "@" in value:
        return [("email", value.lower())]
    phone = normalize_phone(value)
    if value.startswith(("+", "00")):
        return [("phone", phone)] if phone else []
    found = [("phone", phone)] if phone else []
    card = compact_card_number(value)
    if card:
        prefixes = card_prefixes()
        if prefixes is None or any(card.upper().startswith(prefix.upper()) for prefix in prefixes):
            found.append(("card", card))
    return found


def _no_card_types() -> None:
    return None


class LoginForm(forms.Form):
    """One field for the e-mail, phone or card number: its type follows from the value
    (login_candidates); ``cleaned_data["logins"]`` holds the ways to try."""

    login_value = forms.CharField(
        label=_("E-mail, phone or card number"), max_length=254,
        help_text=_("A phone number as you dial it, e.g. 777 123 456 or +420 777 123 456; a card number as printed."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}),
    )
    password = forms.CharField(label=_("Password"), strip=False, max_length=128,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, *args, card_prefixes: Callable[[], tuple[str, ...] | None] = _no_card_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.card_prefixes = card_prefixes

    def clean_login_value(self):
        value = self.cleaned_data["login_value"].strip()
        logins = login_candidates(value, card_prefixes=self.card_prefixes)
        if not logins:
            raise ValidationError(LOGIN_VALUE_EXAMPLE)
        self.cleaned_data["logins"] = logins
        return value


# --- sign-in with a one-time code ------------------------------------------------------------------


class LoginCodeRequestForm(forms.Form):
    """The contact a one-time code goes to: an e-mail address or a phone number, in one field."""

    contact = forms.CharField(
        label=_("E-mail or phone number"), max_length=254,
        help_text=_("A phone number with the country code, e.g. +420 777 123 456."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}),
    )

    def clean_contact(self):
        value = self.cleaned_data["contact"].strip()
        if "@" in value:
            email = normalize_email(value)
            if email is None:
                raise ValidationError(EMAIL_EXAMPLE)
            self.cleaned_data["channel"], self.cleaned_data["shown"] = "email", email
            return email
        phone = normalize_phone(value)
        if phone is None:
            raise ValidationError(_("Enter your e-mail address, or your phone number with the country code, "
                                    "e.g. +420 777 123 456."))
        shown = phonenumbers.format_number(phonenumbers.parse(f"+{phone}"),
                                           phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        self.cleaned_data["channel"], self.cleaned_data["shown"] = "sms", shown
        return phone


class LoginCodeForm(forms.Form):
    """The one-time code from the message: digits (spaces and dashes allowed when pasted)."""

    code = forms.CharField(
        label=_("Code from the message"), max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autocapitalize": "none", "spellcheck": "false", "pattern": "[0-9 -]*"}),
    )

    def clean_code(self):
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"])
        if not code.isascii() or not code.isdigit() or not 4 <= len(code) <= 10:
            raise ValidationError(_("Enter the code from the message: its digits only, e.g. 123456."))
        return code


# --- the password policy ----------------------------------------------------------------------------

# The criteria the spec gives for a customer's password (POST /customers `password`): at least
# 8 characters, a number, an uppercase letter, and not on a list of common passwords (Django's
# list here; CareCloud's own answer, if it differs, lands on the field all the same).
PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 128
PASSWORD_HELP = _("At least 8 characters, with a number and an uppercase letter. Not a common password.")
PASSWORD_RULES = {
    "length": _("Use at least 8 characters."),
    "digit": _("Add a number (0–9)."),
    "uppercase": _("Add an uppercase letter (A–Z)."),
    "common": _("This password is too common. Choose one that is harder to guess."),
}


def validate_new_password(value: str) -> None:
    problems = []
    if len(value) < PASSWORD_MIN_LENGTH:
        problems.append("length")
    if not re.search(r"\d", value):
        problems.append("digit")
    if not any(ch.isupper() for ch in value):
        problems.append("uppercase")
    try:
        CommonPasswordValidator().validate(value)
    except ValidationError:
        problems.append("common")
    if problems:
        raise ValidationError([PASSWORD_RULES[key] for key in problems])


def new_password_field(label=_("Password")) -> forms.CharField:
    return forms.CharField(
        label=label, strip=False, max_length=PASSWORD_MAX_LENGTH, help_text=PASSWORD_HELP,
        validators=[validate_new_password],
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "minlength": PASSWORD_MIN_LENGTH}),
    )


def text_field(label, *, required=True, max_length=100, autocomplete=None, **kwargs) -> forms.CharField:
    attrs = {"autocomplete": autocomplete} if autocomplete else {}
    return forms.CharField(label=label, required=required, max_length=max_length,
                           widget=forms.TextInput(attrs=attrs), **kwargs)


def _no_control_characters(value: str) -> None:
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise ValidationError(_("Remove the special characters from this field."))


# --- customer properties (the required ones, at registration) ------------------------------------------

YES_NO = [("", "—"), ("true", _("Yes")), ("false", _("No"))]


def item_name(name: object, language: str | None = None) -> str:
    """A property item's name in the active language: CareCloud may give it as a JSON object of
    translations (``{"en": "evening", "cz": "vecer"}``; "cz" is Czech too)."""
    text = str(name or "")
    if not text.startswith("{"):
        return text
    try:
        names = json.loads(text)
    except ValueError:
        return text
    if not isinstance(names, dict) or not names:
        return text
    language = (language or translation.get_language() or "").split("-")[0]
    for key in (language, "cz" if language == "cs" else None, "en"):
        if key and names.get(key):
            return str(names[key])
    return str(next(iter(names.values())))


def store_items(definition: dict) -> dict[str, str]:
    """{store_id: item id} of an enum property whose every active item is a store (its
    ``resource_record_id``); {} for any other property."""
    items = [item for item in definition.get("items") or [] if isinstance(item, dict) and item.get("id")
             and item.get("state", 1) == 1]
    if str(definition.get("data_type") or "") != "enum" or not items \
            or not all(item.get("resource_record_id") for item in items):
        return {}
    return {str(item["resource_record_id"]): str(item["id"]) for item in items}


def property_field(definition: dict) -> forms.Field:
    """The form field of a customer property by its ``data_type``; an unknown (customized) data
    type is asked as text and sent as a string, as the spec's custom data type example is."""
    data_type = str(definition.get("data_type") or "")
    # A property's ``description`` is written in CareCloud's administration for staff ("the store
    # the customer visits most often"), not for the member: it is not shown.
    common = {"label": str(definition.get("name") or definition.get("property_id")),
              "required": definition.get("is_required") is True}
    items = [(str(item["id"]), item_name(item.get("name"))) for item in definition.get("items") or []
             if isinstance(item, dict) and item.get("id") and item.get("state", 1) == 1]
    if data_type == "enum":
        return forms.ChoiceField(choices=[("", "—"), *items], **common)
    if data_type == "multiselect":
        return forms.MultipleChoiceField(choices=items, widget=forms.CheckboxSelectMultiple, **common)
    if data_type == "boolean":
        return forms.ChoiceField(choices=YES_NO, **common)
    if data_type == "integer":
        return forms.IntegerField(min_value=-(10**15), max_value=10**15, **common)
    if data_type == "float":
        return forms.FloatField(min_value=-1e15, max_value=1e15, **common)
    if data_type == "date":
        return forms.DateField(widget=DateInput, **common)
    if data_type == "timestamp":
        return forms.DateTimeField(widget=DateTimeInput, **common)
    return forms.CharField(max_length=255, validators=[_no_control_characters], **common)


def property_value(definition: dict, value):
    """A cleaned field value as CareCloud's PropertyRecord.property_value for the data type."""
    data_type = str(definition.get("data_type") or "")
    if data_type == "enum":
        return [{"id": value}]
    if data_type == "multiselect":
        return [{"id": item_id} for item_id in value]
    if data_type == "boolean":
        return value == "true"
    if data_type in ("integer", "float"):
        return float(value)  # a JSON number with a decimal point: the spec's oneOf is ambiguous for 42
    if data_type == "date":
        return value.isoformat()
    if data_type == "timestamp":
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return value


# --- registration ---------------------------------------------------------------------------------------


class RegistrationForm(forms.Form):
    """A new customer account: the fields CareCloud's POST /customers takes, named as CareCloud
    names them (its invalid_params land on the field of the same name), plus a field per consent
    (``consent_<id>``) and per required customer property (``property_<id>``)."""

    first_name = text_field(_("First name"), autocomplete="given-name", validators=[_no_control_characters])
    last_name = text_field(_("Last name"), autocomplete="family-name", validators=[_no_control_characters])
    email = forms.CharField(label=_("E-mail"), max_length=254, widget=forms.EmailInput(
        attrs={"autocomplete": "email", "autocapitalize": "none", "spellcheck": "false"}))
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30,
                            help_text=_("With the country code, e.g. +420 777 123 456."),
                            widget=TelInput(attrs={"autocomplete": "tel"}))
    password = new_password_field()
    birthdate = forms.DateField(label=_("Date of birth"), required=False,
                                widget=DateInput(attrs={"autocomplete": "bday"}),
                                help_text=_("We have a present for you on your birthday."))
    language_id = forms.ChoiceField(label=_("Language of our messages"), choices=[])
    store_id = forms.ChoiceField(label=_("Home store"), required=False, choices=[],
                                 help_text=_("The store your membership belongs to."))
    address1 = text_field(_("Street and house number"), required=False, autocomplete="address-line1",
                          validators=[_no_control_characters])
    city = text_field(_("City"), required=False, autocomplete="address-level2", validators=[_no_control_characters])
    zip = text_field(_("Postcode"), required=False, max_length=12, autocomplete="postal-code",
                     validators=[_no_control_characters])
    country_code = forms.ChoiceField(label=_("Country"), required=False, choices=[],
                                     widget=forms.Select(attrs={"autocomplete": "country"}))
    referral_code = text_field(_("Referral code"), required=False, max_length=50, autocomplete="off",
                               help_text=_("Did a friend invite you? Enter the code from the invitation."),
                               validators=[_no_control_characters])

    ADDRESS_FIELDS = ("address1", "city", "zip", "country_code")

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = choices
        self.fields["language_id"].choices = choices.languages
        self.fields["language_id"].initial = choices.default_language
        self.fields["store_id"].choices = [("", "—"), *choices.stores]
        self.fields["country_code"].choices = [("", "—"), *choices.countries]
        if not choices.stores:
            del self.fields["store_id"]
        # A required property whose choices are the project's stores (its items name a store in
        # ``resource_record_id``, the spec's link to a resource) asks what the home store asks:
        # it is not asked again, its answer is the item of the store chosen.
        self.store_properties = [definition for definition in choices.properties
                                 if "store_id" in self.fields and store_items(definition)]
        if self.store_properties:
            offered = set.intersection(*(set(store_items(d)) for d in self.store_properties))
            self.fields["store_id"].required = True
            self.fields["store_id"].choices = [("", "—"), *[c for c in choices.stores if c[0] in offered]]
        for definition in choices.properties:
            if definition not in self.store_properties:
                self.fields[f"property_{definition['property_id']}"] = property_field(definition)
        for consent in choices.consents:
            self.fields[f"consent_{consent['id']}"] = forms.BooleanField(
                label=consent["name"], help_text=consent["text"], required=consent["required"],
                error_messages={"required": _("You need to agree to this to join.")})

    # grouped for the template
    def property_fields(self):
        return [self[name] for name in self.fields if name.startswith("property_")]

    def consent_fields(self):
        return [self[name] for name in self.fields if name.startswith("consent_")]

    def clean_email(self):
        email = normalize_email(self.cleaned_data["email"])
        if email is None:
            raise ValidationError(EMAIL_EXAMPLE)
        return email

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        if not value:
            return ""
        phone = normalize_phone(value)
        if phone is None:
            raise ValidationError(PHONE_EXAMPLE)
        return phone

    def clean_birthdate(self):
        birthdate = self.cleaned_data["birthdate"]
        if birthdate and not date(1900, 1, 1) <= birthdate <= date.today():
            raise ValidationError(_("Enter your real date of birth."))
        return birthdate

    def clean_referral_code(self):
        return self.cleaned_data["referral_code"].strip().upper()

    def registration(self) -> dict:
        """The keyword arguments of services.customer_register."""
        data = self.cleaned_data
        info = {"first_name": data["first_name"].strip(), "last_name": data["last_name"].strip(),
                "email": data["email"], "language_id": data["language_id"]}
        if data["phone"]:
            info["phone"] = data["phone"]
        if data["birthdate"]:
            info["birthdate"] = data["birthdate"].isoformat()
        if data.get("store_id"):
            info["store_id"] = data["store_id"]
        address = {name: data[name].strip() for name in self.ADDRESS_FIELDS if data.get(name, "").strip()}
        if address:
            info["address"] = address
        # Every consent is sent: ticked is given (1); left unticked it was never given, which the
        # spec calls "2 - consent not set". 0 is "consent canceled", a withdrawal, which only a
        # member who gave a consent can make later (the profile form).
        info["consents"] = [{"consent_id": consent["id"], "consent_value": 1 if data[f"consent_{consent['id']}"] else 2}
                            for consent in self.choices.consents]
        properties = [
            {"property_id": definition["property_id"],
             "property_value": property_value(definition, data[f"property_{definition['property_id']}"])}
            for definition in self.choices.properties
            if data.get(f"property_{definition['property_id']}") not in (None, "", [])
        ]
        for definition in self.store_properties:
            item_id = store_items(definition).get(data.get("store_id") or "")
            if item_id:
                properties.append({"property_id": definition["property_id"],
                                   "property_value": property_value(definition, item_id)})
        return {"customer": {"personal_information": info}, "password": data["password"],
                "property_records": properties, "referral_code": data["referral_code"]}


# --- forgotten password ------------------------------------------------------------------------------------


class PasswordForgottenForm(forms.Form):
    """The e-mail or phone number of an account; ``channels`` are those the project can send a
    password-setup message through ("email", "sms")."""

    email = forms.CharField(label=_("E-mail"), required=False, max_length=254, widget=forms.EmailInput(
        attrs={"autocomplete": "email", "autocapitalize": "none", "spellcheck": "false"}))
    phone = forms.CharField(label=_("Or your phone number"), required=False, max_length=30,
                            help_text=_("With the country code, e.g. +420 777 123 456. We will send a text message."),
                            widget=TelInput(attrs={"autocomplete": "tel"}))

    def __init__(self, *args, channels, **kwargs):
        super().__init__(*args, **kwargs)
        self.channels = channels
        if "sms" not in channels:
            del self.fields["phone"]
        if "email" not in channels:
            del self.fields["email"]
            self.fields["phone"].label = _("Phone")
            self.fields["phone"].required = True
        else:
            self.fields["email"].required = "sms" not in channels

    def clean_email(self):
        value = self.cleaned_data["email"].strip()
        if value and normalize_email(value) is None:
            raise ValidationError(EMAIL_EXAMPLE)
        return normalize_email(value) or ""

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        if value and normalize_phone(value) is None:
            raise ValidationError(PHONE_EXAMPLE)
        return normalize_phone(value) or ""

    def clean(self):
        cleaned = super().clean()
        email, phone = cleaned.get("email"), cleaned.get("phone")
        if self.errors:
            return cleaned
        if email and phone:
            raise ValidationError(_("Fill in just one: your e-mail or your phone number."))
        if not email and not phone:
            field = "email" if "email" in self.fields else "phone"
            self.add_error(field, _("Enter the e-mail address or the phone number of your account.")
                           if "phone" in self.fields and "email" in self.fields else _("This field is required."))
        return cleaned

    @property
    def contact(self) -> tuple[str, str]:
        """(channel, contact): ("email", address) or ("sms", digits)."""
        if self.cleaned_data.get("email"):
            return "email", self.cleaned_data["email"]
        return "sms", self.cleaned_data["phone"]


# --- password change ---------------------------------------------------------------------------------------


class PasswordChangeForm(forms.Form):
    current_password = forms.CharField(label=_("Current password"), strip=False, max_length=PASSWORD_MAX_LENGTH,
                                       widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    new_password = new_password_field(_("New password"))
    new_password_again = forms.CharField(label=_("New password again"), strip=False, max_length=PASSWORD_MAX_LENGTH,
                                         widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        cleaned = super().clean()
        new, again = cleaned.get("new_password"), cleaned.get("new_password_again")
        if new and again is not None and new != again:
            self.add_error("new_password_again", _("The two new passwords are not the same."))
        if new and new == cleaned.get("current_password"):
            self.add_error("new_password", _("Choose a password different from the current one."))
        return cleaned
