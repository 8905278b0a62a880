"""Staff sessions, the audit trail of customer searches and previews, and a preview's credential.

The audit trail (``CustomerSearch``, ``Preview``, ``PreviewPageView``) is append-only from the
portal's side and read-only in Django admin. A preview's CareCloud token lives apart, in
``PreviewCredential``, which no admin page shows and which is deleted once the token is logged out.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StaffSession(AbstractBaseSession):
    """Staff sessions live in their own table (and cookie): a customer's session key is unknown
    here and a staff member's unknown to the customers' store, so swapping cookies yields nothing."""

    class Meta:
        verbose_name = _("staff session")


class StaffAction(models.Model):
    """Who did it, from where: the staff member (kept: a user with audit entries cannot be
    deleted, only deactivated), their e-mail as it was then, and the client's IP address."""

    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("staff member"))
    staff_email = models.CharField(_("staff e-mail"), max_length=254)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        abstract = True


class CustomerSearch(StaffAction):
    class Kind(models.TextChoices):
        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Phone")
        NAME = "name", _("Name")
        CARD = "card", _("Card number")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    kind = models.CharField(_("search by"), max_length=8, choices=Kind.choices)
    query = models.CharField(_("query"), max_length=254)
    # None: CareCloud could not be asked (the search failed).
    result_count = models.PositiveIntegerField(_("results"), null=True, blank=True)
    customer_ids = models.JSONField(_("customers found"), default=list, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("customer search")
        verbose_name_plural = _("customer searches")

    def __str__(self) -> str:
        return f"{self.staff_email}: {self.get_kind_display()} {self.query}"


class Preview(StaffAction):
    class EndReason(models.TextChoices):
        ENDED = "ended", _("Ended by the staff member")
        EXPIRED = "expired", _("Time ran out")
        REVOKED = "revoked", _("Staff access withdrawn")
        UPSTREAM = "upstream", _("CareCloud ended the session")

    customer_id = models.CharField(_("customer id"), max_length=64, db_index=True)
    customer_name = models.CharField(_("customer"), max_length=254)
    reason = models.CharField(_("reason"), max_length=200)
    language = models.CharField(_("language"), max_length=8)
    started_at = models.DateTimeField(_("started"), default=timezone.now, db_index=True)
    expires_at = models.DateTimeField(_("expires"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    end_reason = models.CharField(_("end reason"), max_length=16, choices=EndReason.choices, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("customer preview")
        verbose_name_plural = _("customer previews")
        # The one permission that lets a staff member search customers and preview their accounts.
        permissions = [("preview_customer", _("Can search customers and preview their accounts"))]

    def __str__(self) -> str:
        return f"{self.staff_email} → {self.customer_name}"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None and self.expires_at > timezone.now()


class PreviewPageView(models.Model):
    """One request of the staff member's browser during a preview (the refused ones too)."""

    preview = models.ForeignKey(Preview, on_delete=models.PROTECT, related_name="page_views")
    at = models.DateTimeField(_("when"), default=timezone.now)
    method = models.CharField(_("method"), max_length=8)
    path = models.CharField(_("page"), max_length=500)
    status = models.PositiveSmallIntegerField(_("status"))

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("page view")
        verbose_name_plural = _("page views")

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


class PreviewCredential(models.Model):
    """The preview's CareCloud customer-interface token: a credential, kept only while it may be
    alive upstream (deleted once logged out), never shown in admin, never in the audit rows."""

    preview = models.OneToOneField(Preview, on_delete=models.CASCADE, primary_key=True, related_name="credential")
    token = models.CharField(max_length=255)
    device_id = models.CharField(max_length=64)
    language = models.CharField(max_length=8)  # the token's setup language (putToken keeps it in step)
