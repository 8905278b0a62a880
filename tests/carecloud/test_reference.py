"""Reference lists on a fake clock (the cache reads the same clock) and a fake CareCloud: cached ten
minutes per language, and read with a token made only when the cache has to be filled; a peek gives
what a read cached under its name, in the same language."""


import pytest
from django.utils import translation

from portal.carecloud import reference, resources


@pytest.fixture
def asked(monkeypatch):
    """The tokens CareCloud's consents list was read with."""
    tokens = []
    monkeypatch.setattr(resources, "consents",
                        lambda *, token: tokens.append(token)
                        or [{"agreement_id": "a1", "name": f"read {len(tokens)}"}])
    return tokens


def test_a_list_is_cached_ten_minutes_and_read_with_the_token_a_function_makes(clock, asked):
    made = []
    make_token = lambda: made.append(1) or "anonymous-token"  # noqa: E731
    with translation.override("en"):
        assert reference.consents(token=make_token) == [{"agreement_id": "a1", "name": "read 1"}]
        clock.now += reference.REFERENCE_TTL - 1
        assert reference.consents(token=make_token)[0]["name"] == "read 1"
        clock.now += 2
        assert reference.consents(token=make_token)[0]["name"] == "read 2"
    assert asked == ["anonymous-token", "anonymous-token"] and len(made) == 2  # a token only to fill it
    assert reference.REFERENCE_TTL == 600


def test_a_peek_gives_what_a_read_cached_in_the_same_language_and_never_asks(monkeypatch):
    monkeypatch.setattr(resources, "credit_types", lambda *, token: [{"credit_type_id": "k1"}])
    with translation.override("en"):
        assert reference.peek("credit-types") is None
        assert reference.credit_types(token="t") == [{"credit_type_id": "k1"}]
        # what the navigation reads on a page that must not ask CareCloud (core/context_processors.py)
        assert reference.peek("credit-types") == [{"credit_type_id": "k1"}]
        assert reference.peek("stores:visible") is None
    with translation.override("cs"):
        assert reference.peek("credit-types") is None
