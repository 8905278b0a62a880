"""The one write of the messages pages, on the portal's side only: how far the member has seen
their messages (:class:`portal.inbox.models.SeenMessages`). CareCloud is never written to."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction

from portal.accounts.session import CustomerSession

from .models import SeenMessages, customer_key


def messages_mark_seen(*, session: CustomerSession, until: datetime) -> None:
    """The member has seen every message sent up to ``until``; the mark only moves forward (two
    pages of the same member at once: the later mark wins, the first row is made once)."""
    key = customer_key(session.customer_id)
    if SeenMessages.objects.filter(customer_key=key, seen_until__lt=until).update(seen_until=until):
        return
    if SeenMessages.objects.filter(customer_key=key).exists():
        return  # already at or beyond ``until``
    try:
        with transaction.atomic():
            SeenMessages.objects.create(customer_key=key, seen_until=until)
    except IntegrityError:  # made by another request of the member's at the same moment
        SeenMessages.objects.filter(customer_key=key, seen_until__lt=until).update(seen_until=until)
