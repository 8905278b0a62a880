"""The account services' small helpers, called directly (quick and precise, for make mutation): a
refused login's token is logged out upstream, and CareCloud failing that is no error of the login."""

import pytest

from portal.accounts import services
from portal.carecloud import CareCloudError, UnavailableError


@pytest.mark.parametrize("failure", [None, UnavailableError(None), CareCloudError(409)])
def test_a_refused_logins_token_is_logged_out_and_a_failure_of_that_is_swallowed(monkeypatch, failure):
    logged_out = []

    def token_logout(*, token):
        logged_out.append(token)
        if failure:
            raise failure

    monkeypatch.setattr(services.resources, "token_logout", token_logout)
    assert services._logout_quietly("the-refused-token") is None
    assert logged_out == ["the-refused-token"]
