"""Reads for the messages pages: the messages the programme sent the member, newest first and a
page at a time (getMessages, paged by CareCloud), one message with its text (getMessage and
getSubMessageDetail at once), and how many are new since the member last looked.

"New" is a message sent after the newest one the member has seen in the list (the portal's own
mark, :mod:`portal.inbox.models`) that CareCloud has not seen opened either (``opened_time``, set
when the member opened the e-mail). Before the first visit every unopened message is new.

A message's text is shown as text: its plain-text body, or else the text of its HTML body
(:mod:`portal.inbox.text`); CareCloud's HTML never reaches the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.session import CustomerSession, customer_auth
from portal.carecloud import customer_cache, resources
from portal.carecloud import exceptions as cc
from portal.carecloud.reads import concurrently
from portal.core.shaping import URL_ID, Pagination, to_datetime

from .models import SeenMessages, customer_key
from .text import html_to_text

MESSAGE_PAGE_SIZE = 10
# The most new messages counted (one read): the navigation shows "50" for any number above.
NEW_COUNT_CEILING = 50

CHANNELS = {
    1: _("E-mail"),
    2: _("Text message"),
    4: _("Notification"),
    5: _("Notification"),
}


@dataclass(frozen=True)
class MessageHeader:
    message_id: str
    detail_url: str
    title: str
    sent: datetime | None
    channel: str
    is_new: bool


@dataclass(frozen=True)
class MessagesPage:
    messages: list[MessageHeader]
    pagination: Pagination

    @property
    def newest_sent(self) -> datetime | None:
        return max((m.sent for m in self.messages if m.sent), default=None)


@dataclass(frozen=True)
class MessageDetail:
    header: MessageHeader
    text: str
    attachments: tuple[str, ...]


def seen_until(customer_id: str) -> datetime | None:
    """The send time of the newest message the member has seen (None before the first visit)."""
    mark = SeenMessages.objects.filter(customer_key=customer_key(customer_id)).first()
    return mark.seen_until if mark else None


def _is_new(message: dict, sent: datetime | None, seen: datetime | None) -> bool:
    if message.get("opened_time"):
        return False
    return seen is None or (sent is not None and sent > seen)


def _detail_url(message_id) -> str:
    if not isinstance(message_id, str) or not URL_ID.fullmatch(message_id):
        return ""
    return reverse("inbox:message-detail", kwargs={"message_id": message_id})


def _header(message: dict, seen: datetime | None) -> MessageHeader:
    sent = to_datetime(message.get("send_time"))
    return MessageHeader(
        message_id=str(message.get("message_id") or ""),
        detail_url=_detail_url(message.get("message_id")),
        title=str(message.get("title") or "").strip(),
        sent=sent,
        channel=str(CHANNELS.get(message.get("communication_channel_id"), "")),
        is_new=_is_new(message, sent, seen),
    )


def messages_for_customer(*, session: CustomerSession, page: int = 1) -> MessagesPage:
    """One page of the member's messages, newest first, each marked new or not."""
    auth = customer_auth(session)
    pagination = Pagination(number=page, size=MESSAGE_PAGE_SIZE, total=0)
    result = resources.messages(**auth, count=pagination.size, offset=pagination.offset)
    seen = seen_until(session.customer_id)
    return MessagesPage(
        messages=[_header(m, seen) for m in result.items if isinstance(m, dict)],
        pagination=Pagination(number=page, size=pagination.size, total=result.total),
    )


def _carecloud_time(value: datetime) -> str:
    """A moment as CareCloud's filters take it: local time, ``YYYY-MM-DD HH:MM:SS``."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")


def new_messages_count(*, session: CustomerSession) -> int:
    """How many messages are new since the member last looked (at most NEW_COUNT_CEILING), in
    one read: those sent after the mark (a second after it: CareCloud's times are whole seconds
    and its interval includes its start), less those CareCloud saw opened."""
    return new_messages_count_for(auth=customer_auth(session), seen=seen_until(session.customer_id))


def new_messages_count_for(*, auth: dict, seen: datetime | None) -> int:
    """:func:`new_messages_count` from plain values (to run beside other reads): ``seen`` is
    :func:`seen_until` read by the caller."""
    since = _carecloud_time(seen + timedelta(seconds=1)) if seen else None
    result = resources.messages(**auth, count=NEW_COUNT_CEILING, send_time_from=since)
    return sum(1 for m in result.items if isinstance(m, dict) and _is_new(m, to_datetime(m.get("send_time")), seen))


def message_detail(*, session: CustomerSession, message_id: str) -> MessageDetail:
    """One of the member's own messages with its text (NotFoundError for anyone else's: getMessage
    is "a specific message" of the project, so its customer must be the session's)."""
    token = session.token
    reads = concurrently(
        header=lambda: resources.message_get(token=token, message_id=message_id),
        detail=lambda: resources.message_detail(token=token, message_id=message_id),
    )
    header, detail = reads["header"], reads["detail"]
    if not isinstance(header, dict) or str(header.get("customer_id") or "") != str(session.customer_id):
        raise cc.NotFoundError(404, title="Not the customer's message")
    detail = detail if isinstance(detail, dict) else {}
    text = str(detail.get("plain_text_body") or "").strip() or html_to_text(str(detail.get("html_body") or ""))
    attachments = tuple(str(a.get("attachment_format")) for a in detail.get("attachments") or []
                        if isinstance(a, dict) and a.get("attachment_format"))
    return MessageDetail(header=_header({**header, "message_id": message_id}, seen_until(session.customer_id)),
                         text=text, attachments=attachments)


def new_messages_cache_name(seen: datetime | None) -> str:
    """The per-session cache entry of the new messages' count since ``seen``: a new mark (the
    member opened the messages) names another entry, so a count kept before it is never shown."""
    return f"new-messages:{seen.timestamp() if seen else 0}"


def cached_new_messages_count(*, token: str, customer_id: str) -> int | None:
    """The count the overview last read for this session and mark, without asking CareCloud
    (None when there is none): the navigation's badge on every page."""
    if not token or not customer_id:
        return None
    return customer_cache.peek(token=token, name=new_messages_cache_name(seen_until(customer_id)))
