"""Issue 18: every page fits the screen. Each page the portal serves (the list is checked against
the URLconf, so a new page is not forgotten) is opened in Chromium as the customer whose fields
hold the longest values the forms accept, as a visitor, as a staff member and in a staff preview,
in English and Czech, and looked at 320, 390 and 1280 px wide: the document is never wider than
the window, every navigation destination is on screen or one tap away (the phone's "More", the
desktop's), the member's top navigation is one row at 1280 px, and axe-core finds nothing serious.

Every test runs under each shipped theme (``sweep``): the default (zrnko) at all three widths, the
second (listek) at one phone width only, axe-core there too, since the layout CSS is shared and a
theme changes colours, font, logo and texts. On every page the theme's logo and name, its brand
colour, font and footer text are checked as well (tests/support/theme.py; the pages that show less
of it, and what they do show: ``theme_kind``).

A staff preview shows the member's pages under its banner: axe-core audits them there at the phone
width (at the desktop's they are the customer's pages, audited as such, and the banner is audited
on the staff home and the 403 under it); the second theme's preview opens only the pages whose
look the preview changes (``in_the_preview``), its member pages being seen as the customer's.

A page is opened once per language and the window resized around it (the layout follows the
width; the page need not be loaded again), one browser context per role and language."""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import get_resolver, reverse
from django.utils import translation

from portal.core import theme
from portal.core.context_processors import NAVIGATION, PUBLIC_NAVIGATION
from portal.sandbox.seed import ids as seed_ids
from tests.support.browser import serious_violations
from tests.support.long_values import PERSONAL, make_demo_customer_longest
from tests.support.staff import PASSWORD, create_staff, totp_code
from tests.support.theme import FONTS, theme_problems
from tests.support.urlconf import routes, walk

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ("en", "cs")
A4_CONTENT_PX = 703  # 186 mm at 96 px per inch: A4 less the print style's margins


@dataclass(frozen=True)
class Sweep:
    """How the pages are looked at under one theme: at which widths, and at which of them axe-core
    audits (it is the slow part). ``whole_preview``: a staff preview opens every member page; if
    not, only those whose look the preview changes (``in_the_preview``)."""

    theme: str
    widths: tuple[int, ...]
    axe_widths: tuple[int, ...]
    whole_preview: bool = True


SWEEPS = {
    # the default theme: the phone's layout at its narrowest and at a common width, the desktop's;
    # axe-core on the phone's layout and the desktop's
    "zrnko": Sweep("zrnko", widths=(320, 390, 1280), axe_widths=(320, 1280)),
    # the second: one phone width (the layout CSS is shared; the theme changes colours, font, logo);
    # its member pages are all seen as the customer, and in a preview those the preview changes
    "listek": Sweep("listek", widths=(390,), axe_widths=(390,), whole_preview=False),
}


@dataclass(frozen=True)
class Found:
    """A page reached through the first link on another page whose address matches ``pattern``."""

    on: str
    pattern: str


# The member's pages (after the language prefix), opened as the long-values customer.
CUSTOMER_PAGES = {
    "home": "",
    "overview:dashboard": "overview/",
    "profile:profile": "profile/",
    "profile:profile-edit": "profile/edit/",
    "profile:interests-edit": "profile/interests/",
    "aboutyou:properties-edit": "profile/preferences/",
    "accounts:password-change": "profile/password/",
    "mydata:my-data": "profile/data/",
    "mydata:my-data-print": "profile/data/print/",
    "cards:card-list": "cards/",
    "cards:till-card": "cards/till/",
    "rewards:reward-list": "rewards/",
    "rewards:reward-detail": Found("rewards/", r"/rewards/[^/]+/$"),
    "rewards:reward-redeem": Found("rewards/", r"/rewards/[^/]+/redeem/$"),
    "rewards:voucher-list": "vouchers/",
    "rewards:voucher-detail": Found("vouchers/", r"/vouchers/[^/]+/$"),
    "points:points": "points/",
    "purchases:purchase-list": "purchases/",
    "purchases:purchase-detail": Found("purchases/", r"/purchases/[^/]+/$"),
    "stampcards:stamp-card-list": "stamp-cards/",
    "stores:stores": "stores/",
    "credits:credits": "credits/",
    "inbox:message-list": "messages/",
    "inbox:message-detail": Found("messages/", r"/messages/[^/]+/$"),
    "campaigns:list": "campaigns/",
    "campaigns:detail": Found("campaigns/", r"/campaigns/[^/]+/[^/]+/$"),
    "webapp:offline": "offline/",
}
# A visitor's pages.
PUBLIC_PAGES = {
    "accounts:login": "account/login/",
    "accounts:register": "register/",
    "accounts:password-forgotten": "password/forgotten/",
    "accounts:password-forgotten-sent": "password/forgotten/sent/",
    "accounts:login-code": "account/login/code/",
    "accounts:handover-continue": "account/continue/",  # without a token: the login page with its notice
    "core-pages:cookies": "cookies/",
    "campaigns:list": "campaigns/",
    "campaigns:detail": Found("campaigns/", r"/campaigns/[^/]+/[^/]+/$"),
    "campaigns:link": Found("campaigns/", r"/campaigns/[^/]+/[^/]+/$"),  # its stable link: the same page
    "webapp:offline": "offline/",
}
# A staff member's pages (no language prefix: the language cookie decides), a superuser's for the audit.
STAFF_PAGES = {
    "account_login": "/staff/accounts/login/",
    "mfa_authenticate": "/staff/accounts/2fa/authenticate/",
    "staff:home": "/staff/",
    "staff:preview-start": "/staff/customers/{customer}/preview/",
    "mfa_index": "/staff/accounts/2fa/",
    "mfa_view_recovery_codes": "/staff/accounts/2fa/recovery-codes/",
    "mfa_generate_recovery_codes": "/staff/accounts/2fa/recovery-codes/generate/",
    "mfa_reauthenticate": "/staff/accounts/2fa/reauthenticate/",
    "account_reauthenticate": "/staff/accounts/reauthenticate/",
    "account_change_password": "/staff/accounts/password/change/",
    "account_logout": "/staff/accounts/logout/",
    "admin:index": "/staff/admin/",
    "admin:staff_preview_changelist": "/staff/admin/staff/preview/",
    "admin:staff_customersearch_changelist": "/staff/admin/staff/customersearch/",
}
# Visitor pages that answer with an error status on purpose (the page itself is still checked).
VISITOR_STATUS = {"accounts:handover-continue": 400}  # no token: the login page with its notice, 400
# Pages with the offline header only (the brand, no navigation: kept by the service worker).
OFFLINE_HEADER = {"cards:till-card", "webapp:offline"}
# 400 and 500: rendered without a request context (layouts/standalone.html), the header's link says "Home".
STANDALONE = {"400", "500"}
# Named URLs no test here opens, and why.
EXCLUDED = {
    "core:liveness": "JSON for the load balancer, not a page",
    "core:readiness": "JSON for the load balancer, not a page",
    "core:service-worker": "JavaScript",
    "webapp:manifest": "the web app manifest (JSON)",
    "set-language": "a POST that redirects back (the switch is checked on every page)",
    "accounts:logout": "a POST that redirects to the login page",
    "mydata:my-data-download": "a JSON file download",
    "cards:card-file": "a card file download (PNG, PDF, wallet pass)",
    "staff:preview-end": "a POST that redirects to the staff home",
    "accounts:login-code-verify": "the code form needs a code request in the session (tests/e2e/test_login_code.py)",
    "accounts:handover-out": "a POST that redirects to the linked application",
    "cards:card-add": "a POST; its form and answer are on the cards page",
    "cards:digital-card": "a POST that redirects to the overview",
    "campaigns:sharing-image": "a JPEG (the campaign's link preview)",
    "campaigns:take-part": "redirects to the rewards (a campaign's call to action)",
    "socialaccount_login_cancelled": "redirects to the login page with a notice",
    "socialaccount_login_error": "redirects to the login page with a notice",
}
# allauth's social provider URLs: redirects to and from the provider (tests/e2e/test_social.py).
SOCIAL_REASON = "a social provider's redirect (allauth), tried in tests/e2e/test_social.py"
EXCLUDED.update(dict.fromkeys((
    "apple_login", "apple_callback", "apple_finish_callback", "facebook_login", "facebook_callback",
    "facebook_login_by_token", "google_login", "google_callback", "google_login_by_token",
    "openid_connect_login", "openid_connect_callback"), SOCIAL_REASON))

EXCLUDED_STAFF = {  # allauth's URLs a staff member of this portal never sees a page at
    "account_signup": "sign-up is closed (staff adapter): redirects",
    "account_inactive": "staff are never inactive here",
    "account_email": "staff e-mail addresses are managed by an administrator",
    "account_email_verification_sent": "e-mail verification is off",
    "account_confirm_email": "e-mail verification is off",
    "account_set_password": "staff always have a password: redirects to the change form",
    "account_reset_password": "allauth's form, the staff layout (as the change form)",
    "account_reset_password_done": "allauth's page, the staff layout",
    "account_reset_password_from_key": "needs a key from an e-mail",
    "account_reset_password_from_key_done": "allauth's page, the staff layout",
    "account_confirm_login_code": "login by code is off: redirects",
    "mfa_activate_totp": "only before the authenticator is set up (tests/e2e/test_staff.py)",
    "mfa_deactivate_totp": "the second factor cannot be removed (staff adapter)",
    "mfa_download_recovery_codes": "a text file download",
    "mfa_list_webauthn": "security keys need https and a key (allauth's pages, the staff layout)",
    "mfa_add_webauthn": "security keys need https and a key",
    "mfa_reauthenticate_webauthn": "security keys need https and a key",
    "mfa_remove_webauthn": "security keys need https and a key",
    "mfa_edit_webauthn": "security keys need https and a key",
}
ADMIN_REASON = "Django's own admin pages: the audit trail's lists and the admin's home are visited"


def named_urls() -> set[str]:
    names = set()
    for namespace, pattern, _customer, _params in walk(get_resolver().url_patterns):
        if pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_named_url_is_opened_or_excluded_with_a_reason():
    visited = set(CUSTOMER_PAGES) | set(PUBLIC_PAGES) | set(STAFF_PAGES)
    excluded = set(EXCLUDED) | set(EXCLUDED_STAFF)
    assert all({**EXCLUDED, **EXCLUDED_STAFF}.values()), "every exclusion says why"
    names = named_urls()
    forgotten = sorted(name for name in names - visited - excluded if not name.startswith("admin:"))
    assert forgotten == [], f"open these pages in tests/e2e/test_layout.py, or exclude them with a reason: {forgotten}"
    assert sorted((visited | excluded) - names) == [], "pages listed here that the URLconf no longer has"
    assert not visited & excluded


def test_every_shipped_theme_is_swept():
    # a new theme's colours, font and logo are seen on every page (and its font named for the check)
    assert sorted(SWEEPS) == sorted(FONTS) == theme.shipped()


# --- what is checked on every page ---------------------------------------------------------------

REACHABLE = """(selectors) => {
  const shown = (e) => {
    if (!e.checkVisibility({visibilityProperty: true, opacityProperty: true})) return false;
    const box = e.getBoundingClientRect();
    return box.width > 1 && box.height > 1 && box.left >= 0 && box.right <= innerWidth + 1;
  };
  const oneTapAway = (e) => {
    const details = e.closest('details');
    return details && !details.open && shown(details.querySelector(':scope > summary'));
  };
  return selectors.filter(s => ![...document.querySelectorAll(s)].some(e => shown(e) || oneTapAway(e)));
}"""


# The distinct tops of what the member's top navigation shows (none on a page without it): on a
# desktop it is one row, the destinations and "More".
NAVIGATION_ROWS = """() => [...new Set(
  [...document.querySelectorAll('.tab-bar .main-nav li, .tab-bar .more-menu > summary')]
    .filter(e => e.checkVisibility()).map(e => Math.round(e.getBoundingClientRect().top)))]"""


def destinations(role: str, lang: str) -> list[str]:
    """CSS selectors of what must be on screen or one tap away on every page of ``role``."""
    with translation.override(lang):
        if role in ("customer", "preview"):
            hrefs = [reverse(name) for _key, name, _label in NAVIGATION]
        elif role == "visitor":
            hrefs = [reverse(name) for _key, name, _label in PUBLIC_NAVIGATION]
        else:  # staff, or a staff page during a preview
            hrefs = [reverse(name) for name in ("staff:home", "mfa_index", "account_change_password")]
    found = [f'header a[href="{href}"]' for href in hrefs]
    if role == "customer":
        found.append('header form[action$="/logout/"] button')
    if role in ("preview", "staff-preview"):
        found.append(".preview-banner__end")
    if role == "staff":
        found.append('header form[action$="/logout/"] button')
    found += ['header .language-switcher [lang="en"]', 'header .language-switcher [lang="cs"]']
    return found


def theme_kind(name: str) -> str | None:
    """How much of the theme the page ``name`` shows (tests/support/theme.py's ``KINDS``): the
    offline header's pages show all of it (the brand, the footer; they only lack the navigation).
    None: Django's admin pages show none of it (its own header, colours and font, no footer)."""
    if name.startswith("admin:"):
        return None
    if name in STANDALONE:
        return "standalone"
    return "staff" if name in STAFF_PAGES else "page"


class Inspector:
    """Opens pages in one browser context and collects what does not fit or does not show the
    theme, by page and width: at ``sweep.widths``, axe-core at ``sweep.axe_widths``."""

    def __init__(self, page, portal_url: str, lang: str, sweep: Sweep):
        self.page, self.portal_url, self.lang, self.sweep = page, portal_url, lang, sweep
        self.problems: dict[str, list[str]] = {}
        self.seen: list[str] = []

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.portal_url + path

    def find(self, found: Found) -> str:
        self.page.goto(self.url(f"/{self.lang}/{found.on}"))
        for href in self.page.locator("main a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
            if re.search(found.pattern, href):
                return href
        raise AssertionError(f"no link like {found.pattern} on /{self.lang}/{found.on}")

    def open(self, name: str, path, role: str, status_below: int = 400, *, destinations_expected: bool = True):
        if isinstance(path, Found):
            path = self.find(path)
        self.page.set_viewport_size({"width": 390, "height": 844})
        response = self.page.goto(self.url(path))
        status = response.status if response else 0
        if status >= status_below:
            self.problems.setdefault(name, []).append(f"answered {status} at {self.page.url}")
            return
        self.check(name, role, destinations_expected)

    def check(self, name: str, role: str, destinations_expected: bool = True):
        self.seen.append(name)
        self.role_seen = role
        wanted = destinations(role, self.lang) if destinations_expected and name not in OFFLINE_HEADER else []
        kind = theme_kind(name)
        if kind:  # once: the width changes no colour, logo or text (the staff header's name aside, below 22 rem)
            label = translation_of("Home", self.lang) if kind == "standalone" else ""
            for problem in theme_problems(self.page, self.sweep.theme, self.lang, kind, label):
                self.problems.setdefault(name, []).append(f"theme {self.sweep.theme}: {problem}")
        for width in self.sweep.widths:
            self.page.set_viewport_size({"width": width, "height": 844 if width < 1000 else 900})
            scroll_width = self.page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                wide = self.page.evaluate(WIDEST, width)
                self.problems.setdefault(name, []).append(f"{width} px: the page is {scroll_width} px wide ({wide})")
            missing = self.page.evaluate(REACHABLE, wanted) if wanted else []
            if missing:
                self.problems.setdefault(name, []).append(f"{width} px: out of reach: {missing}")
            rows = self.page.evaluate(NAVIGATION_ROWS) if width >= 1280 else []
            if len(rows) > 1:
                self.problems.setdefault(name, []).append(f"{width} px: the top navigation is {len(rows)} rows")
            if SHOTS:  # PORTAL_LAYOUT_SHOTS=<folder>: every page at every width, to look at
                self.shoot(name, width)
            if width in self.sweep.axe_widths and (role != "preview" or width < 1000 or name not in CUSTOMER_PAGES):
                # (a member page in a preview: the member's page, audited at every width as the
                # customer's, under the banner, audited on the phone here and on the desktop under
                # the staff home's banner and the preview's 403)
                found = serious_violations(self.page)
                if found:
                    self.problems.setdefault(name, []).append(f"{width} px: axe-core: {found}")


    def report(self) -> str:
        """The problems one a line, whole (pytest's diff of the dict cuts long ones short)."""
        return "\n".join(f"{name}: {problem}" for name, found in self.problems.items() for problem in found)

    def shoot(self, name: str, width: int):
        height = self.page.evaluate("document.documentElement.scrollHeight")
        self.page.set_viewport_size({"width": width, "height": min(height, 12000)})
        folder = Path(SHOTS)
        folder.mkdir(parents=True, exist_ok=True)
        shot = f"{self.sweep.theme}-{self.lang}-{width}-{self.role_seen}-{name.replace(':', '-')}.png"
        self.page.screenshot(path=str(folder / shot))
        self.page.set_viewport_size({"width": width, "height": 844 if width < 1000 else 900})


SHOTS = os.environ.get("PORTAL_LAYOUT_SHOTS", "")  # the files are named <theme>-<lang>-<width>-<role>-<page>.png


def translation_of(text: str, lang: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)
WIDEST = """(width) => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > width + 1).slice(-3)
  .map(e => e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className ? '.' + e.className : ''))
  .join(', ')"""


@pytest.fixture(params=list(SWEEPS))
def sweep(request, settings) -> Sweep:
    """Each test once per shipped theme: the live server (this process) renders with it."""
    settings.PORTAL_THEME = request.param
    settings.PORTAL_BRAND_NAME = ""  # the theme's own name in the header
    return SWEEPS[request.param]


@pytest.fixture
def context_for(phone_page):
    def make(lang: str):
        # Reduced motion: the navigation's colour transitions would otherwise still be running when
        # axe-core measures contrast right after a resize (a colour half-way is not what anyone reads).
        page = phone_page(lang, service_workers="block", reduced_motion="reduce")
        page.set_default_timeout(20000)
        return page

    return make


def log_in_by_card(page, portal_url, ids, lang):
    page.goto(f"{portal_url}/{lang}/account/login/")
    page.locator("#id_login_value").fill(ids.DEMO_CARD_NUMBER)  # one field: the number says it is a card
    page.locator("input[type=password]").fill(ids.DEMO_PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/overview/$"))


@pytest.fixture
def longest(fresh_sandbox, carecloud):
    """The demo customer holding the longest accepted values (reseeded afterwards)."""
    make_demo_customer_longest(fresh_sandbox)
    return fresh_sandbox


# --- the checks, per role and language -------------------------------------------------------------

def half(pages: dict, which: int) -> dict:
    """The first or the second half of ``pages``: a test each, so that none runs for minutes."""
    names = list(pages)
    middle = len(names) // 2
    return {name: pages[name] for name in (names[:middle] if which == 0 else names[middle:])}


@pytest.mark.parametrize("which", [0, 1], ids=["first-half", "second-half"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_members_pages_fit_every_width_with_the_longest_values(context_for, portal_url, longest, ids, lang,
                                                                   which, sweep):
    page = context_for(lang)
    log_in_by_card(page, portal_url, ids, lang)
    assert PERSONAL["first_name"] in page.locator("main").inner_text()
    inspector = Inspector(page, portal_url, lang, sweep)
    for name, path in half(CUSTOMER_PAGES, which).items():
        inspector.open(name, path if isinstance(path, Found) else f"/{lang}/{path}", "customer")
    if "mydata:my-data-print" in half(CUSTOMER_PAGES, which):  # printed on A4 (less the margins)
        page.goto(f"{portal_url}/{lang}/profile/data/print/")
        page.emulate_media(media="print")
        page.set_viewport_size({"width": A4_CONTENT_PX, "height": 1123})
        printed = page.evaluate("document.documentElement.scrollWidth")
        page.emulate_media(media="screen")
        assert printed <= A4_CONTENT_PX, f"the printed export is {printed} px wide on A4 ({A4_CONTENT_PX} px)"
    if which:  # the friendly 503 page, while CareCloud does not answer
        longest.set_faults(force_status=503, retry_after=0)
        try:
            inspector.open("503", f"/{lang}/rewards/", "customer", status_below=600)
        finally:
            longest.clear_faults()
    assert inspector.problems == {}, inspector.report()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_visitors_pages_and_the_error_pages_fit_every_width(context_for, portal_url, enterprise, lang, sweep):
    # (the enterprise service user: the sign-in with a code is offered only with it)
    page = context_for(lang)
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": portal_url}])
    inspector = Inspector(page, portal_url, lang, sweep)
    for name, path in PUBLIC_PAGES.items():
        inspector.open(name, path if isinstance(path, Found) else f"/{lang}/{path}", "visitor",
                       status_below=VISITOR_STATUS.get(name, 400) + 1 if name in VISITOR_STATUS else 400)
    inspector.open("404", f"/{lang}/no-such-page/", "visitor", status_below=405)
    # 400 and 500 are rendered without a request context (layouts/standalone.html): served as Django renders them
    for status, html in standalone_error_pages(lang).items():
        page.route(f"{portal_url}/_error/{status}", lambda route, _request, html=html, status=status: route.fulfill(
            status=status, body=html, content_type="text/html; charset=utf-8"))
        inspector.open(str(status), f"/_error/{status}", "visitor", status_below=600, destinations_expected=False)
    assert inspector.problems == {}, inspector.report()


def standalone_error_pages(lang: str) -> dict[int, str]:
    from django.test import RequestFactory
    from django.views import defaults

    request = RequestFactory().get("/")
    with translation.override(lang):
        return {400: defaults.bad_request(request, Exception()).content.decode(),
                500: defaults.server_error(request).content.decode()}


def sign_in_staff(page, portal_url, lang, *, superuser=False):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    user = create_staff(superuser=superuser)
    RecoveryCodes.activate(user)  # the recovery codes' page shows them
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": portal_url}])
    page.goto(f"{portal_url}/staff/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/accounts/2fa/authenticate/"))
    return user


def search_by_card(page, ids):
    page.locator("label.choice-pill", has=page.locator("input[value=card]")).click()
    page.locator("#id_query").fill(ids.DEMO_CARD_NUMBER)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert PERSONAL["last_name"] in page.locator("main").inner_text()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_staff_pages_fit_every_width(context_for, portal_url, enterprise, longest, ids, lang, sweep):
    page = context_for(lang)
    inspector = Inspector(page, portal_url, lang, sweep)
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": portal_url}])
    inspector.open("account_login", STAFF_PAGES["account_login"], "visitor", destinations_expected=False)
    sign_in_staff(page, portal_url, lang, superuser=True)
    inspector.check("mfa_authenticate", "visitor", destinations_expected=False)
    page.locator("#id_code").fill(totp_code())
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/$"))
    search_by_card(page, ids)  # the long-values customer among the results
    inspector.check("staff:home", "staff")
    for name, path in STAFF_PAGES.items():
        if name not in ("account_login", "mfa_authenticate", "staff:home", "account_logout"):
            # Django's admin has a header of its own
            inspector.open(name, path.format(customer=ids.DEMO_CUSTOMER), "staff",
                           destinations_expected=not name.startswith("admin:"))
    inspector.open("account_logout", STAFF_PAGES["account_logout"], "staff")
    assert inspector.problems == {}, inspector.report()


def in_the_preview(name: str) -> bool:
    """Whether the member page ``name`` stands for what a preview changes in how pages look: the
    overview (where a preview starts: the banner), the offline header's pages (the banner in a
    layout without navigation), a form (its submit button disabled, with the read-only note: one
    component, components/submit.html) and the pages a preview refuses (their own page,
    staff/preview_refused.html, 403)."""
    return name in ("overview:dashboard", "profile:profile-edit") or name in OFFLINE_HEADER \
        or name in refused_in_a_preview()


@functools.cache
def refused_in_a_preview() -> frozenset[str]:
    """The URL names whose views declare ``preview_refused`` (the URLconf walked once)."""
    return frozenset(route.name for route in routes(seed_ids)[0] if route.refused)


def test_a_partial_preview_sweep_still_sees_what_the_preview_changes():
    # (the second theme's preview: the overview, a form, the offline header, every page it refuses)
    chosen = {name for name in CUSTOMER_PAGES if in_the_preview(name)}
    assert {"overview:dashboard", "profile:profile-edit", "cards:till-card", "webapp:offline",
            "mydata:my-data-print", "rewards:reward-redeem"} <= chosen
    assert not chosen & {"profile:profile", "mydata:my-data", "rewards:voucher-list", "points:points"}


@pytest.mark.parametrize("which", [0, 1], ids=["first-half", "second-half"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_staff_preview_fits_every_width(context_for, portal_url, enterprise, longest, ids, lang, which, sweep):
    page = context_for(lang)
    sign_in_staff(page, portal_url, lang)
    page.locator("#id_code").fill(totp_code())
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/$"))
    search_by_card(page, ids)
    page.locator(".staff-result a.button").click()
    page.wait_for_url(re.compile(r"/staff/customers/.+/preview/$"))
    page.locator("#id_reason").fill("Ticket 4711: " + "x" * 200)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/{lang}/overview/$"))
    assert page.locator(".preview-banner").is_visible()
    inspector = Inspector(page, portal_url, lang, sweep)
    for name, path in half(CUSTOMER_PAGES, which).items():
        if not (sweep.whole_preview or in_the_preview(name)):
            continue
        # a page the preview does not open answers its own page (staff/preview_refused.html), 403
        inspector.open(name, path if isinstance(path, Found) else f"/{lang}/{path}", "preview", status_below=404)
    if not which:
        inspector.open("staff:home", "/staff/", "staff-preview")  # a staff page under the banner
        assert inspector.problems == {}, inspector.report()
        return
    # a refused write: the 403 page under the banner
    page.goto(f"{portal_url}/{lang}/overview/")
    page.evaluate("""() => {
        const form = document.querySelector('.preview-banner form').cloneNode(true);
        form.action = location.pathname.replace(/overview\\/$/, 'account/logout/');
        document.body.append(form);
        form.submit();
    }""")
    page.wait_for_url(re.compile(rf"/{lang}/account/logout/$"))
    inspector.check("403", "preview")
    assert inspector.problems == {}, inspector.report()
