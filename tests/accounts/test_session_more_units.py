"""The customer session's bookkeeping, called directly on a plain session (quick and precise, for
make mutation): a guest token is remembered with its language and forgotten again, an uncertain
registration is cleared, and logging in keeps the browser's device id (a new one would make
CareCloud replace the tokens of this device's other session)."""

from django.test import RequestFactory

from portal.accounts.session import DEVICE_KEY, GUEST_KEY, REGISTRATION_UNCERTAIN_KEY, CustomerSession


class PlainSession(dict):
    """What CustomerSession needs of a Django session: a mapping with cycle_key() and flush()."""

    def cycle_key(self):
        pass

    def flush(self):
        self.clear()


def customer_session(**stored) -> CustomerSession:
    request = RequestFactory().get("/")
    request.session = PlainSession(stored)
    return CustomerSession(request)


def test_a_remembered_guest_token_is_read_back_with_its_language_and_forgotten_again():
    session = customer_session()
    session.remember_guest(token="guest-token", language="cs")
    assert (session.guest_token, session.guest_language) == ("guest-token", "cs")
    session.forget_guest()
    assert (session.guest_token, session.guest_language) == (None, None)
    assert GUEST_KEY not in session._session


def test_clearing_an_uncertain_registration_lets_the_next_attempt_send_without_checking():
    session = customer_session()
    session.mark_registration_uncertain()
    assert session.registration_uncertain is True
    session.clear_registration_uncertain()
    assert session.registration_uncertain is False
    assert REGISTRATION_UNCERTAIN_KEY not in session._session


def test_logging_in_keeps_the_device_id_and_forgets_the_guest_token_and_the_uncertain_registration():
    session = customer_session(**{DEVICE_KEY: "portal-the-device", GUEST_KEY: {"token": "g", "language": "en"},
                                  REGISTRATION_UNCERTAIN_KEY: True})
    session.start(token="live-token", customer_id="c-1", language="en")
    assert session._session[DEVICE_KEY] == "portal-the-device"
    assert session.device_id == "portal-the-device"
    assert (session.token, session.customer_id, session.language) == ("live-token", "c-1", "en")
    assert session.guest_token is None
    assert session.registration_uncertain is False
