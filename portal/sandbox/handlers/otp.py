"""Handlers of the one-time passwords: postSendOtp and postVerifyOtp (both interfaces: the spec
limits them to neither).

A code is "sent" by writing the message to the outbox (``/_sandbox/outbox``), to any recipient of a
valid shape, as CareCloud sends it whoever the recipient is: a caller that must not send codes to
strangers checks the recipient first (the portal does, with the enterprise interface).
"""

from __future__ import annotations

from .. import api, errors
from ..api import operation
from ..models import Customer, ExternalApplication, OneTimePassword, OutboxMessage
from .customers import EMAIL_RE, PHONE_RE, normalize_phone

_STR = {"type": "string"}
SEND_OTP = {
    "type": "object",
    "required": ["communication_channel_id", "recipient", "external_application_id"],
    "properties": {
        "external_application_id": _STR,
        "communication_channel_id": {"type": "integer", "enum": [1, 2, 4, 5]},
        "recipient": _STR,
        "otp_type": {"type": "integer", "enum": [1, 2]},
        "message_template_id": _STR,
    },
}
VERIFY_OTP = {
    "type": "object",
    "required": ["verification_code", "request_id", "external_application_id"],
    "properties": {"verification_code": _STR, "request_id": _STR, "external_application_id": _STR},
}

EMAIL, SMS = 1, 2
_MESSAGE = {
    "cs": {
        "subject": "Váš jednorázový kód",
        EMAIL: "Dobrý den,\n\nváš jednorázový kód je {code}.\n\nPlatí jednu hodinu a lze jej použít jen jednou. "
               "Pokud jste o kód nežádali, tuto zprávu prosím ignorujte.\n",
        SMS: "Váš jednorázový kód: {code} (platí 1 hodinu).",
    },
    "en": {
        "subject": "Your one-time code",
        EMAIL: "Hello,\n\nyour one-time code is {code}.\n\nIt is valid for one hour and can be used only once. If "
               "you did not ask for it, please ignore this message.\n",
        SMS: "Your one-time code: {code} (valid for 1 hour).",
    },
}


def _recipient(call: api.Call, channel_id: int, raw: str) -> str:
    """The recipient as the channel needs it (a lowercase e-mail address, a phone's digits)."""
    if channel_id not in (EMAIL, SMS):
        # Push and internal notifications go to an application installation the sandbox does not have.
        raise errors.invalid("communication_channel_id", errors.NOT_ALLOWED_VALUE, channel_id,
                             "The sandbox sends one-time passwords by e-mail or SMS only.")
    if channel_id == EMAIL:
        value, pattern, what = raw.strip().lower(), EMAIL_RE, "e-mail address"
    else:
        value, pattern, what = normalize_phone(raw), PHONE_RE, "phone number"
    if not pattern.match(value):
        raise errors.invalid("recipient", errors.INVALID_VALUE_FORMAT, raw, f"The recipient is not a valid {what}.")
    return value


@operation("postSendOtp", "POST", "/one-time-password/actions/send", body=SEND_OTP)
def post_send_otp(call: api.Call):
    body = call.body
    if not ExternalApplication.objects.filter(pk=body["external_application_id"]).exists():
        call.add_invalid("external_application_id", errors.NOT_FOUND, body["external_application_id"],
                         "Unknown external application.")
    if body.get("message_template_id"):
        call.add_invalid("message_template_id", errors.NOT_FOUND, body["message_template_id"],
                         "Unknown message template (the sandbox has none: leave it out for the default).")
    call.check()
    channel_id = body["communication_channel_id"]
    recipient = _recipient(call, channel_id, body["recipient"])
    otp, code = OneTimePassword.issue(external_application_id=body["external_application_id"],
                                      communication_channel_id=channel_id, recipient=recipient,
                                      otp_type=body.get("otp_type", 1))
    lookup = {"email": recipient} if channel_id == EMAIL else {"phone": recipient}
    customer = Customer.objects.filter(**lookup).exclude(state=Customer.State.DELETED).first()
    texts = _MESSAGE["cs" if call.lang == "cs" else "en"]
    OutboxMessage.objects.create(
        customer_id=customer.pk if customer else "",
        channel=OutboxMessage.Channel.EMAIL if channel_id == EMAIL else OutboxMessage.Channel.SMS,
        recipient=recipient,
        subject=texts["subject"] if channel_id == EMAIL else "",
        body=texts[channel_id].format(code=code),
    )
    return api.ok({"request_id": otp.pk})


@operation("postVerifyOtp", "POST", "/one-time-password/actions/verify", body=VERIFY_OTP)
def post_verify_otp(call: api.Call):
    """``is_valid``: true once for the right code within the hour; a wrong, expired or used code, or
    another application's request, is false. A request id that was never issued is 404."""
    body = call.body
    otp = OneTimePassword.objects.filter(pk=body["request_id"]).first()
    if otp is None:
        raise errors.not_found("one-time-password", body["request_id"])
    return api.ok({"is_valid": otp.verify(body["verification_code"], body["external_application_id"])})
