"""Staff services: searching customers (audited), starting, resuming and ending a preview.

A preview is a fresh customer-interface token logged in with an authentication token the
enterprise interface issues for the customer: no password, no customer login, no device of the
customer's. Its token lives in ``PreviewCredential`` (server-side, deleted once logged out), the
staff session holds only the preview's id, and every preview ends (token logged out upstream)
when the staff member ends it, when its time runs out, or when the staff member may no longer
preview.
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from portal.carecloud import AuthenticationError, CareCloudError, PermissionDeniedError, enterprise, resources

from . import access, selectors
from .models import CustomerSearch, Preview, PreviewCredential, PreviewPageView

log = logging.getLogger(__name__)

PREVIEW_SESSION_KEY = "staff_preview_id"
RESULTS_SESSION_KEY = "staff_search_results"
PREVIEW_DEVICE_NAME = "Staff preview"  # how the preview's token shows among the customer's devices


# --- search ----------------------------------------------------------------------------------------


def customers_search(*, request: HttpRequest, kind: str, query: str) -> selectors.SearchResult:
    """Find customers and record the search (who, what, when, from where, whom it found), also
    when CareCloud fails. The staff session remembers the active customers found: a preview can
    be started only for one of them."""
    staff = request.user
    audit = CustomerSearch(staff=staff, staff_email=staff.email, ip=access.client_ip(request), kind=kind,
                           query=query[:254])
    try:
        result = selectors.customers_find(kind=kind, query=query)
    except CareCloudError:
        audit.save()
        raise
    audit.result_count = len(result.matches)
    audit.customer_ids = [match.customer_id for match in result.matches]
    audit.save()
    request.staff_session[RESULTS_SESSION_KEY] = {
        match.customer_id: match.name or match.email or match.customer_id for match in result.matches if match.active
    }
    log.info("staff %s searched customers by %s: %d found", staff.pk, kind, len(result.matches))
    return result


def searched_customer(*, request: HttpRequest, customer_id: str) -> str | None:
    """The name of ``customer_id`` if the staff member's last search found it (else None)."""
    return (request.staff_session.get(RESULTS_SESSION_KEY) or {}).get(customer_id)


# --- preview ---------------------------------------------------------------------------------------


def preview_start(*, request: HttpRequest, customer_id: str, customer_name: str, reason: str,
                  language: str) -> Preview:
    """Log a fresh customer-interface token in as the customer and open a preview bound to this
    staff member and session, for ``STAFF_PREVIEW_SECONDS``."""
    previews_sweep()
    staff = request.user
    authentication_token, token_request_id = enterprise.customer_auth_token(customer_id=customer_id)
    device_id = f"staff-preview-{secrets.token_hex(12)}"
    token = resources.token_create(device_id=device_id, language=language, device_name=PREVIEW_DEVICE_NAME)
    try:
        logged_in = resources.token_auth_token_login(token=token, authentication_token=authentication_token,
                                                     token_request_id=token_request_id)
        if logged_in != customer_id:
            raise PermissionDeniedError(403, title="The authentication token logged in another customer")
    except CareCloudError:
        _log_out(token)
        raise
    started = timezone.now()
    with transaction.atomic():
        preview = Preview.objects.create(
            staff=staff, staff_email=staff.email, customer_id=customer_id, customer_name=customer_name,
            reason=reason, language=language, ip=access.client_ip(request), started_at=started,
            expires_at=started + timedelta(seconds=settings.STAFF_PREVIEW_SECONDS),
        )
        PreviewCredential.objects.create(preview=preview, token=token, device_id=device_id, language=language)
    # More power in this session from now on: a new key (a key seen before the preview is worth nothing).
    request.staff_session.cycle_key()
    request.staff_session[PREVIEW_SESSION_KEY] = preview.pk
    log.info("staff %s started preview %s", staff.pk, preview.pk)
    return preview


def preview_resume(*, request: HttpRequest) -> tuple[Preview | None, str | None]:
    """The preview of this staff session if it may go on, else ``(None, why it ended)``: its time
    ran out, or its staff member is no longer who opened it or may no longer preview (signed out,
    deactivated, permission or second factor removed). Ends (and logs out) one that may not."""
    preview_id = request.staff_session.get(PREVIEW_SESSION_KEY)
    if preview_id is None:
        return None, None
    preview = Preview.objects.select_related("credential").filter(pk=preview_id).first()
    if preview is None or preview.ended_at is not None:
        request.staff_session.pop(PREVIEW_SESSION_KEY, None)
        return None, preview.end_reason if preview else None
    staff = request.staff_user
    if preview.expires_at <= timezone.now():
        reason = Preview.EndReason.EXPIRED
    elif staff.pk != preview.staff_id or not access.may_preview(staff):
        reason = Preview.EndReason.REVOKED
    else:
        return preview, None
    request.staff_session.pop(PREVIEW_SESSION_KEY, None)
    _close(preview.pk, reason)
    return None, reason


def preview_end(*, request: HttpRequest, reason: str = Preview.EndReason.ENDED) -> Preview | None:
    """End this staff session's preview (if any): recorded, and its token logged out."""
    preview_id = request.staff_session.pop(PREVIEW_SESSION_KEY, None)
    if preview_id is None:
        return None
    _close(preview_id, reason)
    log.info("staff preview %s ended (%s)", preview_id, reason)
    return Preview.objects.filter(pk=preview_id).first()


def preview_set_language(*, preview: Preview, language: str) -> None:
    """Remember the language the preview token's setup now has (after putToken)."""
    PreviewCredential.objects.filter(pk=preview.pk).update(language=language)


def preview_record_page(*, preview: Preview, request: HttpRequest, response: HttpResponse) -> None:
    PreviewPageView.objects.create(preview=preview, method=request.method[:8],
                                   path=request.get_full_path()[:500], status=response.status_code)


def previews_sweep() -> int:
    """End every preview whose time ran out (its staff member may never come back) and log out
    every token left of an ended one (e.g. CareCloud was down when it ended). Returns how many
    tokens were logged out. Runs at every preview start and from ``manage.py endpreviews``."""
    Preview.objects.filter(ended_at__isnull=True, expires_at__lte=timezone.now()).update(
        ended_at=F("expires_at"), end_reason=Preview.EndReason.EXPIRED)
    left = PreviewCredential.objects.filter(preview__ended_at__isnull=False).values_list("pk", flat=True)
    return sum(_log_out_credential(pk) for pk in list(left))


def _close(preview_id: int, reason: str) -> None:
    Preview.objects.filter(pk=preview_id, ended_at__isnull=True).update(ended_at=timezone.now(), end_reason=reason)
    _log_out_credential(preview_id)


def _log_out_credential(preview_id: int) -> bool:
    """Log the preview's token out upstream and forget it; kept for the next sweep if CareCloud
    cannot be reached now. True when it was logged out here."""
    credential = PreviewCredential.objects.filter(pk=preview_id).first()
    if credential is None:
        return False
    if not _log_out(credential.token):
        return False
    credential.delete()
    return True


def _log_out(token: str) -> bool:
    try:
        resources.token_logout(token=token)
    except AuthenticationError:
        pass  # already dead upstream
    except CareCloudError as error:
        log.warning("CareCloud did not log a preview token out (it will be tried again): %s", error)
        return False
    return True
