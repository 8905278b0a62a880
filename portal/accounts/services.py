"""Customer account services: log in, log out, switch language, register, ask for a new password,
change the password. Views call these, nothing else.

Every write is logged without personal data or tokens: what happened, never to whom.
"""

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.http import HttpRequest
from django.utils import translation

from portal.carecloud import (
    AuthenticationError,
    CareCloudError,
    NotFoundError,
    PermissionDeniedError,
    ServerError,
    UnavailableError,
    ValidationError,
    enterprise,
    reference,
    resources,
)
from portal.core.linked_apps import LinkedApplication

from . import attribution, signals, throttle
from .session import CustomerSession

log = logging.getLogger(__name__)

T = TypeVar("T")


def _brief(error: CareCloudError) -> str:
    """An error for a log line about a customer's input: the status and the reasons only, never
    CareCloud's text or the values, which may repeat the e-mail or phone number given."""
    reasons = sorted({f"{str(p.get('name') or '').rsplit('.', 1)[-1]}:{p.get('reason')}" for p in error.invalid_params})
    return f"{error.status or 'no answer'} {type(error).__name__}" + (f" {reasons}" if reasons else "")


def _new_token(*, device_id: str, language: str | None) -> str:
    """postToken for a device. Nothing the customer typed goes into it: a 4xx here is the
    portal's configuration (the external application id), said as such in the log."""
    try:
        return resources.token_create(device_id=device_id, language=language)
    except (ValidationError, AuthenticationError, PermissionDeniedError, NotFoundError) as error:
        log.error("CareCloud refused to create a token (check CARECLOUD_EXTERNAL_APP_ID): %s", error)
        raise CareCloudError(error.status, title=error.title, detail=error.detail) from error


def session_login(*, request: HttpRequest, logins: list[tuple[str, str]], password: str,
                  language: str, started: float) -> str:
    """Create a token for this browser session's device, log the customer in with it and keep it
    server-side, throttled (throttle.py): ``started`` is time.monotonic() at the start of the view,
    from which a failure's answer time is padded to the floor.

    ``logins``: the ``(login_type, login_value)`` pairs the login field's value may be
    (forms.login_candidates), tried in turn with the same token until one is accepted: a number
    that may be a phone or a card is tried as both, and counts as ONE failed attempt when both fail.

    Raises LoginThrottled when this client used up its failed attempts (CareCloud is not asked
    when that is known beforehand), AuthenticationError on wrong credentials (the token then stays
    unused), ValidationError when CareCloud finds every login malformed, CareCloudError when it
    fails (not counted, not padded: it says nothing about the account).

    An unknown login may be answered 401, 403 ("the client does not exist") or 404 depending on
    the project: all three are the same AuthenticationError, so the customer (and an attacker)
    cannot tell an unknown account from a wrong password, and each one counts as a failed login."""
    attempt = throttle.LoginAttempt(request, logins=logins, started=started)
    if attempt.refused():
        raise throttle.LoginThrottled()
    session = CustomerSession(request)
    token = _new_token(device_id=session.device_id, language=language)
    refusals: list[CareCloudError] = []
    customer_id = way = None
    for login_type, login_value in logins:
        try:
            customer_id = resources.token_login(token=token, login_type=login_type, login_value=login_value,
                                                password=password)
        except (AuthenticationError, PermissionDeniedError, NotFoundError, ValidationError) as error:
            refusals.append(error)
            continue
        way = login_type
        break
    if customer_id is None:
        refused = attempt.failed()
        attempt.pad()
        if refused:
            raise throttle.LoginThrottled() from refusals[-1]
        # Malformed only when every way was malformed; else the login or password is wrong.
        wrong = next((error for error in refusals if not isinstance(error, ValidationError)), None)
        if wrong is None:
            raise refusals[-1]
        if isinstance(wrong, AuthenticationError):
            raise wrong
        raise AuthenticationError(wrong.status, title=wrong.title, detail=wrong.detail) from wrong
    if attempt.succeeded(customer_id=customer_id):
        _logout_quietly(token)
        attempt.pad()
        raise throttle.LoginThrottled()
    attempt.pad()
    return session_bind(request=request, token=token, customer_id=customer_id, language=language, way=way)


def session_bind(*, request: HttpRequest, token: str, customer_id: str, language: str | None, way: str) -> str:
    """Every way in ends here: the browser session now holds ``token``, which CareCloud has bound to
    ``customer_id``. The session key and CSRF secret are rotated (CustomerSession.start), the guest
    token is forgotten, and the way in is logged (never the token or the login value). Each way in
    (password, one-time code, social account, an authentication token handed over by another
    application) obtains the token its own way, throttled its own way, and then calls this."""
    CustomerSession(request).start(token=token, customer_id=customer_id, language=language)
    log.info("customer logged in (%s)", way)
    return customer_id


def session_login_with_auth_token(*, request: HttpRequest, authentication_token: str, token_request_id: str,
                                  language: str, way: str) -> str:
    """Log this browser session in with an authentication token (postTokenAuthTokenLogin): one that
    the enterprise interface issued for the portal's own application (a one-time code's sign-in), or
    one another application of the retailer handed over. A new token for this session's device is
    logged in with it; CareCloud's refusal (AuthenticationError and the like) leaves it unused and the
    session as it was."""
    session = CustomerSession(request)
    token = _new_token(device_id=session.device_id, language=language)
    customer_id = resources.token_auth_token_login(token=token, authentication_token=authentication_token,
                                                   token_request_id=token_request_id)
    return session_bind(request=request, token=token, customer_id=customer_id, language=language, way=way)


class SocialAccountUnknown(Exception):
    """CareCloud has no customer linked to this social network account (it answered 404 or 403)."""


def session_login_with_social(*, request: HttpRequest, social_network_id: str, social_network_token: str,
                              language: str) -> str:
    """Log this browser session in with a social network account (postTokenSocialLogin): the
    network's id and the token the network gave the portal. A new token for this session's device
    is logged in with them. Raises SocialAccountUnknown when CareCloud links no customer to the
    account (the token then stays unused), and the client's errors for anything else."""
    session = CustomerSession(request)
    token = _new_token(device_id=session.device_id, language=language)
    try:
        customer_id = resources.token_social_login(token=token, social_network_id=social_network_id,
                                                   social_network_token=social_network_token)
    except (NotFoundError, PermissionDeniedError) as error:
        log.info("social sign-in: no customer linked (%s, %s)", social_network_id, error.status)
        raise SocialAccountUnknown() from error
    return session_bind(request=request, token=token, customer_id=customer_id, language=language,
                        way=f"social {social_network_id}")


def session_handover_url(*, request: HttpRequest, application: LinkedApplication) -> str:
    """Where to send the logged-in member to open another of the retailer's applications signed in
    (the API guide's "How to authenticate customers in external application"): the application's
    URL with an authentication token CareCloud issued for it (getTokenAuthentication with the
    session's token and the application's external application id) and its token_request_id. The
    token is logged nowhere; the hand-over is logged by the application's name."""
    session = request.customer
    granted = resources.token_auth_token_for(token=session.token, external_application_id=application.application_id)
    log.info("customer handed over to a linked application (%s)", application.name)
    return application.url_with(token=granted["authentication_token"], token_request_id=granted["token_request_id"])


def _logout_quietly(token: str) -> None:
    try:
        resources.token_logout(token=token)
    except CareCloudError as error:
        log.info("a refused login's token was not logged out: %s", error)


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


# --- a token before login (registration, forgotten password) -------------------------------------------


def session_guest_token(*, request: HttpRequest, language: str | None = None) -> str:
    """A token of this browser session's own device that no customer is logged in with, for the
    pages of a visitor: made on first use and kept in the session (session.py). ``language``: the
    language its setup must have (CareCloud writes messages sent through the token in it); None
    when any will do. A logged-in customer's own token is answered instead: a new token for the
    device would replace it."""
    session = CustomerSession(request)
    if session.is_authenticated:
        return session.token
    token = session.guest_token
    if token and (language is None or session.guest_language == language):
        return token
    if token:
        try:
            resources.token_set_language(token=token, language=language)
            session.remember_guest(token=token, language=language)
            return token
        except AuthenticationError:
            pass  # expired or replaced upstream: a new one below
    language = language or translation.get_language()
    token = _new_token(device_id=session.device_id, language=language)
    session.remember_guest(token=token, language=language)
    return token


def session_guest_call(*, request: HttpRequest, call: Callable[[Callable[[], str]], T],
                       language: str | None = None) -> T:
    """``call(token)``, where ``token()`` gives the session's guest token (made only if ``call``
    asks for it); once more with a new token if CareCloud answers 401: the token expired or was
    replaced, and the request was not carried out."""
    session = CustomerSession(request)

    def token() -> str:
        return session_guest_token(request=request, language=language)

    try:
        return call(token)
    except AuthenticationError:
        if session.is_authenticated:
            raise
        session.forget_guest()
        return call(token)


# --- registration ----------------------------------------------------------------------------------------


class RegistrationMayExist(Exception):
    """An earlier attempt of this registration got no clear answer (a timeout, a 5xx), and now
    CareCloud says the e-mail or phone is taken: that attempt most likely created the account."""


def _taken(error: ValidationError) -> bool:
    return any(param.get("reason") == "already_exists"
               and str(param.get("name") or "").rsplit(".", 1)[-1] in ("email", "phone")
               for param in error.invalid_params)


def _ensure_not_registered(request: HttpRequest, info: dict) -> None:
    """Before sending again a registration whose first attempt may have gone through: ask CareCloud
    whether its e-mail and phone are still free (postCustomersCheckRegistrationAbility). A project
    that does not allow the check from the customer interface leaves it to POST /customers, whose
    duplicate check then answers the same question (see customer_register)."""
    for kind in ("email", "phone"):
        value = info.get(kind)
        if not value:
            continue
        try:
            able = session_guest_call(request=request, call=lambda token: resources.customer_registration_ability(
                token=token(), kind=kind, value=value))
        except (PermissionDeniedError, NotFoundError, ValidationError) as error:
            log.info("registration check not available (%s); POST /customers will tell", error.status)
            return
        if not able:
            raise RegistrationMayExist()


def customer_register(*, request: HttpRequest, customer: dict, password: str, property_records: list[dict],
                      referral_code: str = "", social_network_credentials: dict | None = None) -> str:
    """Create the customer's account (postCustomer with autologin) with the session's guest token,
    which CareCloud logs in as the new customer, and start the portal session with it.

    Never sent twice blindly: when an attempt gets no clear answer (timeout, 5xx) the session
    remembers it, and the next attempt first asks whether the e-mail or phone is still free;
    RegistrationMayExist is raised when it is not. A 401 is retried once with a new token (it means
    the token was refused, so nothing was created)."""
    session = CustomerSession(request)
    info = customer["personal_information"]
    uncertain = session.registration_uncertain
    if uncertain:
        _ensure_not_registered(request, info)
    source_id = attribution.customer_source_for(request)
    # A social network account to sign in with from now on (portal/accounts/social.py), when there is one.
    social = {"social_network_credentials": social_network_credentials} if social_network_credentials else {}
    try:
        customer_id = session_guest_call(request=request, call=lambda token: resources.customer_create(
            token=token(), customer=customer, customer_source={"customer_source_id": source_id}, password=password,
            autologin=True, property_records=property_records, referral_code=referral_code or None, **social))
    except ValidationError as error:
        session.clear_registration_uncertain()  # CareCloud answered: nothing was created
        if any(str(p.get("name") or "").endswith("customer_source_id") for p in error.invalid_params):
            log.error("CareCloud does not know the customer source (check PORTAL_CUSTOMER_SOURCE_ID): %s",
                      _brief(error))
        if uncertain and _taken(error):
            raise RegistrationMayExist() from error
        raise
    except (UnavailableError, ServerError):
        session.mark_registration_uncertain()
        log.warning("a registration got no clear answer from CareCloud; the next attempt checks first")
        raise
    # The guest token is the one CareCloud logged in (with the language of its setup).
    session.start(token=session.guest_token, customer_id=customer_id, language=session.guest_language)
    log.info("customer registered (customer source %s, %d property records, referral code: %s, social: %s)",
             source_id, len(property_records), "yes" if referral_code else "no",
             (social_network_credentials or {}).get("social_network_id", "no"))
    for receiver, result in signals.customer_registered.send_robust(sender=customer_register, request=request,
                                                                    customer_id=customer_id):
        if isinstance(result, Exception):
            log.error("after the registration, %s failed: %r", getattr(receiver, "__qualname__", receiver), result)
    return customer_id


# --- forgotten password --------------------------------------------------------------------------------

# The least time one forgotten-password request takes, whatever CareCloud does with the contact:
# whether an account exists must not show in how long the answer takes either.
PASSWORD_SETUP_MIN_SECONDS = 0.5
# invalid_params reasons that say the contact is malformed (the same for any account): shown on the
# field. Any other refusal (not_found...) would tell whether an account exists: never shown.
CONTACT_FORMAT_REASONS = {"invalid_value_format", "empty", "required"}


class ContactFormatError(Exception):
    """CareCloud finds the contact malformed (not a valid e-mail address or phone number)."""


def _channel_id(kind: str) -> str:
    for channel in reference.communication_channels():
        if channel.get("text_id") == kind and channel.get("communication_channel_id"):
            return str(channel["communication_channel_id"])
    raise CareCloudError(title="Communication channel missing", detail=f"the project has no {kind} channel")


def password_setup_send(*, request: HttpRequest, channel: str, contact: str, language: str) -> None:
    """Ask CareCloud to send a password-setup link to ``contact`` through ``channel`` ("email" or
    "sms"), written in ``language`` (postTokenSendPasswordSetup, with the session's guest token).

    The caller learns nothing about whether an account has this contact: an unknown contact, like a
    known one, returns normally (CareCloud's own refusals other than a malformed contact are only
    logged), and every call takes at least PASSWORD_SETUP_MIN_SECONDS. Raises ContactFormatError
    for a malformed contact and CareCloudError when CareCloud fails."""
    started = time.monotonic()
    try:
        channel_id = _channel_id(channel)
        session_guest_call(request=request, language=language, call=lambda token: resources.token_send_password_setup(
            token=token(), communication_channel_id=channel_id, recipient=contact))
    except ValidationError as error:
        if any(p.get("reason") in CONTACT_FORMAT_REASONS and str(p.get("name") or "") in ("recipient", "email")
               for p in error.invalid_params):
            raise ContactFormatError() from error
        log.warning("CareCloud declined a password-setup request (%s): %s", channel, _brief(error))
    except (PermissionDeniedError, NotFoundError) as error:
        log.warning("CareCloud declined a password-setup request (%s): %s", channel, _brief(error))
    finally:
        throttle.pad(started, PASSWORD_SETUP_MIN_SECONDS)
    log.info("password setup requested (%s)", channel)


# --- sign-in with a one-time code ------------------------------------------------------------------

# Wrong codes that end a code request: the member asks for a new code (which the "login-code" rate
# limit counts).
LOGIN_CODE_MAX_WRONG = 5


class LoginCodeMissing(Exception):
    """No code request is under way in this session (none was made, it ended after too many wrong
    codes, or it was used): ask for a new code."""

    def __init__(self, *, too_many: bool = False):
        super().__init__()
        self.too_many = too_many


class WrongLoginCode(Exception):
    """The code is not the one sent (or it expired, or was used): ``left`` attempts remain."""

    def __init__(self, *, left: int):
        super().__init__()
        self.left = left


def login_code_enabled() -> bool:
    """The sign-in with a code needs the enterprise service user: it finds the customer behind the
    contact, sends and verifies the code and issues the authentication token."""
    return enterprise.get_enterprise().configured


def _customer_for_contact(channel: str, contact: str) -> str | None:
    """The id of the one active customer with this e-mail or phone (enterprise getCustomers); None
    when there is none, or more than one (then nobody can be told apart)."""
    items = enterprise.customers(count=5, **{"email" if channel == "email" else "phone": contact}).items
    found = {str(item["customer_id"]) for item in items if isinstance(item, dict) and item.get("customer_id")
             and item.get("state", throttle.ACTIVE) == throttle.ACTIVE}
    return found.pop() if len(found) == 1 else None


def login_code_send(*, request: HttpRequest, channel: str, contact: str, shown: str, started: float) -> None:
    """Start a sign-in with a one-time code: when ``contact`` (an e-mail address, or a phone number
    as CareCloud keeps it) belongs to a customer, CareCloud sends it a numeric code (postSendOtp,
    ``channel`` "email" or "sms") in the active language; an unknown contact is sent nothing. Either
    way the session remembers a code request (``shown``: the contact as the page shows it), and the
    call returns no sooner than the login's failure floor after ``started``: the answer and its time
    are the same whether or not the contact has an account. CareCloudError when CareCloud fails."""
    session = CustomerSession(request)
    session.forget_login_code()
    try:
        customer_id = _customer_for_contact(channel, contact)
        request_id = enterprise.otp_send(channel=channel, recipient=contact) if customer_id else None
    finally:
        _pad_login_code(started)
    session.remember_login_code(request_id=request_id, customer_id=customer_id if request_id else None,
                                contact=shown, wrong=0)
    log.info("sign-in code requested (%s)", channel)


def _pad_login_code(started: float) -> None:
    floor = throttle.failure_floor()
    elapsed = time.monotonic() - started
    if floor and elapsed > floor:
        log.warning("a sign-in code answer took %.0f ms, longer than its floor of %.0f ms: raise "
                    "PORTAL_LOGIN_FAILURE_FLOOR", elapsed * 1000, floor * 1000)
    throttle.pad(started, floor)


def login_code_verify(*, request: HttpRequest, code: str, language: str, started: float) -> str:
    """Sign in with the code sent by login_code_send: CareCloud verifies it (postVerifyOtp), issues
    an authentication token of the customer for the portal's own application
    (postCustomersAuthToken) and the session's new token logs in with it
    (session_login_with_auth_token). A wrong code raises WrongLoginCode, no sooner than the failure
    floor after ``started`` (a request for an unknown contact, which has no code, answers alike);
    the LOGIN_CODE_MAX_WRONG-th ends the request (LoginCodeMissing with ``too_many``)."""
    session = CustomerSession(request)
    pending = session.login_code
    if not pending:
        raise LoginCodeMissing()
    valid = False
    if pending.get("request_id"):
        try:
            valid = enterprise.otp_verify(request_id=pending["request_id"], verification_code=code)
        except (ValidationError, NotFoundError) as error:
            log.info("CareCloud refused to verify a sign-in code: %s", _brief(error))
    if not valid:
        wrong = int(pending.get("wrong") or 0) + 1
        _pad_login_code(started)
        if wrong >= LOGIN_CODE_MAX_WRONG:
            session.forget_login_code()
            log.warning("a sign-in code request ended after %d wrong codes", wrong)
            raise LoginCodeMissing(too_many=True)
        session.remember_login_code(**{**pending, "wrong": wrong})
        raise WrongLoginCode(left=LOGIN_CODE_MAX_WRONG - wrong)
    session.forget_login_code()  # the code is used: whatever happens next, a new one is needed
    authentication_token, token_request_id = enterprise.customer_auth_token(customer_id=pending["customer_id"])
    return session_login_with_auth_token(request=request, authentication_token=authentication_token,
                                         token_request_id=token_request_id, language=language, way="code")


# --- password change -------------------------------------------------------------------------------------


class WrongPassword(Exception):
    """The current password given to change it is not the customer's."""


class LoggedOutAfterPasswordChange(Exception):
    """The password was changed, but CareCloud ended the session and logging in again failed."""


def _login_of(session: CustomerSession, customer: dict) -> tuple[str, str]:
    """How this customer logs in: e-mail, else phone, else a valid card's number."""
    info = customer.get("personal_information") or {}
    if info.get("email"):
        return "email", str(info["email"])
    if info.get("phone"):
        return "phone", str(info["phone"]).lstrip("+")
    for card in resources.customer_cards_every(token=session.token, customer_id=session.customer_id, is_valid=True):
        if card.get("card_number"):
            return "card", str(card["card_number"])
    raise CareCloudError(title="No login", detail="the customer has no e-mail, phone or card to log in with")


def _verify_password(session: CustomerSession, login: tuple[str, str], password: str, language: str) -> None:
    """Log a fresh token in with the password (a device of its own, so the customer's live token
    is not replaced); the token is logged out at once and never kept."""
    token = _new_token(device_id=session.verification_device_id, language=language)
    try:
        customer_id = resources.token_login(token=token, login_type=login[0], login_value=login[1], password=password)
    except (AuthenticationError, PermissionDeniedError, NotFoundError, ValidationError) as error:
        raise WrongPassword() from error
    finally:
        try:
            resources.token_logout(token=token)
        except CareCloudError as error:
            log.info("the verification token was not logged out: %s", error)
    if customer_id != session.customer_id:
        raise WrongPassword()


def customer_password_change(*, request: HttpRequest, current_password: str, new_password: str,
                             language: str) -> None:
    """Change the logged-in customer's password: the current one re-verified by a fresh token
    login, then putCustomer with the whole customer record as CareCloud gave it plus ``password``.

    The spec does not say what a password change does to the customer's tokens (a project may keep
    them or end them). So the session's token is tried afterwards; if CareCloud ended it, the customer is
    logged in again with the new password (same device), and LoggedOutAfterPasswordChange is
    raised only if that fails too. Raises WrongPassword for a wrong current password."""
    session = CustomerSession(request)
    customer = resources.customer_get(token=session.token, customer_id=session.customer_id)
    login = _login_of(session, customer)
    _verify_password(session, login, current_password, language)
    resources.customer_update(token=session.token, customer_id=session.customer_id, customer=customer,
                              password=new_password)
    log.info("customer changed the password")
    try:
        resources.customer_get(token=session.token, customer_id=session.customer_id)
        return
    except AuthenticationError:
        log.info("CareCloud ended the session after the password change; logging in again")
    try:
        token = _new_token(device_id=session.device_id, language=session.language or language)
        customer_id = resources.token_login(token=token, login_type=login[0], login_value=login[1],
                                            password=new_password)
    except CareCloudError as error:
        session.end()
        raise LoggedOutAfterPasswordChange() from error
    session.start(token=token, customer_id=customer_id, language=session.language or language)
