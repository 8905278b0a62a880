"""The account pages' own context, page by page (quick and precise, for make mutation): the page
after asking for a new password has its title in the customer's language and keeps where the
customer was going in its links."""

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def url(name, language):
    with translation.override(language):
        return reverse(name)


@pytest.mark.parametrize("language, title", [("en", "Check your messages"), ("cs", "Podívejte se do zpráv")])
def test_the_page_after_asking_for_a_link_has_its_title_and_keeps_next(client, language, title):
    html = client.get(url("accounts:password-forgotten-sent", language) + "?next=/en/points/").content.decode()
    assert f"<title>{title} · " in html
    login, ask_again = url("accounts:login", language), url("accounts:password-forgotten", language)
    assert f'href="{login}?next=/en/points/"' in html
    assert f'href="{ask_again}?next=/en/points/"' in html
