"""The profile's forms: personal details (with the address, language, home store and consents)
and interests ("About you" has its own: portal/aboutyou/forms.py).

Each form is drawn from CareCloud's reference data (choices) and, when it is known, the customer's
current data (initial values; choices a customer may keep but no longer pick). Validation is the
portal's first (formats the spec requires, friendly messages); CareCloud's own 400s land on the
same fields through ``CareCloudFormMixin``. ``changes()`` and ``chosen()`` hand a service plain data.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from portal.core.forms import field_name, no_control_characters
from portal.core.shaping import GENDERS, localized, readable_phone

from .selectors import consent_values, language_name

# The spec's patterns (PersonalInformation.email on the lowercased address, .phone).
EMAIL_PATTERN = re.compile(
    r"^[-a-z0-9!#$%&'*+\\/=?^_`{|}~]+(\.[-a-z0-9!#$%&'*+\\/=?^_`{|}~]+)*"
    r"@([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])$"
)
PHONE_PATTERN = re.compile(r"^[1-9][0-9]{8,14}$")
OLDEST_BIRTHDATE = date(1900, 1, 1)
PERSONAL_FIELDS = ("first_name", "last_name", "pre_nominals", "post_nominals", "gender", "birthdate", "email",
                   "phone", "language_id", "store_id")
ADDRESS_FIELDS = ("address1", "address2", "address3", "zip", "city", "country_code")


def _sort_key(label: str) -> str:
    """Alphabetical in any language: "Česko" sorts with C, not after Z."""
    return "".join(c for c in unicodedata.normalize("NFD", label.casefold()) if not unicodedata.combining(c))


def phone_digits(value: str) -> str:
    """A phone number as CareCloud keeps it: the country prefix and digits (420777123456), from
    what people type (+420 777 123 456, 00420..., a Czech number without its prefix)."""
    digits = re.sub(r"[\s\-./()]", "", value or "")
    if digits.startswith("+"):
        digits = digits[1:]
    elif digits.startswith("00"):
        digits = digits[2:]
    if len(digits) == 9 and digits.isdigit():
        digits = "420" + digits
    return digits


def _text(label, *, max_length: int, autocomplete: str, required: bool = False, **attrs) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required,
                           validators=[no_control_characters],
                           widget=forms.TextInput(attrs={"autocomplete": autocomplete, **attrs}))


class ProfileForm(forms.Form):
    """Personal information, address, preferred language, home store and consents."""

    first_name = _text(_("First name"), max_length=100, autocomplete="given-name")
    last_name = _text(_("Last name"), max_length=100, autocomplete="family-name")
    pre_nominals = _text(_("Title before name"), max_length=50, autocomplete="honorific-prefix")
    post_nominals = _text(_("Title after name"), max_length=50, autocomplete="honorific-suffix")
    gender = forms.TypedChoiceField(label=_("Gender"), required=False, coerce=int, empty_value=None,
                                    widget=forms.Select(attrs={"autocomplete": "sex"}))
    birthdate = forms.DateField(
        label=_("Date of birth"), required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "autocomplete": "bday"}))
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email", "autocapitalize": "none",
                                                            "spellcheck": "false"}))
    phone = forms.CharField(label=_("Phone"), required=False, max_length=32,
                            help_text=_("With the country code, e.g. +420 777 123 456."),
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}))
    address1 = _text(_("Street"), max_length=100, autocomplete="address-line1")
    address2 = _text(_("Land registry number"), max_length=20, autocomplete="off")
    address3 = _text(_("House number"), max_length=20, autocomplete="off")
    zip = _text(_("Postcode"), max_length=20, autocomplete="postal-code")
    city = _text(_("Town or city"), max_length=100, autocomplete="address-level2")
    country_code = forms.ChoiceField(label=_("Country"), required=False,
                                     widget=forms.Select(attrs={"autocomplete": "country"}))
    language_id = forms.ChoiceField(label=_("Preferred language"),
                                    help_text=_("The language we write to you in. The portal switches to it too."),
                                    widget=forms.Select(attrs={"autocomplete": "language"}))
    store_id = forms.ChoiceField(label=_("Home store"), required=False,
                                 widget=forms.Select(attrs={"autocomplete": "off"}))

    def __init__(self, *args, languages: list[dict], countries: list[dict], stores: list[dict],
                 consents: list[dict], customer: dict | None = None, **kwargs):
        self.customer = customer
        info = (customer or {}).get("personal_information") or {}
        info = info if isinstance(info, dict) else {}
        super().__init__(*args, **kwargs)
        self._set_choices(info, languages, countries, stores)
        self.consent_names: dict[str, str] = {}  # form field name -> consent id
        self._add_consents(info, consents)
        if customer is not None and not self.is_bound:
            self.initial.update(self._initial(info))
        # What identifies the customer at login cannot be removed here, only changed.
        self.fields["email"].required = bool(info.get("email"))
        self.fields["phone"].required = bool(info.get("phone"))

    # --- drawing ---------------------------------------------------------------------------------

    def _set_choices(self, info: dict, languages, countries, stores) -> None:
        current_gender = info.get("gender")
        self.fields["gender"].choices = [("", _("Not given"))] + [
            (str(code), label) for code, label in GENDERS.items() if code != 3 or current_gender == 3]

        codes = [str(item.get("language_id")) for item in languages or []
                 if isinstance(item, dict) and item.get("language_id") and item.get("state", 1) != 0]
        current = str(info.get("language_id") or "")
        if current and current not in codes:
            codes.append(current)
        self.fields["language_id"].choices = sorted(
            ((code, _language_label(code)) for code in dict.fromkeys(codes)), key=lambda c: _sort_key(c[1]))

        country_names = {str(c.get("country_id")).lower(): c.get("name") or str(c.get("country_id")).upper()
                         for c in countries or [] if isinstance(c, dict) and c.get("country_id")}
        address = info.get("address") if isinstance(info.get("address"), dict) else {}
        current = str(address.get("country_code") or "").lower()
        if current and current not in country_names:
            country_names[current] = current.upper()
        self.fields["country_code"].choices = [("", _("Not given"))] + sorted(
            country_names.items(), key=lambda c: _sort_key(c[1]))

        # Stores a customer may choose: active ones shown to customers; the current one stays.
        # Before the customer record is known (CareCloud failing), any store of the project.
        current = str(info.get("store_id") or "")
        choices = {}
        for store in stores or []:
            if not isinstance(store, dict) or not store.get("store_id"):
                continue
            store_id = str(store["store_id"])
            offered = store.get("visibility_for_customer", 1) == 1 and store.get("state", 1) == 1
            if offered or store_id == current or self.customer is None:
                choices[store_id] = store.get("name") or store_id
        if current and current not in choices:
            choices[current] = _("Your current store")
        ordered = sorted(choices.items(), key=lambda c: _sort_key(str(c[1])))
        # A home store can be changed but not removed (the spec): no empty choice once there is one.
        self.fields["store_id"].choices = ordered if current else [("", _("No home store"))] + ordered
        self.fields["store_id"].required = bool(current)

    def _add_consents(self, info: dict, consents: list[dict]) -> None:
        values = consent_values(info, consents)
        for consent in consents or []:
            if not isinstance(consent, dict) or not consent.get("agreement_id"):
                continue
            consent_id = str(consent["agreement_id"])
            name = field_name("consent", consent_id)
            help_parts = [strip_tags(str(consent.get("text") or "")).strip()]
            if values.get(consent_id) == 1:
                help_parts.append(strip_tags(str(consent.get("withdrawal_text") or "")).strip())
            self.fields[name] = forms.BooleanField(
                label=localized(consent.get("name")) or _("Consent"), required=False,
                help_text=" ".join(part for part in help_parts if part))
            self.consent_names[name] = consent_id
            self.initial.setdefault(name, values.get(consent_id) == 1)

    def _initial(self, info: dict) -> dict:
        address = info.get("address") if isinstance(info.get("address"), dict) else {}
        phone = str(info.get("phone") or "").strip()
        gender = info.get("gender")
        return {
            **{name: str(info.get(name) or "") for name in ("first_name", "last_name", "pre_nominals",
                                                               "post_nominals", "email", "language_id",
                                                               "store_id")},
            "gender": str(gender) if isinstance(gender, int) else "",
            "birthdate": _date(info.get("birthdate")),
            "phone": readable_phone(phone),
            **{name: str(address.get(name) or "") for name in ADDRESS_FIELDS},
            "country_code": str(address.get("country_code") or "").lower(),
        }

    @property
    def sections(self) -> list[dict]:
        """The form's parts as the page shows them: a fieldset each (``id`` is its anchor)."""
        sections = [
            {"id": "personal", "title": _("Personal information"), "layout": "form-grid",
             "fields": ["first_name", "last_name", "pre_nominals", "post_nominals", "gender", "birthdate"]},
            {"id": "contact", "title": _("Contact"), "layout": "form-stack form-stack--narrow",
             "fields": ["email", "phone"]},
            {"id": "address", "title": _("Address"), "layout": "form-grid", "fields": list(ADDRESS_FIELDS)},
            {"id": "preferences", "title": _("Language and store"), "layout": "form-grid",
             "fields": ["language_id", "store_id"]},
            {"id": "consents", "title": _("Consents"), "layout": "form-stack", "fields": list(self.consent_names),
             "help": _("Tick a box to give your consent; untick it to withdraw it.")},
        ]
        return [{**section, "fields": [self[name] for name in section["fields"]]} for section in sections
                if section["fields"]]

    # --- validation --------------------------------------------------------------------------------

    def clean_email(self) -> str:
        email = (self.cleaned_data.get("email") or "").strip().lower()
        if email and not EMAIL_PATTERN.match(email):
            raise ValidationError(_("Enter your e-mail address in plain letters, e.g. jana@example.com."),
                                  code="pattern")
        return email

    def clean_phone(self) -> str:
        raw = (self.cleaned_data.get("phone") or "").strip()
        if not raw:
            return ""
        digits = phone_digits(raw)
        if not PHONE_PATTERN.match(digits):
            raise ValidationError(_("Enter your phone number with the country code, e.g. +420 777 123 456."),
                                  code="phone")
        return digits

    def clean_birthdate(self) -> date | None:
        birthdate = self.cleaned_data.get("birthdate")
        if birthdate and birthdate > timezone.localdate():
            raise ValidationError(_("The date of birth cannot be in the future."), code="future")
        if birthdate and birthdate < OLDEST_BIRTHDATE:
            raise ValidationError(_("Check the year of your date of birth."), code="too_old")
        return birthdate

    def changes(self) -> dict[str, Any]:
        """What the customer submitted, as the profile service takes it."""
        data = self.cleaned_data
        return {
            **{name: data.get(name) for name in PERSONAL_FIELDS},
            "address": {name: (data.get(name) or "").strip() for name in ADDRESS_FIELDS},
            "consents": {consent_id: bool(data.get(name)) for name, consent_id in self.consent_names.items()},
        }


def _language_label(code: str) -> str:
    """A language's name as the profile page names it ("Czech", "Čeština"), else its code."""
    name = language_name(code) or code.upper()
    return name[:1].upper() + name[1:]


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


class InterestsForm(forms.Form):
    interests = forms.MultipleChoiceField(
        label=_("What interests you"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose as many as you like; we tailor news and offers to them."))

    def __init__(self, *args, interests: list[dict], records: list[dict] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interests"].choices = [
            (str(i["interest_id"]), localized(i.get("name")) or str(i["interest_id"]))
            for i in interests or [] if isinstance(i, dict) and i.get("interest_id")]
        if records is not None and not self.is_bound:
            self.initial["interests"] = [str(r.get("interest_id")) for r in records if isinstance(r, dict)]

    @property
    def offered(self) -> set[str]:
        return {value for value, _label in self.fields["interests"].choices}

    def chosen(self) -> set[str]:
        return set(self.cleaned_data.get("interests") or [])
