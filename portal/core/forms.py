"""What every form of the portal shares (docs/architecture.md, "Errors" and "Translations").

- CareCloud's ``400`` answers name the bad parameters in ``invalid_params`` with a generic reason
  code: :func:`add_carecloud_errors` puts them next to the right form field, in the customer's
  language (CareCloud's own English text is never shown).
- Any other failure of a write is one of a few kinds, each with one translated message
  (:data:`FAILURE_MESSAGES`); :class:`CareCloudFormMixin` re-renders the form with everything the
  customer typed (password inputs excepted, they never render a value) and that message.
- A form whose choices CareCloud cannot give (reference lists unreadable, nothing cached) is still
  drawn on a POST, with what was typed: :func:`keep_typed` keeps every submitted value the form
  cannot show as a hidden input (``components/kept_input.html``), so sending it again loses nothing.
- :class:`PortalFormRenderer` draws every field with ``components/field.html``, so
  ``{{ form.field.as_field_group }}`` and ``{% include "components/field.html" %}`` look alike.
- :func:`field_name` names a field after a CareCloud id, :func:`no_control_characters` refuses
  text with line breaks and the like (the profile's and "About you" forms).
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Mapping
from http import HTTPStatus

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _

from portal.carecloud import exceptions as cc

log = logging.getLogger(__name__)

# The spec's generic reasons of invalid_params (BadRequestErrorBody), as a customer reads them.
REASON_MESSAGES = {
    "already_exists": _("This is already registered to another account."),
    "empty": _("This field cannot be empty."),
    "required": _("This field is required."),
    "not_found": _("We could not find this. Check it and try again."),
    "not_allowed_value": _("This value is not allowed. Choose another one."),
    "invalid_value_format": _("This does not look right. Check the format and try again."),
    "relation_already_exists": _("This is already saved in your account."),
    "not_belong_to_logged_in_customer": _("This does not belong to your account."),
    "deleted": _("This is no longer available."),
}
DEFAULT_REASON_MESSAGE = _("This value was not accepted. Check it and try again.")

# Failures of a write that are not about one field, by kind.
FAILURE_MESSAGES = {
    "unavailable": _("We could not save this right now: the loyalty programme is not responding. Nothing you "
                     "entered is lost; please try again in a few minutes."),
    "rate_limited": _("Too many attempts in a short time. Please wait a few minutes and try again."),
    "refused": _("The loyalty programme did not accept this. Please try again later or contact us."),
    "invalid": _("Some details were not accepted. Check the form and try again."),
    "choices": _("Some choices of this form cannot be shown right now. What you chose is kept and is sent "
                 "again with the form."),
}
# Submitted fields that are never drawn back into a page.
NEVER_KEPT = ("csrfmiddlewaretoken",)


def reason_message(reason: object) -> str:
    """The translated message for one of CareCloud's reason codes (unknown ones get a general one)."""
    return str(REASON_MESSAGES.get(str(reason or ""), DEFAULT_REASON_MESSAGE))


def add_carecloud_errors(form: forms.Form, error: cc.ValidationError, fields: Mapping[str, str] | None = None) -> None:
    """Put CareCloud's ``invalid_params`` onto ``form``.

    ``fields`` maps a CareCloud parameter name to a form field name: the full name as CareCloud sends
    it (``customer.personal_information.email``) or its last segment (``email``); a parameter that
    is also a form field maps to itself. Whatever maps to no field becomes one form-wide error, so
    nothing CareCloud refused goes unmentioned."""
    fields = dict(fields or {})
    unplaced = False
    for param in error.invalid_params:
        names = param.get("name")
        names = names if isinstance(names, list) else [names]
        message = reason_message(param.get("reason"))
        placed = False
        for name in (str(n) for n in names if n):
            field = fields.get(name) or fields.get(name.rsplit(".", 1)[-1]) or name.rsplit(".", 1)[-1]
            if field in form.fields:
                if message not in form.errors.get(field, []):
                    form.add_error(field, message)
                placed = True
        unplaced = unplaced or not placed
    if unplaced or not error.invalid_params:
        form.add_error(None, FAILURE_MESSAGES["invalid"])


def keep_typed(form: forms.Form) -> list[tuple[str, str]]:
    """For a bound form drawn without CareCloud's choices: keep what the form cannot show.

    A choice field that still has choices offers a submitted value it does not know as it was
    sent; a choice field left without any choice, and a submitted field the form does not have
    (a consent or a question whose definition could not be read), go along as hidden inputs
    (``form.kept``, drawn by ``components/kept_input.html``). Passwords are never drawn back.
    Returns ``form.kept``."""
    kept: list[tuple[str, str]] = []
    for name in form.data:
        if name in NEVER_KEPT or "password" in name:
            continue
        values = [str(v) for v in form.data.getlist(name) if str(v) != ""]
        field = form.fields.get(name)
        if field is None:
            kept += [(name, value) for value in values]
        elif isinstance(field, forms.ChoiceField):
            known = {str(value) for value, _label in field.choices if str(value) != ""}
            if known:
                field.choices = [*field.choices, *((value, value) for value in values if value not in known)]
            else:
                field.choices = []  # draws no choice (and sends none): the hidden input carries it
                kept += [(name, value) for value in values]
    form.kept = kept
    return kept


class CareCloudFormMixin:
    """For FormViews whose ``form_valid`` calls one service: :meth:`carecloud_failed` turns the
    service's CareCloudError into the right answer, in the errors' order (docs/architecture.md, "Errors").

    - An expired session (401) is raised on: the middleware sends the customer to log in again.
    - Not found → the 404 page.
    - Validation (400) → the errors next to the fields (``carecloud_fields`` maps the names).
    - Rate limited (429) → the form again, answered 429, with a message.
    - Anything else (5xx, timeout, refused) → the form again with everything typed, a message and
      a log line, answered 503 for an unavailable CareCloud.
    """

    carecloud_fields: Mapping[str, str] = {}

    def get_form(self, form_class=None) -> forms.Form:
        """In a staff member's read-only preview every field is disabled (PreviewMiddleware refuses
        the POST before any view anyway)."""
        form = super().get_form(form_class)
        if getattr(self.request, "read_only", False):
            for field in form.fields.values():
                field.disabled = True
        return form

    def fail(self, form: forms.Form, message, status: int = HTTPStatus.OK, field: str | None = None) -> HttpResponse:
        """The form again, with ``message`` (on ``field``, or above the form) and ``status``."""
        if message:
            form.add_error(field, message)
        response = self.form_invalid(form)
        response.status_code = status
        return response

    def carecloud_failed(self, form: forms.Form, error: cc.CareCloudError) -> HttpResponse:
        if isinstance(error, cc.AuthenticationError):
            raise error
        if isinstance(error, cc.NotFoundError):
            raise Http404("CareCloud did not find it") from error
        if isinstance(error, cc.ValidationError):
            add_carecloud_errors(form, error, self.carecloud_fields)
            return self.fail(form, None)
        if isinstance(error, cc.RateLimitError):
            return self.fail(form, FAILURE_MESSAGES["rate_limited"], HTTPStatus.TOO_MANY_REQUESTS)
        if isinstance(error, (cc.UnavailableError, cc.ServerError)):
            log.warning("CareCloud failed during %s: %s", type(self).__name__, error)
            return self.fail(form, FAILURE_MESSAGES["unavailable"], HTTPStatus.SERVICE_UNAVAILABLE)
        log.warning("CareCloud refused %s: %s", type(self).__name__, error)
        return self.fail(form, FAILURE_MESSAGES["refused"])

    def choices_failed(self, form: forms.Form, error: cc.CareCloudError) -> HttpResponse:
        """A POST whose form could only be drawn without CareCloud's choices (``form`` built from
        empty ones): the form again with everything typed (:func:`keep_typed`) and what happened;
        nothing is sent. A kept choice is not called invalid ("not one of the available choices"):
        the form could not offer it, and it goes along as typed."""
        kept = keep_typed(form)
        if kept:
            for name in {name for name, _value in kept}:
                form.errors.pop(name, None)
            form.add_error(None, FAILURE_MESSAGES["choices"])
        return self.carecloud_failed(form, error)


class PortalFormRenderer(TemplatesSetting):
    """Django's renderer with the project's templates, and every field drawn by our component."""

    field_template_name = "components/field.html"


# --- fields of the customer's own forms --------------------------------------------------------------

_SAFE_NAME = re.compile(r"[0-9A-Za-z_-]{1,64}")


def field_name(prefix: str, identifier: str) -> str:
    """A form field name for a CareCloud id: the id itself when it is plain, else its digest (an id
    is never trusted to be a safe HTML id)."""
    if _SAFE_NAME.fullmatch(identifier):
        return f"{prefix}_{identifier}"
    return f"{prefix}_{hashlib.sha256(identifier.encode()).hexdigest()[:16]}"


def no_control_characters(value: str) -> None:
    if any(unicodedata.category(c) == "Cc" for c in value or ""):
        raise ValidationError(_("Remove the special characters (line breaks, tabs and the like)."), code="control")
