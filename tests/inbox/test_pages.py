"""The messages pages against the live sandbox: the list newest first and paged, new ones marked
on the first visit and not after it, one message as text (never CareCloud's HTML), only the
member's own; no messages; a staff preview that leaves the member's "new" alone."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import translation

from portal.inbox.models import SeenMessages
from portal.sandbox.seed import messages as seed
from tests.staff.conftest import make_staff, staff_client, start_preview  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def url(name="inbox:message-list", language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def detail_links(body):
    return re.findall(r'href="(/[a-z]{2}/messages/[^"/]+/)"', body)


def new_badges(body):
    return body.count('<span class="badge badge--accent">')


@pytest.mark.parametrize("language", ["en", "cs"])
def test_the_messages_newest_first_new_ones_marked_once(customer_client, language):
    response = customer_client.get(url(language=language))
    assert response.status_code == HTTPStatus.OK and "no-store" in response["Cache-Control"]
    body = response.content.decode()
    links = detail_links(body)
    assert len(links) == 10 and links[0] == url("inbox:message-detail", language, message_id=seed.MESSAGE_NEWEST)
    assert "Vaše karta je skoro plná" in body
    assert new_badges(body) == 3 and (">New<" if language == "en" else ">Nová<") in body
    assert ("Page 1 of 2" if language == "en" else "Strana 1 z 2") in body
    link = re.escape(url(language=language))
    assert re.search(rf'<a href="{link}" aria-current="page">', body)
    # seen now: on the next visit nothing is new
    assert new_badges(customer_client.get(url(language=language)).content.decode()) == 0


def test_the_second_page_does_not_mark_anything_seen(customer_client):
    second = customer_client.get(url(), {"page": 2})
    body = second.content.decode()
    assert len(detail_links(body)) == 2 and 'rel="prev"' in body
    assert not SeenMessages.objects.exists()
    beyond = customer_client.get(url(), {"page": 9})
    assert beyond.status_code == HTTPStatus.OK and 'href="?page=1"' in beyond.content.decode()


@pytest.mark.parametrize("language", ["en", "cs"])
def test_a_message_is_shown_as_text(customer_client, language):
    response = customer_client.get(url("inbox:message-detail", language, message_id=seed.MESSAGE_NEWEST))
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert body.count("<h1") == 1 and "Vaše karta je skoro plná" in body
    assert "<p>Dobrý den, Terezo,</p>" in body and "podminky-programu.pdf" in body
    assert ("All messages" if language == "en" else "Všechny zprávy") in body


def test_a_messages_html_never_reaches_the_page(customer_client):
    body = customer_client.get(url("inbox:message-detail", message_id=seed.MESSAGE_HTML_ONLY)).content.decode()
    assert "Dýňové latte, švestkový koláč a skořicoví šneci." in body
    main = body.split('<main', 1)[1].split("</main>", 1)[0]
    for hostile in ("alert(", "onerror", "javascript:", "<img", "background:red", "<b>"):
        assert hostile not in main, hostile


def test_another_customers_message_is_not_found(second_customer_client):
    response = second_customer_client.get(url("inbox:message-detail", message_id=seed.MESSAGE_NEWEST))
    assert response.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("message_id", ["0" * 26, "no-such-message"])
def test_an_unknown_message_is_not_found(customer_client, message_id):
    assert customer_client.get(url("inbox:message-detail", message_id=message_id)).status_code == 404


@pytest.mark.parametrize("language", ["en", "cs"])
def test_a_member_without_messages_sees_an_empty_state(new_customer_client, language):
    response = new_customer_client.get(url(language=language))
    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK and 'class="empty-state"' in body
    assert ("No messages yet." if language == "en" else "Zatím žádné zprávy.") in body
    assert not SeenMessages.objects.exists()


def test_the_pages_need_a_login(client, carecloud):
    for address in (url(), url("inbox:message-detail", message_id=seed.MESSAGE_NEWEST)):
        response = client.get(address)
        assert response.status_code == HTTPStatus.FOUND and "/account/login/" in response["Location"]


def test_carecloud_down_is_the_friendly_page(customer_client, sandbox):
    sandbox.set_faults(force_status=503, retry_after=0)
    try:
        response = customer_client.get(url())
    finally:
        sandbox.clear_faults()
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert not SeenMessages.objects.exists()


def test_a_staff_preview_shows_the_messages_read_only_and_marks_nothing(staff_client):  # noqa: F811
    assert start_preview(staff_client).status_code == HTTPStatus.FOUND
    for address in (url(), url("inbox:message-detail", message_id=seed.MESSAGE_NEWEST),
                    reverse("stampcards:stamp-card-list")):
        response = staff_client.get(address)
        assert response.status_code == HTTPStatus.OK and "preview-banner" in response.content.decode(), address
    assert new_badges(staff_client.get(url()).content.decode()) == 3  # still new for the member
    assert not SeenMessages.objects.exists()
