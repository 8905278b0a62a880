"""Social network sign-in: postTokenSocialLogin, and the social_network_credentials that POST and
PUT /customers link to a customer (customers.py calls :func:`link_credentials`).

CareCloud checks a social network's token with the network itself. The sandbox can do that only for
its own identity provider (portal/sandbox/oidc.py, social network id ``SANDBOX_OIDC_NETWORK_ID``):
one of its access tokens stands for the identity it was issued to. Any other network cannot be asked
from here, so the token itself stands for the account.
"""

from django.conf import settings
from django.db import transaction

from .. import api, errors
from ..api import CUSTOMER, TOKEN, operation
from ..models import Customer, OidcAccessToken, SocialLink

TOKEN_PARAM = "social_network_credentials.social_network_token"

SOCIAL_LOGIN = {
    "type": "object",
    "required": ["social_network_credentials"],
    "properties": {
        "social_network_credentials": {
            "type": "object",
            "required": ["social_network_id", "social_network_token"],
            "properties": {"social_network_id": {"type": "string", "minLength": 1},
                           "social_network_token": {"type": "string", "minLength": 1}},
        },
    },
}


def social_subject(credentials: dict) -> str | None:
    """The account at the social network that the credentials prove (None: the token is not valid)."""
    network, token = credentials["social_network_id"], credentials["social_network_token"]
    if not token:
        return None
    if network == settings.SANDBOX_OIDC_NETWORK_ID:
        identity = OidcAccessToken.identity_for(token)
        return identity.pk if identity else None
    return token


def check_credentials(call: api.Call, credentials: dict | None, customer: Customer | None = None) -> str | None:
    """For POST/PUT /customers (of ``customer``): the subject the credentials prove, or an invalid
    param added (also when another customer is linked to the account already)."""
    if not credentials:
        return None
    subject = social_subject(credentials)
    if subject is None:
        call.add_invalid(TOKEN_PARAM, errors.INVALID_VALUE_FORMAT, "", "The social network token is not valid.")
    elif SocialLink.objects.filter(social_network_id=credentials["social_network_id"], subject=subject).exclude(
            customer_id=customer.pk if customer else "").exists():
        call.add_invalid(TOKEN_PARAM, errors.ALREADY_EXISTS, "",
                         "This social network account is linked to another customer already.")
    return subject


def link_credentials(customer: Customer, credentials: dict | None, subject: str | None) -> None:
    if credentials and subject:
        SocialLink.objects.update_or_create(social_network_id=credentials["social_network_id"], subject=subject,
                                            defaults={"customer_id": customer.pk})


@operation("postTokenSocialLogin", "POST", "/tokens/{token_id}/actions/social-network-login", interfaces=(CUSTOMER,),
           auth=TOKEN, body=SOCIAL_LOGIN)
def post_token_social_login(call: api.Call, token_id: str):
    """The token is logged in as the customer linked to the social network account; 400 when the
    network's token is not valid, 404 when no customer is linked to the account."""
    token = api.own_token(call, token_id)
    credentials = call.body["social_network_credentials"]
    subject = social_subject(credentials)
    if subject is None:
        raise errors.invalid(TOKEN_PARAM, errors.INVALID_VALUE_FORMAT, "", "The social network token is not valid.")
    link = SocialLink.objects.filter(social_network_id=credentials["social_network_id"], subject=subject).first()
    customer = (Customer.objects.filter(pk=link.customer_id, state=Customer.State.ACTIVE).first() if link else None)
    if customer is None:
        raise errors.not_found("customer", "")
    with transaction.atomic():
        token.customer = customer
        token.save(update_fields=["customer", "last_change"])
    return api.ok({"customer_id": customer.pk})
