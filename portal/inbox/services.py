"""The one write of the messages pages, on the portal's side only: how far the member has seen
their messages (:class:`portal.inbox.models.SeenMessages`). CareCloud is never written to."""

from __future__ import annotations

from datetime import datetime

from portal.accounts.session import CustomerSession

from .models import SeenMessages, customer_key


def messages_mark_seen(*, session: CustomerSession, until: datetime) -> None:
    """The member has seen every message sent up to ``until``; the mark only moves forward."""
    key = customer_key(session.customer_id)
    mark, created = SeenMessages.objects.get_or_create(customer_key=key, defaults={"seen_until": until})
    if not created and mark.seen_until < until:
        SeenMessages.objects.filter(pk=mark.pk, seen_until__lt=until).update(seen_until=until)
