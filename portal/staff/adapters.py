"""The staff side's account decisions, in allauth's adapters (docs/architecture.md, "Staff")."""

import io
import time
from datetime import UTC, datetime

import segno
from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator

from .access import SECOND_FACTORS


class StaffAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        """No public sign-up: staff are created with ``manage.py createstaff`` or in Django admin."""
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """allauth asks for the password again before a second factor is added, even straight
        after the sign-in. A new staff member has just typed it (every staff page leads a staff
        member without a second factor to its setup): the onboarding (the authenticator app, then
        the recovery codes) goes in one go while the sign-in is younger than
        ``ACCOUNT_REAUTHENTICATION_TIMEOUT`` and every authenticator was made after it. Changing
        the factors of an account set up before this sign-in still asks for the password."""
        required = super().is_reauthentication_required(app=app, **kwargs)
        request = context.request
        if not required or app != "allauth.mfa" or request is None or not request.user.is_authenticated:
            return required
        recent = time.time() - account_settings.REAUTHENTICATION_TIMEOUT
        signed_in = [record["at"] for record in get_authentication_records(request, request.user)
                     if record.get("method") == "password" and isinstance(record.get("at"), (int, float))
                     and record["at"] >= recent]
        if not signed_in:
            return required
        older = Authenticator.objects.filter(user_id=request.user.pk,
                                             created_at__lt=datetime.fromtimestamp(max(signed_in), tz=UTC))
        return older.exists()


class StaffMFAAdapter(DefaultMFAAdapter):
    def build_totp_svg(self, url: str) -> str:
        """The authenticator app's QR code, drawn by segno like the portal's other QR codes.
        (allauth's default, qrcode's SVG writer, re-registers the SVG namespace in ElementTree for
        the whole process, and every barcode drawn afterwards would come out as <svg:svg>.)"""
        buffer = io.BytesIO()
        segno.make_qr(url, error="m").save(buffer, kind="svg", xmldecl=False, scale=4, border=4, dark="#000",
                                          light="#fff")
        return buffer.getvalue().decode()

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """A staff member keeps at least one second factor (a superuser can reset a lost one in
        Django admin, which leads its owner to set up a new one at the next sign-in)."""
        if authenticator.type not in SECOND_FACTORS:
            return True
        others = Authenticator.objects.filter(user_id=authenticator.user_id, type__in=SECOND_FACTORS)
        return others.exclude(pk=authenticator.pk).exists()
