"""Identity: external applications, customer tokens, customers, enterprise users and their tokens."""

import secrets

from django.contrib.auth.hashers import check_password, make_password
from django.db import models

from .base import SandboxModel


def new_secret() -> str:
    """An unguessable credential (tokens are bearer secrets)."""
    return secrets.token_hex(20)


class ExternalApplication(SandboxModel):
    """An application registered in the CareCloud project (the portal is one)."""

    name = models.CharField(max_length=200)

    def __str__(self):
        return self.name


class Customer(SandboxModel):
    """A customer account. Personal information is stored flat; the handlers shape it."""

    class State(models.IntegerChoices):
        DELETED = 0
        ACTIVE = 1
        INACTIVE = 2

    salutation = models.CharField(max_length=200, blank=True)
    gender = models.PositiveSmallIntegerField(null=True, blank=True)
    first_name = models.CharField(max_length=200, blank=True)
    last_name = models.CharField(max_length=200, blank=True)
    pre_nominals = models.CharField(max_length=100, blank=True)
    post_nominals = models.CharField(max_length=100, blank=True)
    birthdate = models.DateField(null=True, blank=True)
    email = models.CharField(max_length=254, blank=True, db_index=True)
    phone = models.CharField(max_length=32, blank=True, db_index=True)
    language_id = models.CharField(max_length=8, default="cs")
    store_id = models.CharField(max_length=64, blank=True)
    photo_url = models.CharField(max_length=500, blank=True)
    # {"address1".."address7", "zip", "city", "country_code"}
    address = models.JSONField(default=dict, blank=True)
    # {"agreement_gtc", "agreement_profiling", "agreement_marketing_communication",
    #  "custom_agreements": [{"agreement_id", "agreement_value"}]}
    agreement = models.JSONField(default=dict, blank=True)
    # [{"consent_id", "consent_value", "last_change"}]
    consents = models.JSONField(default=list, blank=True)
    # {"customer_source_record_id", "customer_source_id", "external_id", "last_change"}
    customer_source = models.JSONField(default=dict, blank=True)
    referral_code = models.CharField(max_length=64, blank=True)
    # The customer whose referral code this customer registered with (the referral relation).
    referred_by = models.CharField(max_length=64, blank=True)
    password = models.CharField(max_length=256, blank=True)
    doi_email = models.DateTimeField(null=True, blank=True)
    doi_phone = models.DateTimeField(null=True, blank=True)
    state = models.PositiveSmallIntegerField(choices=State.choices, default=State.ACTIVE)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self):
        return f"{self.first_name} {self.last_name} <{self.email}>"

    def set_password(self, raw: str) -> None:
        self.password = make_password(raw)

    def check_password(self, raw: str) -> bool:
        return bool(self.password) and check_password(raw, self.password)


class Token(SandboxModel):
    """A customer-interface token: made by POST /tokens, bound to a customer by a login."""

    id = models.CharField(primary_key=True, max_length=64, default=new_secret, editable=False)

    class State(models.TextChoices):
        ACTIVE = "active"
        LOGGED_OUT = "logged_out"
        REPLACED = "replaced"
        EXPIRED = "expired"

    external_application = models.ForeignKey(ExternalApplication, on_delete=models.CASCADE)
    device = models.JSONField(default=dict)
    device_id = models.CharField(max_length=200, db_index=True)
    setup = models.JSONField(default=dict)
    push_token = models.CharField(max_length=500, blank=True)
    customer = models.ForeignKey(Customer, null=True, blank=True, on_delete=models.CASCADE)
    state = models.CharField(max_length=16, choices=State.choices, default=State.ACTIVE)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(auto_now_add=True)


class ServiceUser(SandboxModel):
    """An enterprise-interface user (a CareCloud back-office/service account)."""

    login = models.CharField(max_length=150, unique=True)
    password = models.CharField(max_length=256)
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150)
    email = models.CharField(max_length=254)
    phone = models.CharField(max_length=32, blank=True)
    user_role_ids = models.JSONField(default=list, blank=True)
    store_id = models.CharField(max_length=64, blank=True)
    last_login = models.DateTimeField(null=True, blank=True)

    def set_password(self, raw: str) -> None:
        self.password = make_password(raw)

    def check_password(self, raw: str) -> bool:
        return check_password(raw, self.password)


class UserToken(SandboxModel):
    """An enterprise bearer token given by POST /users/actions/login."""

    id = models.CharField(primary_key=True, max_length=64, default=new_secret, editable=False)
    user = models.ForeignKey(ServiceUser, on_delete=models.CASCADE)
    valid_to = models.DateTimeField()
