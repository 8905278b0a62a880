"""Cookies by consent (portal/core/cookies.py): no attribution cookie before the visitor accepts,
the visit's attribution kept in the session without it, the cookie set as soon as they accept,
and gone when they decline; the notice works without JavaScript (a POST form with CSRF, or on a
public page a link to the cookie page), in both languages, and stops once answered."""

import re
from http import HTTPStatus
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from portal.core import cookies
from portal.core.attribution import COOKIE_NAME, SESSION_KEY, current_attribution
from portal.core.cookies import ACCEPTED, CONSENT_COOKIE, DECLINED
from portal.sandbox.seed import campaigns as seeded

pytestmark = pytest.mark.django_db
TAGS = {"utm_source": "newsletter", "utm_campaign": "autumn_2026"}


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def visitor(carecloud):
    return Client()


def test_no_attribution_cookie_before_consent_but_the_visit_keeps_the_attribution(visitor):
    response = visitor.get(url("accounts:login"), TAGS)
    assert response.status_code == HTTPStatus.OK
    assert COOKIE_NAME not in response.cookies and CONSENT_COOKIE not in response.cookies
    assert visitor.session[SESSION_KEY]["source"] == "newsletter"
    # later in the visit, the registration still knows where the visitor came from
    later = visitor.get(url("accounts:register"))
    assert COOKIE_NAME not in later.cookies
    assert current_attribution(later.wsgi_request).source == "newsletter"


def test_a_cookie_left_from_before_is_not_read_without_consent(visitor, rf):
    from django.core import signing

    from portal.core.attribution import SALT

    request = rf.get("/")
    request.session = {}
    request.COOKIES[COOKIE_NAME] = signing.dumps({"source": "newsletter"}, salt=SALT, compress=True)
    assert current_attribution(request) is None
    request.COOKIES[CONSENT_COOKIE] = ACCEPTED
    assert current_attribution(request).source == "newsletter"


def test_accepting_sets_the_attribution_cookie_of_the_visit_at_once_and_for_later_touches(visitor):
    visitor.get(url("accounts:login"), TAGS)
    response = visitor.post(url("core-pages:cookies"), {"choice": ACCEPTED, "next": url("accounts:register")})
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == url("accounts:register")
    consent = response.cookies[CONSENT_COOKIE]
    assert consent.value == ACCEPTED and consent["max-age"] == cookies.CONSENT_AGE
    assert consent["httponly"] and consent["samesite"] == "Lax"
    assert COOKIE_NAME in response.cookies and response.cookies[COOKIE_NAME]["max-age"] == 30 * 24 * 3600
    # a new tagged link afterwards is kept in the cookie too
    again = visitor.get(url("accounts:login"), {"utm_source": "social"})
    assert COOKIE_NAME in again.cookies


def test_declining_sets_no_attribution_cookie_and_deletes_one_given_before(visitor):
    visitor.cookies[CONSENT_COOKIE] = ACCEPTED
    visitor.get(url("accounts:login"), TAGS)
    assert visitor.cookies[COOKIE_NAME].value
    response = visitor.post(url("core-pages:cookies"), {"choice": DECLINED})
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == url("core-pages:cookies")
    assert response.cookies[CONSENT_COOKIE].value == DECLINED
    assert response.cookies[COOKIE_NAME].value == "" and response.cookies[COOKIE_NAME]["max-age"] == 0
    again = visitor.get(url("accounts:login"), {"utm_source": "social"})
    assert COOKIE_NAME not in again.cookies and visitor.session[SESSION_KEY]["source"] == "social"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_the_next_address_is_checked(visitor, next_url):
    response = visitor.post(url("core-pages:cookies"), {"choice": ACCEPTED, "next": next_url})
    assert response["Location"] == url("core-pages:cookies")


def test_an_unknown_choice_changes_nothing(visitor):
    response = visitor.post(url("core-pages:cookies"), {"choice": "maybe"})
    assert response.status_code == HTTPStatus.OK and CONSENT_COOKIE not in response.cookies


def test_the_form_needs_its_csrf_token(carecloud):
    client = Client(enforce_csrf_checks=True)
    assert client.post(url("core-pages:cookies"), {"choice": ACCEPTED}).status_code == HTTPStatus.FORBIDDEN


@pytest.mark.parametrize("language, words", [
    ("en", ("We use the cookies the portal needs", "Accept", "Only necessary", "Cookie policy")),
    ("cs", ("Používáme cookies, které portál potřebuje", "Přijmout", "Jen nezbytné", "Zásady cookies")),
])
def test_the_notice_is_a_form_with_csrf_until_answered(visitor, language, words):
    html = visitor.get(url("accounts:login", language)).content.decode()
    notice = html.split('class="cookie-notice"', 1)[1].split("</section>", 1)[0]
    assert all(word in notice for word in words)
    assert 'method="post"' in notice and 'name="csrfmiddlewaretoken"' in notice
    assert f'action="{url("core-pages:cookies", language)}"' in notice
    visitor.cookies[CONSENT_COOKIE] = DECLINED
    assert 'class="cookie-notice"' not in visitor.get(url("accounts:login", language)).content.decode()


def test_a_public_page_links_to_the_cookie_page_and_stays_cacheable(visitor):
    response = visitor.get(url("campaigns:list"))
    html = response.content.decode()
    notice = html.split('class="cookie-notice"', 1)[1].split("</section>", 1)[0]
    assert "<form" not in notice and f'href="{url("core-pages:cookies")}?next=' in notice
    assert "public" in response["Cache-Control"] and not response.cookies


def test_the_policy_link_is_the_setting_else_the_themes_else_the_cookie_page(visitor, settings):
    from portal.core import theme

    themes_link = theme.current().legal_link("cookies", "en")
    assert themes_link
    html = visitor.get(url("accounts:login")).content.decode()
    assert f'<a href="{themes_link}">Cookie policy</a>' in html
    with mock.patch.object(theme.Theme, "legal_link", return_value=""):
        html = visitor.get(url("accounts:login")).content.decode()
    assert re.search(rf'<a href="{url("core-pages:cookies")}">Cookie policy</a>', html)
    settings.PORTAL_COOKIE_POLICY_URL = "https://shop.example/cookies"
    html = visitor.get(url("accounts:login")).content.decode()
    assert '<a href="https://shop.example/cookies">Cookie policy</a>' in html


def test_the_cookie_page_lists_every_cookie_and_shows_the_choice(visitor):
    page = visitor.get(url("core-pages:cookies"))
    html = page.content.decode()
    assert page.status_code == HTTPStatus.OK and 'class="cookie-notice"' not in html
    for name in ("sessionid", "csrftoken", "django_language", "messages", CONSENT_COOKIE, COOKIE_NAME):
        assert f"<code>{name}</code>" in html
    visitor.cookies[CONSENT_COOKIE] = ACCEPTED
    assert "You have accepted this cookie." in visitor.get(url("core-pages:cookies")).content.decode()


def test_the_stable_campaign_link_sets_no_cookie_without_consent(visitor):
    response = visitor.get(url("campaigns:link", campaign_id=seeded.CAMPAIGN_AUTUMN_COFFEE))
    assert COOKIE_NAME not in response.cookies


def test_no_notice_on_the_staff_side(client, db):
    assert 'class="cookie-notice"' not in client.get("/staff/accounts/login/", follow=True).content.decode()


def test_the_notice_is_wanted_until_answered_and_never_in_a_staff_members_preview(rf):
    """Called directly (quick, for make mutation): a preview shows a member's pages to a staff member,
    who is no visitor to ask."""
    request = rf.get("/en/points/")
    assert cookies.notice_wanted(request)
    request.read_only = True
    assert not cookies.notice_wanted(request)
    request.read_only = False
    request.COOKIES[CONSENT_COOKIE] = DECLINED
    assert not cookies.notice_wanted(request)
