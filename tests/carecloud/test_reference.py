"""Reference lists on a fake clock (the cache reads the same clock) and a fake CareCloud: cached ten
minutes per language, and read with a token made only when the cache has to be filled."""


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
