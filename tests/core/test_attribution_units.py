"""Attribution's reading and noting, called directly (quick and precise, for make mutation): a
request without a session still reads the signed cookie, and a campaign page visited without a
tagged link is a touch of its own only through the campaign's stable link (``landing``)."""

from types import SimpleNamespace

import pytest
from django.core import signing

from portal.core import attribution
from portal.core.attribution import COOKIE_NAME, SALT, SESSION_KEY, Attribution


@pytest.mark.parametrize("session, found", [
    (None, Attribution(source="newsletter", at=1_700_000_000)),  # no session (another URLconf): the cookie
    ({}, Attribution(source="newsletter", at=1_700_000_000)),
    ({SESSION_KEY: {"campaign": "autumn", "at": 1_700_000_500}}, Attribution(campaign="autumn", at=1_700_000_500)),
])
def test_the_attribution_is_the_sessions_else_the_cookies(settings, session, found):
    settings.PORTAL_ATTRIBUTION_COOKIE_AGE = 10**10
    cookie = signing.dumps({"source": "newsletter", "at": 1_700_000_000}, salt=SALT, compress=True)
    request = SimpleNamespace(COOKIES={COOKIE_NAME: cookie})
    if session is not None:
        request.session = session
    assert attribution.current_attribution(request) == found


@pytest.mark.parametrize("landing, referer, touch", [
    (False, "", None),  # a campaign's page reached any other way: no touch of its own
    (True, "", Attribution(campaign_id="c1", at=1_700_000_000)),
    (True, "https://facebook.example/", Attribution(campaign_id="c1", at=1_700_000_000)),
    (True, "http://testserver/en/campaigns/", None),  # from another page of the portal
])
def test_a_campaign_page_is_a_touch_only_through_its_stable_link_from_outside(rf, monkeypatch, landing, referer,
                                                                              touch):
    monkeypatch.setattr(attribution.time, "time", lambda: 1_700_000_000.5)
    request = rf.get("/en/campaigns/c1/", HTTP_REFERER=referer) if referer else rf.get("/en/campaigns/c1/")
    if landing:
        attribution.note_campaign(request, "c1", landing=True)
    else:
        attribution.note_campaign(request, "c1")
    assert getattr(request, "_attribution_touch", None) == touch


def test_a_campaign_page_joins_a_tagged_links_touch(rf):
    request = rf.get("/en/campaigns/c1/?utm_source=newsletter")
    request._attribution_touch = Attribution(source="newsletter", at=1_700_000_000)
    attribution.note_campaign(request, "c1")
    assert request._attribution_touch == Attribution(source="newsletter", campaign_id="c1", at=1_700_000_000)
