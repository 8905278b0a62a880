"""Demo data of the sandbox's OpenID Connect provider: the demo identity, and CareCloud's link
between it and the demo customer (social-network-login signs the demo customer in with it).
Idempotent: fixed ids."""

from . import ids


def seed() -> None:
    from ..models import OidcIdentity, SocialLink

    OidcIdentity.objects.update_or_create(pk=ids.DEMO_OIDC_IDENTITY, defaults={
        "given_name": "Tereza", "family_name": "Dvořáková", "email": ids.DEMO_EMAIL})
    SocialLink.objects.update_or_create(social_network_id=ids.OIDC_NETWORK_ID, subject=ids.DEMO_OIDC_IDENTITY,
                                        defaults={"customer_id": ids.DEMO_CUSTOMER})
