"""The enterprise client's GET, on a fake customer-interface client: it carries the service user's
cached token, and after a 401 (the token expired or was revoked) logs in once more and repeats."""

from types import SimpleNamespace

from django.core.cache import cache

from portal.carecloud.enterprise import EnterpriseClient
from portal.carecloud.exceptions import AuthenticationError


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
