"""The strict Content-Security-Policy in a real browser: the main pages, public and logged in (and
the pages they link to), load in Chromium without a single CSP violation, whether reported as a
``securitypolicyviolation`` event or as a console message, and without an error about the
Permissions-Policy header. The portal's own script runs under the policy too (the offline card's
service worker, the export's download)."""

import re
from urllib.parse import urlsplit

import pytest

from portal.sandbox.seed import loyalty as seed_loyalty
from portal.sandbox.seed import messages as seed_messages
from tests.support.browser import log_in

pytestmark = pytest.mark.django_db(transaction=True)

# Recorded before any script of the page runs (an init script is not subject to the page's CSP).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (event) {
  window.__cspViolations.push(event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline') +
                              ' at ' + event.sourceFile + ':' + event.lineNumber);
});
"""
PUBLIC = ["/staff/accounts/login/", "/en/account/login/", "/en/register/", "/en/password/forgotten/",
          "/en/campaigns/", "/cs/campaigns/"]  # the campaigns list last: its links are followed
LOGGED_IN = ["/en/overview/", "/en/profile/", "/en/cards/", "/en/cards/till/", "/en/vouchers/", "/en/points/",
             "/en/rewards/", f"/en/rewards/{seed_loyalty.REWARD_ESPRESSO}/redeem/", "/en/purchases/",
             "/en/profile/data/", "/en/profile/edit/", "/en/profile/interests/", "/en/profile/preferences/",
             "/en/profile/password/", "/en/stamp-cards/", "/en/messages/",
             f"/en/messages/{seed_messages.MESSAGE_HTML_ONLY}/"]


@pytest.fixture
def watched(page):
    page.add_init_script(RECORD_VIOLATIONS)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text)
            if re.search(r"Content.Security.Policy|Refused to|Permissions.Policy", message.text) else None)
    page.console_csp = console
    return page


def visit(page, portal_url, path, problems):
    page.goto(portal_url + path)
    page.wait_for_load_state("networkidle")
    found = page.evaluate("window.__cspViolations || []") + page.console_csp
    page.console_csp.clear()
    problems.extend(f"{path}: {line}" for line in found)


def links(page, prefix):
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    return [href for href in hrefs if href.startswith(prefix) and "/files/" not in href and "/print/" not in href]


def test_no_page_breaks_the_content_security_policy(watched, portal_url, ids):
    problems: list[str] = []
    for path in PUBLIC:
        visit(watched, portal_url, path, problems)
    campaigns = [href for href in links(watched, "/cs/campaigns/") if urlsplit(href).path.count("/") > 4]
    assert campaigns, "a campaign's own page is linked"
    visit(watched, portal_url, campaigns[0], problems)

    log_in(watched, portal_url, ids)
    seen = set()
    queue = list(LOGGED_IN)
    while queue and len(seen) < 40:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        visit(watched, portal_url, path, problems)
        queue.extend(href for href in links(watched, "/en/") if href not in seen)
    assert any(re.search(r"/vouchers/\w{26}/", path) for path in seen), "the crawl reached a voucher's page"
    # the export's script downloads the file (fetch, a blob link) under the policy
    visit(watched, portal_url, "/en/profile/data/", problems)
    with watched.expect_download():
        watched.locator("form.my-data__form button[type=submit]").click()
    problems.extend(watched.evaluate("window.__cspViolations") + watched.console_csp)
    assert problems == []


def test_the_check_itself_sees_a_violation(watched, portal_url):
    """The listener works: a style attribute added by markup is reported (and blocked)."""
    visit(watched, portal_url, "/en/account/login/", [])
    watched.evaluate("document.body.insertAdjacentHTML('beforeend', '<div style=\"color: red\">x</div>')")
    watched.wait_for_timeout(200)
    assert any("style-src" in line for line in watched.evaluate("window.__cspViolations"))
