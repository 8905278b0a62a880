"""The staff side's account decisions, in allauth's adapters (docs/architecture.md, "Staff")."""

import io

import segno
from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator

from .access import SECOND_FACTORS


class StaffAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        """No public sign-up: staff are created with ``manage.py createstaff`` or in Django admin."""
        return False


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
