from django.apps import AppConfig


class InboxConfig(AppConfig):
    """The member's messages (label ``inbox``: ``messages`` is django.contrib.messages')."""

    name = "portal.inbox"
    label = "inbox"
    verbose_name = "Messages"
