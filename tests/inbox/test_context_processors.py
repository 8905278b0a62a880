"""The navigation's new-messages badge (portal/inbox/context_processors.py): only the count the
session already holds, nothing for a visitor."""

from types import SimpleNamespace

from portal.inbox import context_processors


def badge(request) -> int:
    return context_processors.new_messages_badge(request)["new_messages_badge"]  # (lazy: compared as its count)


def test_a_visitor_has_no_badge_and_nothing_is_looked_up(monkeypatch):
    monkeypatch.setattr(context_processors, "cached_new_messages_count", lambda **kwargs: 1 / 0)
    assert badge(SimpleNamespace()) == 0
    assert badge(SimpleNamespace(customer=SimpleNamespace(is_authenticated=False))) == 0


def test_a_member_gets_the_count_the_session_holds_else_none(monkeypatch):
    asked = []
    member = SimpleNamespace(customer=SimpleNamespace(is_authenticated=True, token="t", customer_id="c"))
    monkeypatch.setattr(context_processors, "cached_new_messages_count",
                        lambda **kwargs: asked.append(kwargs) or 3)
    assert badge(member) == 3 and asked == [{"token": "t", "customer_id": "c"}]
    monkeypatch.setattr(context_processors, "cached_new_messages_count", lambda **kwargs: None)
    assert badge(member) == 0
