"""Customer session services: log in, log out, switch language. Views call these, nothing else."""

import logging

from django.http import HttpRequest

from portal.carecloud import (
    AuthenticationError,
    CareCloudError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
    resources,
)

from .session import CustomerSession

log = logging.getLogger(__name__)


def session_login(*, request: HttpRequest, login_type: str, login_value: str, password: str,
                  language: str) -> str:
    """Create a token for this browser session's device, log the customer in with it and keep it
    server-side. Raises AuthenticationError on wrong credentials (the token then stays unused).

    An unknown login may be answered 401, 403 ("the client does not exist") or 404 depending on
    the project: all three are the same AuthenticationError, so the customer (and an attacker)
    cannot tell an unknown account from a wrong password, and each one counts as a failed login."""
    session = CustomerSession(request)
    try:
        token = resources.token_create(device_id=session.device_id, language=language)
    except (ValidationError, AuthenticationError, PermissionDeniedError, NotFoundError) as error:
        # Nothing the customer typed goes into postToken: a 4xx here is the portal's configuration.
        log.error("CareCloud refused to create a token (check CARECLOUD_EXTERNAL_APP_ID): %s", error)
        raise CareCloudError(error.status, title=error.title, detail=error.detail) from error
    try:
        customer_id = resources.token_login(token=token, login_type=login_type, login_value=login_value,
                                            password=password)
    except (PermissionDeniedError, NotFoundError) as error:
        raise AuthenticationError(error.status, title=error.title, detail=error.detail) from error
    session.start(token=token, customer_id=customer_id, language=language)
    log.info("customer logged in (%s)", login_type)
    return customer_id


def session_logout(*, request: HttpRequest) -> None:
    """Log the token out upstream (best effort: the local session ends whatever happens)."""
    session = CustomerSession(request)
    if session.token:
        try:
            resources.token_logout(token=session.token)
        except AuthenticationError:
            pass  # already expired or revoked upstream
        except CareCloudError as error:
            log.warning("CareCloud logout failed: %s", error)
    session.end()


def session_set_language(*, request: HttpRequest, language: str) -> None:
    """Make the token's setup follow the customer's language (when logged in). The session is
    ``request.customer``: in a staff member's preview, the preview's own token, never the session
    of a customer logged in in the same browser."""
    session = request.customer
    if session.is_authenticated:
        resources.token_set_language(token=session.token, language=language)
        session.remember_language(language)
