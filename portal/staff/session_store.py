"""The staff session store: Django's database sessions in their own table (``StaffSession``), with
the staff session's own, shorter age (``STAFF_SESSION_COOKIE_AGE``)."""

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

from .models import StaffSession


class StaffSessionStore(SessionStore):
    # The class name also salts the session data's signature: apart from the customers' store.

    @classmethod
    def get_model_class(cls):
        return StaffSession

    def get_session_cookie_age(self) -> int:
        return settings.STAFF_SESSION_COOKIE_AGE
