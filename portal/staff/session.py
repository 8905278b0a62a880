"""``request.customer`` during a preview: the previewed customer's token and id, for this request.

It is a :class:`~portal.accounts.session.CustomerSession` whose data come from the preview
instead of the browser's session, so every customer page and selector runs unchanged. It never
reads or writes ``request.session``: a customer logged in in the same browser keeps their session
as it was, and is themselves again when the preview ends.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from portal.accounts.session import DEVICE_KEY, SESSION_KEY, CustomerSession

from . import services
from .models import Preview


class PreviewCustomerSession(CustomerSession):
    is_preview = True

    def __init__(self, request: HttpRequest, preview: Preview):
        credential = preview.credential
        self._request = request
        self.preview = preview
        # Detached: a plain dict for this request, never saved anywhere.
        self._session = {
            SESSION_KEY: {"token": credential.token, "customer_id": preview.customer_id,
                          "language": credential.language},
            DEVICE_KEY: credential.device_id,
        }

    def remember_language(self, language: str) -> None:
        super().remember_language(language)
        services.preview_set_language(preview=self.preview, language=language)

    def start(self, **kwargs) -> None:
        raise PermissionDenied("A preview never logs a customer in.")

    def end(self) -> None:
        """The customer's session "ended" (CareCloud refused the token): the preview ends."""
        services.preview_end(request=self._request, reason=Preview.EndReason.UPSTREAM)
