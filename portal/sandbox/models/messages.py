"""Sandbox model of the messages group: the messages CareCloud sent customers (see
handlers/messages.py). A sent message is a record of what went out, in the language it was
written in: its title and bodies are plain text, not translated per request."""

from django.db import models

from .base import SandboxModel

__all__ = ["Message"]


class Message(SandboxModel):
    class Status(models.IntegerChoices):
        NOT_SENT = 0
        SENT = 1
        RETURNED = -1
        SOFT_BOUNCE = -2
        ERROR = 2
        NO_CONSENT = 4
        RETRY = 5

    class Channel(models.IntegerChoices):
        EMAIL = 1
        SMS = 2
        PUSH = 4
        INTERNAL = 5

    customer_id = models.CharField(max_length=64, db_index=True)
    message_template_id = models.CharField(max_length=64)
    contact = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=300, blank=True)
    status = models.SmallIntegerField(choices=Status.choices, default=Status.SENT)
    communication_channel_id = models.PositiveSmallIntegerField(choices=Channel.choices, default=Channel.EMAIL)
    send_time = models.DateTimeField(null=True, blank=True)
    opened_time = models.DateTimeField(null=True, blank=True)
    plain_text_body = models.TextField(blank=True)
    html_body = models.TextField(blank=True)
    message_data = models.JSONField(default=list, blank=True)  # [{"parameter_name", "value"}]
    attachment_formats = models.JSONField(default=list, blank=True)  # ["general_terms.pdf"]

    class Meta:
        ordering = ["-send_time", "id"]
