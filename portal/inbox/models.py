"""What the portal remembers of a member's messages: only how far they have seen them.

One row per customer: the send time of the newest message the member has seen in the list. No
message content, title or id, and not even the CareCloud customer id: the row is keyed by a keyed
hash of it (:func:`customer_key`), so the table alone says nothing about who anyone is.

Why a table and not the session: "new since the last visit" must survive logging out, another
device and a session's end; a session lives for one browser's visit.
"""

from django.db import models
from django.utils.crypto import salted_hmac


def customer_key(customer_id: str) -> str:
    """A keyed hash of the CareCloud customer id (SECRET_KEY's; a new key forgets the marks, and
    every message then counts as new once)."""
    return salted_hmac("portal.inbox.SeenMessages", str(customer_id), algorithm="sha256").hexdigest()


class SeenMessages(models.Model):
    customer_key = models.CharField(max_length=64, unique=True)
    seen_until = models.DateTimeField()  # the send time of the newest message seen
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "seen messages mark"
