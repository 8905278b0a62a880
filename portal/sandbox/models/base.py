import secrets

from django.db import models


def new_id() -> str:
    """A new record id shaped like CareCloud's (26 lowercase hex characters)."""
    return secrets.token_hex(13)[:26]


class SandboxModel(models.Model):
    """Base of every sandbox record: a CareCloud-style string id and a last-change stamp."""

    id = models.CharField(primary_key=True, max_length=64, default=new_id, editable=False)
    last_change = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
