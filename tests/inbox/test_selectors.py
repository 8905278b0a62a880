"""The messages' reads against the live sandbox, and what is new since the member last looked:
the mark the portal keeps (no message content, no customer id), the count in one read."""

from datetime import timedelta

import pytest

from portal.carecloud import resources
from portal.inbox import selectors, services
from portal.inbox.models import SeenMessages
from portal.sandbox.seed import messages as seed

pytestmark = pytest.mark.django_db


def sent_times(demo_api, ids):
    rows = demo_api("/messages", customer_id=ids.DEMO_CUSTOMER, sort_field="send_time", sort_direction="DESC")
    return {row["message_id"]: row for row in rows["messages"]}


def test_a_page_of_messages_newest_first(demo_session, demo_api, ids):
    page = selectors.messages_for_customer(session=demo_session)
    assert len(page.messages) == 10 and page.pagination.total == 12 and page.pagination.pages == 2
    assert page.messages[0].message_id == seed.MESSAGE_NEWEST
    sent = [m.sent for m in page.messages]
    assert sent == sorted(sent, reverse=True)
    assert page.messages[0].title == "Vaše karta je skoro plná" and page.messages[0].channel == "E-mail"
    assert page.messages[0].detail_url == f"/en/messages/{seed.MESSAGE_NEWEST}/"
    assert [m.is_new for m in page.messages] == [True] * 3 + [False] * 7  # before the first visit: the unopened
    second = selectors.messages_for_customer(session=demo_session, page=2)
    assert len(second.messages) == 2 and not second.pagination.has_next
    assert page.newest_sent == page.messages[0].sent


def test_new_messages_are_those_unopened_before_the_first_visit(demo_session, calls):
    calls.mark()
    assert selectors.new_messages_count(session=demo_session) == 3
    assert calls("getMessages") == [("getMessages", 200)]  # one read


def test_after_seeing_the_list_nothing_is_new(demo_session):
    newest = selectors.messages_for_customer(session=demo_session).newest_sent
    services.messages_mark_seen(session=demo_session, until=newest)
    assert selectors.new_messages_count(session=demo_session) == 0
    assert not any(m.is_new for m in selectors.messages_for_customer(session=demo_session).messages)


def test_messages_sent_after_the_mark_are_new(demo_session, demo_api, ids):
    rows = sent_times(demo_api, ids)
    html_only = selectors.messages_for_customer(session=demo_session).messages[2]
    assert html_only.message_id == seed.MESSAGE_HTML_ONLY
    services.messages_mark_seen(session=demo_session, until=html_only.sent)
    assert selectors.new_messages_count(session=demo_session) == 2  # the two sent after it
    services.messages_mark_seen(session=demo_session, until=html_only.sent - timedelta(seconds=1))
    assert selectors.new_messages_count(session=demo_session) == 2  # the mark only moves forward
    assert rows[seed.MESSAGE_HTML_ONLY]["send_time"]


def test_an_opened_message_is_never_new(demo_session, monkeypatch):
    real = resources.messages

    def all_opened(**kwargs):
        page = real(**kwargs)
        page.items[:] = [{**m, "opened_time": "2026-01-01 10:00:00"} for m in page.items]
        return page

    monkeypatch.setattr(resources, "messages", all_opened)
    assert selectors.new_messages_count(session=demo_session) == 0


def test_the_count_asks_only_for_messages_sent_after_the_mark(demo_session, monkeypatch):
    asked = {}
    real = resources.messages

    def spy(**kwargs):
        asked.update(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(resources, "messages", spy)
    selectors.new_messages_count(session=demo_session)
    assert asked["send_time_from"] is None and asked["count"] == selectors.NEW_COUNT_CEILING
    newest = selectors.messages_for_customer(session=demo_session).newest_sent
    services.messages_mark_seen(session=demo_session, until=newest)
    selectors.new_messages_count(session=demo_session)
    from django.utils import timezone
    assert asked["send_time_from"] == timezone.localtime(newest + timedelta(seconds=1)).strftime("%Y-%m-%d %H:%M:%S")


def test_the_mark_keeps_no_message_and_no_customer_id(demo_session, ids):
    newest = selectors.messages_for_customer(session=demo_session).newest_sent
    services.messages_mark_seen(session=demo_session, until=newest)
    (mark,) = SeenMessages.objects.all()
    assert mark.seen_until == newest
    stored = " ".join(str(getattr(mark, f.attname)) for f in SeenMessages._meta.concrete_fields)
    assert ids.DEMO_CUSTOMER not in stored and seed.MESSAGE_NEWEST not in stored
    assert len(mark.customer_key) == 64


def test_each_customer_has_their_own_mark(demo_session, carecloud, second_token, ids):
    from types import SimpleNamespace

    newest = selectors.messages_for_customer(session=demo_session).newest_sent
    services.messages_mark_seen(session=demo_session, until=newest)
    second = SimpleNamespace(token=second_token, customer_id=ids.SECOND_CUSTOMER)
    assert selectors.new_messages_count(session=second) == 1  # theirs, unopened, never seen
    assert selectors.new_messages_count(session=demo_session) == 0


def test_a_message_with_its_text(demo_session):
    message = selectors.message_detail(session=demo_session, message_id=seed.MESSAGE_NEWEST)
    assert message.header.title == "Vaše karta je skoro plná" and message.header.is_new
    assert message.text.startswith("Dobrý den, Terezo,\n\nna kávové kartě máte pět razítek z osmi.")
    assert message.attachments == ("podminky-programu.pdf",)


def test_an_html_only_message_is_shown_as_its_text(demo_session):
    message = selectors.message_detail(session=demo_session, message_id=seed.MESSAGE_HTML_ONLY)
    assert message.text.startswith("Podzimní menu je tady\n\nDýňové latte, švestkový koláč a skořicoví šneci.")
    assert "alert" not in message.text and "<" not in message.text and "background" not in message.text


def test_another_customers_message_is_not_found(demo_session, monkeypatch, ids):
    from portal.carecloud import exceptions as cc

    with pytest.raises(cc.NotFoundError):
        selectors.message_detail(session=demo_session, message_id=seed.MESSAGE_SECOND)
    # getMessage is "a specific message" of the project: the portal checks whose it is
    real = resources.message_get
    monkeypatch.setattr(resources, "message_get",
                        lambda **kwargs: {**real(**kwargs), "customer_id": ids.SECOND_CUSTOMER})
    with pytest.raises(cc.NotFoundError):
        selectors.message_detail(session=demo_session, message_id=seed.MESSAGE_NEWEST)


def test_a_mark_made_at_the_same_moment_by_another_request_is_moved_on(demo_session, monkeypatch):
    from datetime import datetime

    from django.utils import timezone

    from portal.inbox.models import customer_key

    earlier = timezone.make_aware(datetime(2026, 1, 1, 10, 0))
    later = earlier + timedelta(days=1)
    real_exists = SeenMessages.objects.filter(customer_key="").exists.__func__

    def not_yet(queryset):  # the other request creates the row between the check and the create
        found = real_exists(queryset)
        if not found:
            SeenMessages.objects.create(customer_key=customer_key(demo_session.customer_id), seen_until=earlier)
        return found

    monkeypatch.setattr(type(SeenMessages.objects.all()), "exists", not_yet)
    services.messages_mark_seen(session=demo_session, until=later)
    assert SeenMessages.objects.get().seen_until == later


# --- shaping from faked answers, the mark and the cached count ----------------------------------------


def test_the_mark_read_back_is_the_customers_own():
    from datetime import datetime

    from django.utils import timezone

    from portal.inbox.models import customer_key

    mine = timezone.make_aware(datetime(2026, 12, 1, 10, 0))
    SeenMessages.objects.create(customer_key=customer_key("customer-1"), seen_until=mine)
    SeenMessages.objects.create(customer_key=customer_key("customer-2"), seen_until=mine + timedelta(days=1))
    assert selectors.seen_until("customer-1") == mine
    assert selectors.seen_until("customer-3") is None


def test_a_message_without_a_usable_id_has_no_link(monkeypatch):
    from types import SimpleNamespace

    from portal.carecloud.client import Page

    rows = [{"message_id": None, "title": "No id"}, {"message_id": 12345, "title": "A number"},
            {"message_id": "../x", "title": "Not an id"}]
    monkeypatch.setattr(resources, "messages", lambda count, offset, **auth: Page(
        items=rows, total=len(rows), count=count, offset=offset))
    page = selectors.messages_for_customer(session=SimpleNamespace(token="t", customer_id="c"))
    assert [(m.title, m.detail_url) for m in page.messages] == [("No id", ""), ("A number", ""), ("Not an id", "")]


def test_each_mark_names_its_own_cached_count():
    from datetime import datetime

    from django.utils import timezone

    mark = timezone.make_aware(datetime(2026, 12, 1, 10, 0))
    names = {selectors.new_messages_cache_name(None), selectors.new_messages_cache_name(mark),
             selectors.new_messages_cache_name(mark + timedelta(seconds=1))}
    assert len(names) == 3


def test_the_cached_count_needs_the_session_and_the_customer(django_assert_num_queries):
    from portal.carecloud import customer_cache

    customer_cache.cached(token="token-1", name=selectors.new_messages_cache_name(None), fetch=lambda: 4)
    assert selectors.cached_new_messages_count(token="token-1", customer_id="customer-1") == 4
    with django_assert_num_queries(0):
        assert selectors.cached_new_messages_count(token="token-1", customer_id="") is None
        assert selectors.cached_new_messages_count(token="", customer_id="customer-1") is None
