"""Messages: the messages CareCloud sent customers, one message and its detail (the bodies).

getMessages, getMessage and getSubMessageDetail, on both interfaces (sending one,
postMessageSend, is the enterprise interface's action and is not emulated). A customer token sees
only its own customer's messages: a ``customer_id`` filter naming anyone else is a 403, another
customer's message a 404, as if it did not exist. A message is the record of what went out, in the
language it was written in (not translated per request).
"""

from __future__ import annotations

from .. import api, errors
from ..api import CUSTOMER_LOGIN, operation
from ..models import Message

MESSAGE_FIELDS = {"message_id", "status", "message_template_id", "customer_id", "contact", "title", "send_time",
                  "opened_time", "mail_client_user_agent", "mail_client_language", "communication_channel_id",
                  "last_change"}


def serialize_message(message: Message) -> dict:
    return api.compact({
        "message_id": message.pk,
        "status": message.status,
        "message_template_id": message.message_template_id,
        "customer_id": message.customer_id,
        "contact": message.contact,
        "title": message.title,
        "send_time": api.fmt_ts(message.send_time),
        "opened_time": api.fmt_ts(message.opened_time),
        "communication_channel_id": message.communication_channel_id,
        "message_data": list(message.message_data or []),
        "last_change": api.fmt_ts(message.last_change),
    })


def _visible(call: api.Call, message_id: str) -> Message:
    message = Message.objects.filter(pk=message_id).first()
    if message is None or (not call.is_enterprise and message.customer_id != call.customer.pk):
        raise errors.not_found("messages", message_id)
    return message


@operation("getMessages", "GET", "/messages", auth=CUSTOMER_LOGIN)
def get_messages(call: api.Call):
    """Filters: ``customer_id``, ``contact``, ``communication_channel_id`` and the send time's
    interval (``send_time_from``/``send_time_to``, both included; a message never sent has no
    send time and falls outside any interval)."""
    customer_id = call.q_str("customer_id")
    contact = call.q_str("contact")
    channel = call.q_int("communication_channel_id", choices=tuple(Message.Channel.values))
    send_time_from = call.q_datetime("send_time_from")
    send_time_to = call.q_datetime("send_time_to")
    call.check()
    messages = Message.objects.all()
    if customer_id is not None:
        messages = messages.filter(customer_id=call.customer_scope(customer_id).pk)
    elif not call.is_enterprise:
        messages = messages.filter(customer_id=call.customer.pk)
    if contact is not None:
        messages = messages.filter(contact=contact)
    if channel is not None:
        messages = messages.filter(communication_channel_id=channel)
    if send_time_from is not None:
        messages = messages.filter(send_time__gte=send_time_from)
    if send_time_to is not None:
        messages = messages.filter(send_time__lte=send_time_to)
    return call.page("messages", [serialize_message(message) for message in messages], MESSAGE_FIELDS)


@operation("getMessage", "GET", "/messages/{message_id}", auth=CUSTOMER_LOGIN)
def get_message(call: api.Call, message_id: str):
    return api.ok(serialize_message(_visible(call, message_id)))


@operation("getSubMessageDetail", "GET", "/messages/{message_id}/detail", auth=CUSTOMER_LOGIN)
def get_message_detail(call: api.Call, message_id: str):
    """The bodies as they were sent (either may be empty: an SMS has no HTML)."""
    message = _visible(call, message_id)
    return api.ok(api.compact({
        "plain_text_body": message.plain_text_body,
        "html_body": message.html_body,
        "attachments": [{"attachment_format": name} for name in message.attachment_formats or []],
        "last_change": api.fmt_ts(message.last_change),
    }) | {"plain_text_body": message.plain_text_body, "html_body": message.html_body})
