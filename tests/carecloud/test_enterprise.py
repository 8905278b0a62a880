"""The enterprise client: the service user's token, cached and renewed, never shown; and its GET, on a
fake customer-interface client: it carries the service user's cached token, and after a 401 (the
token expired or was revoked) logs in once more and repeats."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
import responses
from django.core.cache import cache
from django.utils import timezone

from portal.carecloud import ServerError
from portal.carecloud import enterprise as operations
from portal.carecloud.enterprise import EnterpriseClient, NotConfiguredError, get_enterprise
from portal.carecloud.exceptions import AuthenticationError

pytestmark = pytest.mark.django_db


def test_the_token_is_cached_until_shortly_before_carecloud_ends_it(enterprise, ids):
    page = operations.customers(count=5, email=ids.DEMO_EMAIL)
    assert [c["customer_id"] for c in page.items] == [ids.DEMO_CUSTOMER]
    key = get_enterprise().token_cache_key
    token = cache.get(key)
    assert token and cache._expire_info[cache.make_and_validate_key(key)] > timezone.now().timestamp() + 3600
    since = enterprise.last_seq()
    operations.cards(card_number=ids.DEMO_CARD_NUMBER, count=5)
    assert [e["operation_id"] for e in enterprise.requests_log(since)] == ["getCards"]


def test_an_auth_token_is_issued_for_the_portals_application(enterprise, ids):
    token, request_id = operations.customer_auth_token(customer_id=ids.DEMO_CUSTOMER)
    assert token and request_id and token != request_id


def test_another_service_user_never_reuses_the_token(enterprise, settings):
    first = get_enterprise().token_cache_key
    settings.CARECLOUD_ENTERPRISE_LOGIN = "someone-else"
    assert get_enterprise().token_cache_key != first


def test_without_credentials_nothing_is_asked(settings, carecloud):
    settings.CARECLOUD_ENTERPRISE_API_URL = carecloud.enterprise_url
    settings.CARECLOUD_ENTERPRISE_LOGIN = settings.CARECLOUD_ENTERPRISE_PASSWORD = ""
    since = carecloud.last_seq()
    with pytest.raises(NotConfiguredError):
        operations.customers(count=1, email="a@example.com")
    assert carecloud.requests_log(since) == []


@responses.activate
def test_a_login_answer_without_a_token_is_a_server_error(settings):
    settings.CARECLOUD_ENTERPRISE_API_URL = "https://cc.example.com/webservice/rest-api/enterprise-interface/v1.0"
    settings.CARECLOUD_ENTERPRISE_LOGIN, settings.CARECLOUD_ENTERPRISE_PASSWORD = "user", "secret"
    responses.post(settings.CARECLOUD_ENTERPRISE_API_URL + "/users/actions/login", json={"data": {}})
    with pytest.raises(ServerError):
        operations.customers(count=1, email="a@example.com")


@pytest.mark.parametrize("valid_to,expected", [
    (None, operations.TOKEN_DEFAULT_TTL),
    ("tomorrow", operations.TOKEN_DEFAULT_TTL),
    ("2000-01-01 00:00:00", 1),
])
def test_the_cache_time_follows_valid_to(valid_to, expected):
    assert operations._ttl(valid_to) == expected


def test_the_cache_time_ends_a_minute_before_valid_to():
    valid_to = timezone.localtime() + timedelta(hours=2)
    seconds = operations._ttl(valid_to.strftime("%Y-%m-%d %H:%M:%S"))
    assert 2 * 3600 - operations.TOKEN_MARGIN - 5 <= seconds <= 2 * 3600 - operations.TOKEN_MARGIN


# --- the GET, on a fake customer-interface client ---------------------------------------------------------


def _client(answers: dict):
    """A client whose GET answers by token (a 401 for a token not in ``answers``) and whose login
    hands out the token "fresh"; ``calls`` records (method, path, token, kwargs)."""
    calls = []

    def get(path, *, token, **kwargs):
        calls.append(("GET", path, token, kwargs))
        if token not in answers:
            raise AuthenticationError(401, title="Token expired")
        return answers[token]

    def post(path, **kwargs):
        calls.append(("POST", path, None, {}))
        return {"bearer_token": "fresh", "valid_to": None}

    return SimpleNamespace(base_url="https://cc.example.com/enterprise", get=get, post=post), calls


def test_a_get_carries_the_cached_service_token_and_its_arguments():
    client, calls = _client({"cached": {"customers": []}})
    enterprise = EnterpriseClient(client=client, login="svc", password="secret")
    cache.set(enterprise.token_cache_key, "cached")
    assert enterprise.get("/customers", params={"email": "a@example.com"}) == {"customers": []}
    assert calls == [("GET", "/customers", "cached", {"params": {"email": "a@example.com"}})]


def test_a_get_refused_with_401_logs_in_again_and_is_repeated_once():
    client, calls = _client({"fresh": {"cards": [1]}})
    enterprise = EnterpriseClient(client=client, login="svc", password="secret")
    cache.set(enterprise.token_cache_key, "revoked")
    assert enterprise.get("/cards") == {"cards": [1]}
    assert [(method, token) for method, _path, token, _kwargs in calls] == [
        ("GET", "revoked"), ("POST", None), ("GET", "fresh")]
    assert cache.get(enterprise.token_cache_key) == "fresh"
