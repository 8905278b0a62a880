"""Security hardening (docs/security.md): the headers of every page, a strict CSP that every page
keeps (no style="" attribute, no inline script), CSRF on every form, no open redirect, a new
session at login, the rate limits of the forms, and the customer id that only the session gives.

Pages are found by following the links of the logged-in and public pages (not a hand-kept list
alone), so a new page is checked without anyone remembering to add it here."""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser
from http import HTTPStatus
from pathlib import Path
from unittest import mock
from urllib.parse import urlencode, urlsplit

import pytest
import requests
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from portal.accounts.mixins import ACCOUNT_WRITE_TOO_MANY
from portal.accounts.social import SOCIAL_MESSAGES
from portal.accounts.views import HANDOVER_MESSAGES, LOGIN_CODE_MESSAGES, REGISTRATION_MESSAGES
from portal.cards.views import CARD_ADD_MESSAGES, DIGITAL_CARD_MESSAGES
from portal.core import ratelimit
from portal.core.forms import FAILURE_MESSAGES
from portal.mydata.views import EXPORT_ERRORS
from portal.rewards.services import RedeemError
from portal.rewards.views import REDEEM_FAILURES
from portal.sandbox.seed import ids as seed_ids
from portal.sandbox.seed import loyalty as seed_loyalty
from tests.conftest import portal_login
from tests.staff.conftest import staff_sign_in
from tests.support.forms import as_submitted
from tests.support.staff import create_staff
from tests.support.urlconf import routes

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def url(name: str, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


# --- reading a page ------------------------------------------------------------------------------------


class _Markup(HTMLParser):
    """What a strict CSP would block in a page's markup, its links and its POST forms."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocked: list[str] = []
        self.links: list[str] = []
        self.post_forms: list[str] = []
        self._script_without_src = False

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        for name, value in attrs:
            if name == "style":
                self.blocked.append(f'<{tag} style="{value}">')
            if name.startswith("on"):
                self.blocked.append(f"<{tag} {name}=...> (an inline event handler)")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.blocked.append(f"<{tag} {name}={value}>")
        if tag == "style" and "nonce" not in names:
            self.blocked.append("<style> element")
        if tag == "script":
            if not names.get("src"):
                self.blocked.append("inline <script>")
            self._script_without_src = False
        if tag == "a" and names.get("href"):
            self.links.append(names["href"])
        if tag == "form" and (names.get("method") or "").lower() == "post":
            self.post_forms.append(names.get("action") or "")

    def handle_data(self, data):
        pass


def markup(html: str) -> _Markup:
    parser = _Markup()
    parser.feed(html)
    return parser


def csp(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy", "")
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def assert_secure_headers(response, where: str) -> None:
    policy = csp(response)
    assert policy, f"{where}: no Content-Security-Policy"
    assert policy["frame-ancestors"] == ["'none'"], where
    assert policy["default-src"] == ["'self'"] and policy["script-src"] == ["'self'"], where
    assert policy["style-src"] == ["'self'"], where
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"], where
    assert policy["form-action"] == ["'self'"], where
    assert policy["img-src"][:2] == ["'self'", "data:"], where
    header = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in header and "'unsafe-eval'" not in header and "nonce-" not in header, where
    permissions = response.get("Permissions-Policy", "")
    # The store finder alone may ask where the member is (sorting by distance), on its own origin.
    allowed = {"geolocation": "(self)"} if "/stores/" in where else {}
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}={allowed.get(feature, '()')}" in permissions, f"{where}: {feature} not as expected"
    assert response.get("Referrer-Policy") == "strict-origin-when-cross-origin", where
    assert response.get("X-Frame-Options") == "DENY", where
    assert response.get("X-Content-Type-Options") == "nosniff", where
    assert response.get("Cross-Origin-Opener-Policy") == "same-origin", where


def assert_strict_markup(html: str, where: str) -> _Markup:
    found = markup(html)
    assert not found.blocked, f"{where}: {found.blocked[:5]}"
    return found


def crawl(client: Client, starts: list[str], prefix: str, limit: int = 80) -> dict[str, tuple]:
    """Every page linked from ``starts`` under ``prefix`` (GET): path -> (response, html, markup)."""
    seen: dict[str, tuple] = {}
    queue = list(starts)
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        response = client.get(path)
        html = body(response) if response.get("Content-Type", "").startswith("text/html") else ""
        found = markup(html)
        seen[path] = (response, html, found)
        for href in found.links:
            parts = urlsplit(href)
            if parts.netloc or not parts.path.startswith(prefix) or "/files/" in parts.path:
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen and target not in queue:
                queue.append(target)
    return seen


CUSTOMER_PAGES = ["overview:dashboard", "profile:profile", "cards:card-list", "cards:till-card",
                  "rewards:voucher-list", "points:points", "rewards:reward-list", "purchases:purchase-list",
                  "mydata:my-data", "profile:profile-edit", "profile:interests-edit", "aboutyou:properties-edit",
                  "accounts:password-change"]
PUBLIC_PAGES = ["accounts:login", "accounts:register", "accounts:password-forgotten",
                "accounts:password-forgotten-sent", "campaigns:list", "webapp:offline"]


# --- headers and markup of every page --------------------------------------------------------------------


@pytest.mark.slow
def test_every_logged_in_page_sends_the_headers_and_keeps_the_csp(customer_client):
    pages = crawl(customer_client, [url(name) for name in CUSTOMER_PAGES], "/en/")
    kinds = {re.sub(r"/[0-9a-f]{26}/", "/<id>/", path) for path in pages}
    # the crawl reached the detail pages too (ids in the path), not just the starting points
    for detail in ("/en/rewards/<id>/", "/en/vouchers/<id>/", "/en/purchases/<id>/", "/en/rewards/<id>/redeem/"):
        assert detail in kinds, sorted(kinds)
    for path, (response, html, _found) in pages.items():
        assert response.status_code < 500, path
        assert_secure_headers(response, path)
        if html:
            assert_strict_markup(html, path)
    assert len(pages) >= 25


@pytest.mark.parametrize("language", ["en", "cs"])
def test_every_public_page_sends_the_headers_and_keeps_the_csp(carecloud, client, language):
    pages = crawl(client, [url(name, language) for name in PUBLIC_PAGES], f"/{language}/", limit=40)
    assert any("/campaigns/" in path and path.count("/") > 4 for path in pages), "a campaign's own page"
    for path, (response, html, _found) in pages.items():
        assert_secure_headers(response, path)
        if html:
            assert_strict_markup(html, path)


def test_error_pages_send_the_headers_and_keep_the_csp(carecloud, customer_client):
    not_found = customer_client.get("/en/no-such-page/")
    assert not_found.status_code == HTTPStatus.NOT_FOUND
    assert_secure_headers(not_found, "404")
    assert_strict_markup(not_found.content.decode(), "404")
    refused = Client(enforce_csrf_checks=True).post(url("accounts:login"), {})
    assert refused.status_code == HTTPStatus.FORBIDDEN
    assert_secure_headers(refused, "403 (CSRF)")
    customer_client.raise_request_exception = False
    with mock.patch("portal.overview.selectors.dashboard_for_customer", side_effect=RuntimeError("boom")):
        failed = customer_client.get(url("overview:dashboard"))
    assert failed.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert_secure_headers(failed, "500")
    assert_strict_markup(failed.content.decode(), "500")


def test_the_staff_pages_send_the_headers_and_keep_the_csp(enterprise, client):
    sign_in = client.get(reverse("account_login"))
    assert_secure_headers(sign_in, "staff sign-in")
    assert_strict_markup(sign_in.content.decode(), "staff sign-in")
    assert staff_sign_in(client, create_staff(superuser=True)).status_code == HTTPStatus.FOUND
    for name in ("staff:home", "mfa_index", "account_change_password", "admin:index", "admin:auth_user_changelist"):
        response = client.get(reverse(name))
        assert response.status_code == HTTPStatus.OK, name
        assert_secure_headers(response, name)
        assert_strict_markup(response.content.decode(), name)


def test_the_staff_authenticator_setup_qr_code_is_allowed_by_the_csp(enterprise, client):
    """The TOTP setup page draws its QR code as a data: image, which img-src allows."""
    staff_sign_in(client, create_staff(second_factor=False))
    response = client.get(reverse("mfa_activate_totp"))  # straight after the sign-in: no password again
    assert response.status_code == HTTPStatus.OK
    sources = re.findall(r'<img[^>]+src="([^"]+)"', response.content.decode())
    assert sources and all(src.startswith(("data:", "/")) for src in sources), sources
    assert "data:" in csp(response)["img-src"]
    assert_strict_markup(response.content.decode(), "totp setup")
    # the password prompt allauth still shows later (changing the factors of an older setup)
    client.post(reverse("account_logout"))
    staff_sign_in(client, create_staff())
    reauthenticate = client.get(reverse("mfa_generate_recovery_codes"), follow=True)
    assert "reauthenticate" in reauthenticate.redirect_chain[-1][0]
    assert_strict_markup(reauthenticate.content.decode(), "reauthenticate")


def test_pictures_from_carecloud_are_allowed_and_nothing_else(carecloud, customer_client, settings):
    """Reward and campaign pictures come from CareCloud's origin (here the sandbox's): img-src names
    it, and only it, besides the portal itself."""
    response = customer_client.get(url("rewards:reward-list"))
    pictures = re.findall(r'<img[^>]+src="(https?://[^"/]+)/', response.content.decode())
    assert pictures, "the seeded rewards have pictures"
    allowed = csp(response)["img-src"]
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(settings.CARECLOUD_API_URL))
    assert allowed == ["'self'", "data:", origin] and set(pictures) == {origin}, (allowed, pictures)
    settings.CARECLOUD_FILE_HOSTS = ["cdn.example.com"]
    settings.PORTAL_CSP_IMG_HOSTS = ["https://img.example.net/path", "javascript:alert(1)"]
    again = csp(customer_client.get(url("rewards:reward-list")))["img-src"]
    assert again == ["'self'", "data:", origin, "https://cdn.example.com", "https://img.example.net"]


def test_the_sandbox_pages_keep_the_same_policy_with_a_nonce_for_their_style(sandbox):
    """The sandbox (its own process and settings) has a policy as strict as the portal's; only its
    one <style> block is allowed, by a nonce of the request."""
    response = requests.get(f"{sandbox.url}/_sandbox/outbox", timeout=10)
    assert response.status_code == HTTPStatus.OK
    header = response.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", header).group(1)
    assert f'<style nonce="{nonce}">' in response.text
    assert "frame-ancestors 'none'" in header and "'unsafe-inline'" not in header
    second = requests.get(f"{sandbox.url}/_sandbox/outbox", timeout=10).headers["Content-Security-Policy"]
    assert nonce not in second, "a new nonce per answer"
    # style="" and inline scripts are still blocked there
    assert not [b for b in markup(response.text).blocked if "<style> element" not in b]


# --- templates and scripts, read as files ---------------------------------------------------------------

TEMPLATE_DIRS = [ROOT / "templates", *sorted((ROOT / "portal").glob("*/templates"))]
TEMPLATES = sorted(p for d in TEMPLATE_DIRS for p in d.rglob("*.html"))
INLINE_IN_TEMPLATE = re.compile(
    r"""<[a-zA-Z][^>]*\sstyle\s*=|<script(?![^>]*\ssrc=)[^>]*>|<[a-zA-Z][^>]*\son[a-z]+\s*=|javascript:""")


def test_no_template_has_a_style_attribute_an_inline_script_or_handler():
    assert len(TEMPLATES) > 50
    offenders = [f"{path.relative_to(ROOT)}: {match.group(0)[:80]}" for path in TEMPLATES
                 for match in INLINE_IN_TEMPLATE.finditer(path.read_text())]
    assert offenders == []


def test_only_the_sandbox_base_has_a_style_element_and_it_carries_the_nonce():
    styled = [path.relative_to(ROOT).as_posix() for path in TEMPLATES if "<style" in path.read_text()]
    assert styled == ["portal/sandbox/templates/sandbox/base.html"]
    assert '<style nonce="{{ request.csp_nonce }}">' in (ROOT / styled[0]).read_text()


def test_scripts_set_no_inline_style_and_evaluate_no_strings():
    for path in (ROOT / "static" / "js").rglob("*.js"):
        source = path.read_text()
        for pattern in (r"\.style\b", r"setAttribute\(\s*['\"]style", r"\beval\(", r"new Function\(",
                        r"innerHTML", r"setTimeout\(\s*['\"]"):
            assert not re.search(pattern, source), f"{path.name}: {pattern}"


# --- sessions, CSRF, redirects -------------------------------------------------------------------------


def test_the_session_key_changes_at_login(carecloud, client):
    client.get(url("accounts:login"))
    client.session.save()
    before = client.session.session_key
    assert portal_login(client).status_code == HTTPStatus.FOUND
    assert client.session.session_key != before


def _logged_in_csrf_client(email=seed_ids.DEMO_EMAIL, password=seed_ids.DEMO_PASSWORD) -> Client:
    plain = Client()
    assert portal_login(plain, email, password).status_code == HTTPStatus.FOUND
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = plain.cookies
    return strict


@pytest.mark.slow
def test_every_post_form_of_the_portal_refuses_a_post_without_the_csrf_token(carecloud, customer_client):
    pages = crawl(customer_client, [url(name) for name in CUSTOMER_PAGES] + [url("accounts:login")], "/en/")
    actions = {action for _response, _html, found in pages.values() for action in found.post_forms}
    # every kind of POST form there is, found on the pages themselves
    names = {re.sub(r"/[0-9a-f]{26}/", "/<id>/", a) for a in actions}
    for expected in (url("accounts:logout"), url("profile:profile-edit"), url("profile:interests-edit"),
                     url("aboutyou:properties-edit"), url("accounts:password-change"), url("mydata:my-data-download"),
                     reverse("set-language"), "/en/rewards/<id>/redeem/", "/en/cards/<id>/files/png/"):
        assert expected in names, sorted(names)
    actions |= {url("accounts:login"), url("accounts:register"), url("accounts:password-forgotten")}
    strict = _logged_in_csrf_client()
    for action in sorted(actions):
        # public forms are posted anonymously (register and login send a logged-in customer on)
        client = Client(enforce_csrf_checks=True) if action.startswith(("/en/account/login", "/en/register",
                                                                        "/en/password/forgotten")) else strict
        response = client.post(action, {"first_name": "X"})
        assert response.status_code == HTTPStatus.FORBIDDEN, action
        assert b"CSRF" in response.content, action  # Django's CSRF failure (in Czech outside /en/)
    assert customer_client.get(url("overview:dashboard")).status_code == HTTPStatus.OK  # still logged in


def test_the_staff_forms_refuse_a_post_without_the_csrf_token(enterprise, db):
    plain = Client()
    assert staff_sign_in(plain, create_staff()).status_code == HTTPStatus.FOUND
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = plain.cookies
    for action in (reverse("staff:home"),
                   reverse("staff:preview-start", kwargs={"customer_id": seed_ids.DEMO_CUSTOMER}),
                   reverse("staff:preview-end"), reverse("account_logout"), reverse("account_change_password")):
        response = strict.post(action, {"query": "x"})
        assert response.status_code == HTTPStatus.FORBIDDEN, action
        assert b"CSRF verification failed" in response.content, action
    anonymous = Client(enforce_csrf_checks=True).post(reverse("account_login"), {"login": "x", "password": "y"})
    assert anonymous.status_code == HTTPStatus.FORBIDDEN


HOSTILE_NEXT = ["https://evil.example", "//evil.example", "/\\evil.example", "https:evil.example"]


def _stays_here(location: str) -> bool:
    return location.startswith("/") and not location.startswith(("//", "/\\")) and "evil" not in location


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_no_open_redirect_from_login_register_or_the_language_switch(carecloud, client, target):
    login = client.post(url("accounts:login"), {"login_type": "email", "login_value": seed_ids.DEMO_EMAIL,
                                                "password": seed_ids.DEMO_PASSWORD, "next": target})
    assert login.status_code == HTTPStatus.FOUND and login["Location"] == url("overview:dashboard")
    # a logged-in customer is sent on from the login and registration pages: never off-site
    for name in ("accounts:login", "accounts:register"):
        response = client.get(url(name), {"next": target})
        assert response.status_code == HTTPStatus.FOUND and _stays_here(response["Location"]), name
    for language in ("cs", "xx"):
        switched = client.post(reverse("set-language"), {"language": language, "next": target},
                               HTTP_REFERER=target)
        assert switched.status_code == HTTPStatus.FOUND and _stays_here(switched["Location"]), switched["Location"]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_no_open_redirect_after_registering(fresh_sandbox, carecloud, client, ids, target):
    from tests.accounts.test_register import unique_email, valid

    response = client.post(url("accounts:register"), {**valid(ids, email=unique_email()), "next": target})
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == url("overview:dashboard")


# --- rate limits: every row of the table -----------------------------------------------------------------

OTHER_IP, FIRST_IP = "198.51.100.7", "203.0.113.5"


class Forms:
    """One counted attempt of each limited action, by ``who`` (0 or 1: the demo or the second
    customer, or two contacts) from ``ip``; answers in Czech."""

    def __init__(self, ids):
        self.ids = ids
        self._customers: dict[int, Client] = {}

    def customer(self, who: int) -> Client:
        if who not in self._customers:
            client = Client()
            email, password = ((seed_ids.DEMO_EMAIL, seed_ids.DEMO_PASSWORD) if who == 0
                               else (seed_ids.SECOND_EMAIL, seed_ids.SECOND_PASSWORD))
            assert portal_login(client, email, password).status_code == HTTPStatus.FOUND
            self._customers[who] = client
        return self._customers[who]

    def email(self, who: int) -> str:
        return (seed_ids.DEMO_EMAIL, seed_ids.SECOND_EMAIL)[who]

    def password_setup(self, who, ip):
        return Client().post(url("accounts:password-forgotten", "cs"), {"email": self.email(who), "phone": ""},
                             REMOTE_ADDR=ip)

    def login_code(self, who, ip):
        # The enterprise service user finds the contact's customer; no floor to wait for here.
        with override_settings(CARECLOUD_ENTERPRISE_API_URL=settings.CARECLOUD_API_URL.replace(
                "customer-interface", "enterprise-interface"), CARECLOUD_ENTERPRISE_LOGIN=seed_ids.STAFF_LOGIN,
                CARECLOUD_ENTERPRISE_PASSWORD=seed_ids.STAFF_PASSWORD, PORTAL_LOGIN_FAILURE_FLOOR=0):
            return Client().post(url("accounts:login-code", "cs"), {"contact": self.email(who)}, REMOTE_ADDR=ip)

    def password_change(self, who, ip):
        return self.customer(who).post(url("accounts:password-change", "cs"), {
            "current_password": "Wrong-Guess-1", "new_password": "New-Portal-9x",
            "new_password_again": "New-Portal-9x"},
            REMOTE_ADDR=ip)

    def registration(self, who, ip):
        from tests.accounts.test_register import valid

        # an e-mail that has an account already: CareCloud refuses it, and it is counted all the same
        return Client().post(url("accounts:register", "cs"), valid(self.ids, email=self.email(who)), REMOTE_ADDR=ip)

    def account_write(self, who, ip):
        client = self.customer(who)
        form = client.get(url("profile:interests-edit", "cs")).context["form"]
        return client.post(url("profile:interests-edit", "cs"), as_submitted(form), REMOTE_ADDR=ip)

    def reward_redeem(self, who, ip):
        # a well-formed key the session was never given: counted, then refused as stale (no points spent)
        return self.customer(who).post(url("rewards:reward-redeem", "cs", reward_id=seed_loyalty.REWARD_ESPRESSO),
                                       {"key": "k" * 32}, REMOTE_ADDR=ip)

    def export(self, who, ip):
        return self.customer(who).post(url("mydata:my-data-download", "cs"), REMOTE_ADDR=ip)

    def social_login(self, who, ip):
        # a return from the sandbox's own OpenID Connect provider (the demo identity, known to CareCloud)
        from django.test import override_settings

        from tests.support.oidc import provider_settings, round_trip

        sandbox_url = settings.CARECLOUD_API_URL.split("/webservice/")[0]
        with override_settings(**provider_settings(sandbox_url)):
            return round_trip(Client(REMOTE_ADDR=ip), seed_ids.DEMO_OIDC_IDENTITY, next_url="/cs/overview/")

    def handover_out(self, who, ip):
        from django.test import override_settings

        with override_settings(PORTAL_LINKED_APPLICATIONS=LINKED_APP):
            return self.customer(who).post(url("accounts:handover-out", "cs",
                                               application_id=seed_ids.MOBILE_APPLICATION), REMOTE_ADDR=ip)

    def handover_in(self, who, ip):
        # a token that does not work: counted, then the login page
        query = urlencode({"token": f"T{who}", "token_request_id": "x" * 26})
        return Client().get(f"{url('accounts:handover-continue', 'cs')}?{query}", REMOTE_ADDR=ip)

    def card_add(self, who, ip):
        return self.customer(who).post(url("cards:card-add", "cs"), {"card_number": "2001999999"}, REMOTE_ADDR=ip)

    def digital_card(self, who, ip):
        return self.customer(who).post(url("cards:digital-card", "cs"), REMOTE_ADDR=ip)


LINKED_APP = f"Mobilní aplikace|https://app.example.com/in|{seed_ids.MOBILE_APPLICATION}"


class Formatted:
    """A translated message with its placeholders filled, in the language active when it is read."""

    def __init__(self, message, **values):
        self.message, self.values = message, values

    def __str__(self):
        return str(self.message) % self.values


MESSAGES = {
    ("login-code", "ip"): LOGIN_CODE_MESSAGES["too_many_requests"],
    ("login-code", "contact"): LOGIN_CODE_MESSAGES["too_many_contact"],
    ("password-setup", "ip"): FAILURE_MESSAGES["rate_limited"],
    ("password-setup", "contact"): FAILURE_MESSAGES["rate_limited"],
    ("password-change", "customer"): FAILURE_MESSAGES["rate_limited"],
    ("password-change", "ip"): FAILURE_MESSAGES["rate_limited"],
    ("registration", "ip"): REGISTRATION_MESSAGES["too_many"],
    ("registration", "contact"): REGISTRATION_MESSAGES["too_many_contact"],
    ("account-write", "customer"): ACCOUNT_WRITE_TOO_MANY,
    ("account-write", "ip"): ACCOUNT_WRITE_TOO_MANY,
    ("reward-redeem", "customer"): REDEEM_FAILURES[RedeemError.RATE_LIMITED][0],
    ("reward-redeem", "ip"): REDEEM_FAILURES[RedeemError.RATE_LIMITED][0],
    ("export", "customer"): EXPORT_ERRORS["too_many"],
    ("export", "ip"): EXPORT_ERRORS["too_many"],
    ("social-login", "ip"): SOCIAL_MESSAGES["too_many"],
    ("handover-out", "customer"): Formatted(HANDOVER_MESSAGES["out_too_many"], name="Mobilní aplikace"),
    ("handover-out", "ip"): Formatted(HANDOVER_MESSAGES["out_too_many"], name="Mobilní aplikace"),
    ("handover-in", "ip"): HANDOVER_MESSAGES["too_many"],
    ("card-add", "customer"): CARD_ADD_MESSAGES["too_many"],
    ("card-add", "ip"): CARD_ADD_MESSAGES["too_many"],
    ("digital-card", "customer"): DIGITAL_CARD_MESSAGES["too_many"],
    ("digital-card", "ip"): DIGITAL_CARD_MESSAGES["too_many"],
}
ROWS = [(action, rule.key) for action, rules in ratelimit.DEFAULT_RATE_LIMITS.items() if action != "login"
        for rule in ratelimit.parse(rules)]


def test_every_row_of_the_rate_limit_table_is_tested():
    assert set(ROWS) == set(MESSAGES)  # the login's rows: tests/accounts/test_throttle.py


@pytest.mark.parametrize("action, key", ROWS, ids=[f"{a}-{k}" for a, k in ROWS])
def test_each_rate_limit_answers_429_with_a_translated_message(fresh_sandbox, carecloud, ids, settings, action, key):
    # This row's rule lets one attempt through, the action's others a thousand (each its own period).
    settings.PORTAL_RATE_LIMITS = {action: ",".join(
        f"{1 if rule.key == key else 1000}/{rule.seconds}s/{rule.key}" for rule in ratelimit.rules(action))}
    attempt = getattr(Forms(ids), action.replace("-", "_"))
    first = attempt(0, FIRST_IP)
    assert first.status_code != HTTPStatus.TOO_MANY_REQUESTS
    # the key decides: the same address for another account or contact, or the same account or
    # contact from another address
    second = attempt(1, FIRST_IP) if key == "ip" else attempt(0, OTHER_IP)
    assert second.status_code == HTTPStatus.TOO_MANY_REQUESTS, (first.status_code, body(second)[:300])
    with translation.override("cs"):
        czech = str(MESSAGES[action, key])
    with translation.override("en"):
        assert czech != str(MESSAGES[action, key]), "translated"
    assert escape(czech, quote=False) in body(second) or escape(czech) in body(second)
    # the other side of the key is untouched
    other = attempt(0, OTHER_IP) if key == "ip" else attempt(1, FIRST_IP)
    assert other.status_code != HTTPStatus.TOO_MANY_REQUESTS


def test_the_customer_id_comes_from_the_session_never_from_the_form(fresh_sandbox, carecloud, ids, settings):
    settings.PORTAL_RATE_LIMITS = {"account-write": "1/15m/customer,60/15m/ip"}
    forms = Forms(ids)
    demo = forms.customer(0)
    since = carecloud.last_seq()
    form = demo.get(url("profile:profile-edit")).context["form"]
    data = {**as_submitted(form), "first_name": "Terezka", "customer_id": seed_ids.SECOND_CUSTOMER,
            "customer": seed_ids.SECOND_CUSTOMER}
    response = demo.post(url("profile:profile-edit") + f"?customer_id={seed_ids.SECOND_CUSTOMER}", data)
    assert response.status_code == HTTPStatus.FOUND
    paths = [entry["path"] for entry in carecloud.requests_log(since) if entry["operation_id"]]
    assert any(seed_ids.DEMO_CUSTOMER in path for path in paths)
    assert not any(seed_ids.SECOND_CUSTOMER in path for path in paths), paths
    # and the demo customer's allowance was used, not the second customer's
    assert forms.account_write(1, FIRST_IP).status_code != HTTPStatus.TOO_MANY_REQUESTS
    assert forms.account_write(0, FIRST_IP).status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_allauth_rate_limits_are_on_for_the_staff_sign_in():
    from allauth.account import app_settings

    assert app_settings.RATE_LIMITS, "allauth's rate limits must stay on"
    assert app_settings.RATE_LIMITS.get("login_failed") and app_settings.RATE_LIMITS.get("reset_password")


def test_the_session_and_csrf_cookies_are_http_only_same_site_and_secure_without_debug(carecloud, client):
    client.get(url("accounts:login"))  # the login form sets the CSRF cookie
    assert portal_login(client).status_code == HTTPStatus.FOUND
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
        cookie = client.cookies[name]
        assert cookie["httponly"] and cookie["samesite"] == "Lax", name
        # the test run has DEBUG off, as production: Secure by default (SECURE_COOKIES)
        assert cookie["secure"], name


# --- form bodies in another charset than UTF-8 ------------------------------------------------------

# What a script or a probe may declare on a form body; no browser does on a UTF-8 page.
UNSUPPORTED_CHARSETS = ["latin-1", "iso-8859-2", "windows-1250", "utf-16"]
FORM_BODY = {"login_type": "email", "login_value": "dvorakova@example.com", "password": "Heslo-123",
             "email": "tereza@example.com", "first_name": "Tereza", "last_name": "Dvořáková"}


def form_body(charset: str) -> bytes:
    """The fields as a client would encode them in ``charset`` (UTF-16: the text itself, byte by byte)."""
    text = urlencode(FORM_BODY, encoding="utf-8" if charset == "utf-16" else charset, errors="replace")
    return text.encode(charset) if charset == "utf-16" else text.encode("ascii")


def post_in(client: Client, path: str, charset: str, body: bytes | None = None):
    return client.generic("POST", path, body if body is not None else form_body(charset),
                          content_type=f"application/x-www-form-urlencoded; charset={charset}")


def csrf_client(cookies=None) -> Client:
    """A client that passes Django's CSRF check as a browser does: CsrfViewMiddleware reads the
    body for its token before any view (the test client skips that check unless told not to)."""
    from django.utils.crypto import get_random_string

    secret = get_random_string(32)
    client = Client(enforce_csrf_checks=True, HTTP_X_CSRFTOKEN=secret)
    if cookies is not None:
        client.cookies = cookies
    client.cookies[settings.CSRF_COOKIE_NAME] = secret
    return client


@pytest.fixture
def logged(caplog):
    """Every log record, Django's own loggers included (they do not propagate to the root)."""
    import logging

    django_logger = logging.getLogger("django")
    django_logger.addHandler(caplog.handler)
    yield caplog
    django_logger.removeHandler(caplog.handler)


def assert_no_traceback_logged(logged) -> None:
    import logging

    bad = [(r.name, r.getMessage()) for r in logged.records if r.exc_info or r.levelno >= logging.ERROR]
    assert bad == [], bad


def assert_the_400_page(response, where: str) -> None:
    assert response.status_code == HTTPStatus.BAD_REQUEST, (where, response.status_code)
    assert "400.html" in [t.name for t in response.templates], where
    assert "Traceback" not in body(response), where


@pytest.mark.parametrize("charset", UNSUPPORTED_CHARSETS)
def test_a_form_body_in_another_charset_is_the_400_page(carecloud, logged, charset):
    since = carecloud.last_seq()
    anonymous = csrf_client()
    plain = Client()
    assert portal_login(plain).status_code == HTTPStatus.FOUND
    customer = csrf_client(plain.cookies)
    for client, name in ((anonymous, "accounts:login"), (anonymous, "accounts:register"),
                         (customer, "profile:profile-edit"), (customer, "profile:interests-edit")):
        assert_the_400_page(post_in(client, url(name), charset), name)
    # A multipart body is read with its declared charset too: the same rule.
    boundary = "portal-test"
    multipart = (f'--{boundary}\r\nContent-Disposition: form-data; name="login_value"\r\n\r\n'
                 f"Dvořáková\r\n--{boundary}--\r\n").encode(charset, errors="replace")
    response = anonymous.generic("POST", url("accounts:login"), multipart,
                                 content_type=f"multipart/form-data; boundary={boundary}; charset={charset}")
    assert_the_400_page(response, "multipart")
    # In the page's language, and the customer is still logged in with nothing changed.
    czech = post_in(anonymous, url("accounts:login", "cs"), charset)
    assert_the_400_page(czech, "cs")
    assert '<html lang="cs">' in body(czech) and "S tímto požadavkem je něco v nepořádku" in body(czech)
    assert customer.get(url("profile:profile")).status_code == HTTPStatus.OK
    # Nothing but the login above was sent to CareCloud.
    assert [e["operation_id"] for e in carecloud.requests_log(since) if e["method"] != "GET"] == \
        ["postToken", "postTokenLogin"]
    assert_no_traceback_logged(logged)


def test_a_form_body_in_another_charset_is_the_400_page_with_debug_on(carecloud, logged, settings):
    """DEBUG's technical page read the body again as well: it was a 500 too."""
    settings.DEBUG = True
    for charset in UNSUPPORTED_CHARSETS:
        assert_the_400_page(post_in(csrf_client(), url("accounts:login"), charset), charset)
    # A label no codec knows (Django would ignore it and read UTF-8): it is no UTF-8 either.
    unknown = post_in(csrf_client(), url("accounts:login"), "no-such-charset", form_body("utf-8"))
    assert_the_400_page(unknown, "no-such-charset")
    assert_no_traceback_logged(logged)


def test_utf_8_and_ascii_bodies_still_work_by_any_of_their_names(carecloud):
    for charset in ("utf-8", "UTF-8", "utf8", '"utf-8"', "ascii", "us-ascii", None):
        client = csrf_client()
        data = urlencode({"login_type": "email", "login_value": seed_ids.DEMO_EMAIL,
                          "password": seed_ids.DEMO_PASSWORD}).encode()
        content_type = "application/x-www-form-urlencoded" + (f"; charset={charset}" if charset else "")
        response = client.generic("POST", url("accounts:login"), data, content_type=content_type)
        assert response.status_code == HTTPStatus.FOUND, charset  # logged in
        assert client.get(url("overview:dashboard")).status_code == HTTPStatus.OK, charset
    # UTF-8 text arrives as it was typed.
    client = csrf_client()
    response = post_in(client, url("accounts:password-forgotten"), "utf-8",
                       urlencode({"email": "Dvořáková"}).encode())
    assert response.status_code == HTTPStatus.OK and "Dvořáková" in body(response)


POST_ROUTES = [route for route in routes(seed_ids)[0] if route.writes]


def test_the_sweep_finds_the_forms_of_every_kind():
    names = {route.name for route in POST_ROUTES}
    assert {"accounts:login", "accounts:register", "accounts:password-forgotten", "accounts:password-change",
            "profile:profile-edit", "profile:interests-edit", "aboutyou:properties-edit", "rewards:reward-redeem",
            "set-language", "account_login", "staff:home", "admin:login"} <= names


@pytest.mark.parametrize("route", POST_ROUTES, ids=[route.name for route in POST_ROUTES])
def test_every_post_url_answers_a_body_in_another_charset_with_the_400_page(carecloud, logged, route):
    client = csrf_client()
    for charset in UNSUPPORTED_CHARSETS:
        assert_the_400_page(post_in(client, route.url, charset), f"{route.name} {charset}")
    assert_no_traceback_logged(logged)


@pytest.mark.django_db(transaction=True)
def test_a_real_server_answers_the_400_page_too(live_server, carecloud):
    """Through a real WSGI server, where the error handlers' second read of the body escaped every
    handler and the server answered its own bare 500."""
    with requests.Session() as browser:
        page = browser.get(live_server.url + url("accounts:login"), timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        cookie = page.cookies[settings.CSRF_COOKIE_NAME]  # Secure: sent by hand over plain http
        for charset in UNSUPPORTED_CHARSETS:
            response = browser.post(live_server.url + url("accounts:login"), data=form_body(charset), timeout=30,
                                    headers={"Content-Type": f"application/x-www-form-urlencoded; charset={charset}",
                                             "X-CSRFToken": token, "Cookie": f"{settings.CSRF_COOKIE_NAME}={cookie}"})
            assert response.status_code == HTTPStatus.BAD_REQUEST, (charset, response.text[:200])
            assert "Something is wrong with this request" in response.text


@pytest.mark.slow
def test_the_production_variables_pass_the_deploy_check(tmp_path):
    """docs/production.md: with its variables, `check --deploy --fail-level WARNING` is clean."""
    import os
    import secrets
    import subprocess
    import sys

    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "SECURE_", "CARECLOUD_"))}
    env.update(DEBUG="False", SECRET_KEY=secrets.token_urlsafe(48), ALLOWED_HOSTS="club.example.com",
               CSRF_TRUSTED_ORIGINS="https://club.example.com", SECURE_PROXY_SSL="True", SECURE_SSL_REDIRECT="True",
               SECURE_HSTS_SECONDS="31536000", DATABASE_URL=f"sqlite:///{tmp_path / 'portal.sqlite3'}",
               CACHE_URL="redis://cache.internal:6379/0", LOG_FORMAT="json", RATELIMIT_IP_META_KEY="HTTP_X_REAL_IP",
               CARECLOUD_API_URL="https://project.example.com/webservice/rest-api/customer-interface/v1.0",
               CARECLOUD_EXTERNAL_APP_ID="portal-app", DJANGO_SETTINGS_MODULE="portal.settings", VAR_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr + done.stdout
    assert "no issues" in done.stdout
    # the HSTS defaults are what makes it clean
    env["SECURE_HSTS_INCLUDE_SUBDOMAINS"] = "False"
    broken = subprocess.run([sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True, timeout=120)
    assert broken.returncode != 0 and "security.W005" in broken.stderr + broken.stdout
