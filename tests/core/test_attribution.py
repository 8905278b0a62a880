"""Marketing attribution (portal/core/attribution.py): what a tagged link leaves in the session
and the signed cookie, which touch counts, what is never kept, the mapping to CareCloud's
customer sources (checked against the live sandbox) and the system check of the mapping. At the
end, unit by unit: the stored record and the mapping, a request without a session still reading the
signed cookie, a campaign page visited without a tagged link being a touch of its own only
through the campaign's stable link (``landing``), the longest touch still fitting in a cookie, and
consent given moving the visit's attribution into the cookie."""

import os
import re
import subprocess
import sys
import time
from http import HTTPStatus
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core import signing
from django.core.checks import Error, Warning
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from portal.core import attribution
from portal.core.attribution import COOKIE_NAME, SALT, SESSION_KEY, Attribution, current_attribution, customer_source_id
from portal.core.checks import check_public_pages_and_attribution
from portal.core.cookies import ACCEPTED, CONSENT_COOKIE
from portal.sandbox.seed import campaigns as seeded
from portal.sandbox.seed import reference as seed_reference

NEWSLETTER, SOCIAL = seed_reference.SOURCE_NEWSLETTER, seed_reference.SOURCE_SOCIAL_ADS
pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def campaign_link(campaign_id=seeded.CAMPAIGN_AUTUMN_COFFEE):
    return url("campaigns:link", campaign_id=campaign_id)


def cookie_data(response):
    return signing.loads(response.cookies[COOKIE_NAME].value, salt=attribution.SALT)


@pytest.fixture
def visitor(carecloud):
    """A visitor who accepted marketing cookies (tests/core/test_cookies.py: one who did not)."""
    client = Client()
    client.cookies[CONSENT_COOKIE] = ACCEPTED
    return client


# --- recording ---------------------------------------------------------------------------------------


def test_a_tagged_link_to_any_page_is_remembered_in_the_session_and_a_signed_cookie(visitor):
    response = visitor.get(url("accounts:login"), {"utm_source": "newsletter", "utm_medium": "email",
                                                   "utm_campaign": "autumn_2026", "email": "jana@example.com",
                                                   "gclid": "abc"})
    assert response.status_code == HTTPStatus.OK
    stored = visitor.session[SESSION_KEY]
    assert {k: v for k, v in stored.items() if k != "at"} == {
        "source": "newsletter", "medium": "email", "campaign": "autumn_2026"}  # nothing else of the URL
    assert abs(stored["at"] - time.time()) < 60
    assert cookie_data(response) == stored
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["max-age"] == 30 * 24 * 3600
    assert "private" in response["Cache-Control"]


def test_the_campaign_arrived_through_is_remembered_with_the_tags(visitor):
    visitor.get(campaign_link(), {"utm_source": "facebook"}, follow=True)
    stored = visitor.session[SESSION_KEY]
    assert stored["source"] == "facebook" and stored["campaign_id"] == seeded.CAMPAIGN_AUTUMN_COFFEE


def test_the_stable_link_from_outside_is_a_touch_of_its_own(visitor):
    visitor.get(campaign_link())
    assert visitor.session[SESSION_KEY]["campaign_id"] == seeded.CAMPAIGN_AUTUMN_COFFEE
    assert "source" not in visitor.session[SESSION_KEY]


def test_browsing_inside_the_portal_is_not_a_touch(visitor):
    visitor.get(url("accounts:login"), {"utm_source": "newsletter"})
    visitor.get(campaign_link(seeded.CAMPAIGN_ADVENT_BAKING), HTTP_REFERER="http://testserver/en/campaigns/")
    visitor.get(url("campaigns:list"))  # and a direct visit without tags keeps it too
    stored = visitor.session[SESSION_KEY]
    assert stored["source"] == "newsletter" and "campaign_id" not in stored


def test_the_last_tagged_link_wins(visitor):
    visitor.get(url("accounts:login"), {"utm_source": "newsletter", "utm_campaign": "autumn"})
    visitor.get(url("accounts:login"), {"utm_source": "facebook"})
    stored = visitor.session[SESSION_KEY]
    assert stored["source"] == "facebook" and "campaign" not in stored  # a touch replaces the whole record


@pytest.mark.parametrize("value, kept", [
    ("newsletter", "newsletter"),
    ("  spaced  ", "spaced"),
    ("jana.novakova@example.com", None),  # looks like personal data: dropped
    ("tab\tand\x00null", "tabandnull"),
    ("x" * 300, "x" * 100),
])
def test_values_are_cleaned(visitor, value, kept):
    visitor.get(url("accounts:login"), {"utm_source": value, "utm_medium": "email"})
    assert visitor.session[SESSION_KEY].get("source") == kept


def test_without_a_cookie_lifetime_only_the_session_remembers(visitor, settings):
    settings.PORTAL_ATTRIBUTION_COOKIE_AGE = 0
    response = visitor.get(url("accounts:login"), {"utm_source": "newsletter"})
    assert COOKIE_NAME not in response.cookies and visitor.session[SESSION_KEY]["source"] == "newsletter"


def test_a_post_is_not_a_touch(visitor):
    visitor.post(url("accounts:login") + "?utm_source=newsletter", {})
    assert SESSION_KEY not in visitor.session


# --- reading -----------------------------------------------------------------------------------------


def request_with_cookie(value):
    request = RequestFactory().get("/")
    request.COOKIES[COOKIE_NAME] = value
    request.COOKIES[CONSENT_COOKIE] = ACCEPTED
    request.session = {}
    return request


def test_the_cookie_outlives_the_session(visitor, customer_client):
    """Logging out flushes the session; the cookie still says where the visitor came from."""
    customer_client.cookies[CONSENT_COOKIE] = ACCEPTED
    customer_client.get(url("accounts:login"), {"utm_source": "newsletter"})
    customer_client.post(url("accounts:logout"))
    assert SESSION_KEY not in customer_client.session
    request = request_with_cookie(customer_client.cookies[COOKIE_NAME].value)
    assert current_attribution(request).source == "newsletter"


def test_an_edited_cookie_is_ignored():
    forged = signing.dumps({"source": "newsletter"}, salt="someone-else")
    assert current_attribution(request_with_cookie(forged)) is None
    assert current_attribution(request_with_cookie("garbage")) is None


def test_a_cookie_older_than_its_lifetime_is_ignored(settings):
    settings.PORTAL_ATTRIBUTION_COOKIE_AGE = 3600
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 7200):
        old = signing.dumps({"source": "newsletter"}, salt=attribution.SALT, compress=True)
    assert current_attribution(request_with_cookie(old)) is None
    fresh = signing.dumps({"source": "newsletter"}, salt=attribution.SALT, compress=True)
    assert current_attribution(request_with_cookie(fresh)).source == "newsletter"


def test_the_session_wins_over_the_cookie():
    request = request_with_cookie(signing.dumps({"source": "old"}, salt=attribution.SALT))
    request.session = {SESSION_KEY: {"source": "new"}}
    assert current_attribution(request).source == "new"


def test_nothing_remembered_is_none():
    assert current_attribution(request_with_cookie("")) is None


# --- the mapping to customer sources ------------------------------------------------------------------


@pytest.fixture
def mapping(settings, carecloud):
    settings.PORTAL_UTM_SOURCE_MAP = {
        "newsletter": NEWSLETTER,
        "utm_source:Facebook": SOCIAL,
        "utm_campaign:autumn_2026": SOCIAL,
        f"campaign:{seeded.CAMPAIGN_ADVENT_BAKING}": NEWSLETTER,
        "typo": "0000000000000000000000000a",  # an id CareCloud does not list
    }
    return settings.PORTAL_UTM_SOURCE_MAP


@pytest.mark.parametrize("attribution_, expected", [
    (Attribution(source="newsletter"), NEWSLETTER),
    (Attribution(source="NewsLetter", medium="email"), NEWSLETTER),  # names compare case-insensitively
    (Attribution(source="facebook"), SOCIAL),
    (Attribution(source="newsletter", campaign="autumn_2026"), SOCIAL),  # utm_campaign before utm_source
    (Attribution(source="facebook", campaign_id=seeded.CAMPAIGN_ADVENT_BAKING), NEWSLETTER),  # campaign next
    (Attribution(campaign_id=seeded.CAMPAIGN_ADVENT_BAKING), NEWSLETTER),
    (Attribution(source="instagram"), None),  # unknown value: the caller's default
    (Attribution(campaign="autumn_2026x"), None),
    (Attribution(source="typo"), None),  # mapped to an id CareCloud does not know
    (None, None),
])
def test_utm_values_map_to_customer_sources(mapping, attribution_, expected):
    assert customer_source_id(attribution_) == expected


def test_the_mapped_ids_are_the_sandboxs_customer_sources(sandbox):
    sources = sandbox.api().get("/customer-sources", token=sandbox.new_token()).json()["data"]["customer_sources"]
    assert {NEWSLETTER, SOCIAL} <= {s["customer_source_id"] for s in sources}


def test_an_unreadable_source_list_trusts_the_mapping(mapping, fresh_sandbox):
    fresh_sandbox.set_faults(force_status=500)
    try:
        assert customer_source_id(Attribution(source="newsletter")) == NEWSLETTER
    finally:
        fresh_sandbox.clear_faults()


# --- the system check ---------------------------------------------------------------------------------


def problems(settings, value):
    settings.PORTAL_UTM_SOURCE_MAP = value
    return [(type(p), p.id) for p in check_public_pages_and_attribution()]


def test_a_good_mapping_passes(settings):
    assert problems(settings, {"newsletter": NEWSLETTER, "utm_campaign:autumn": SOCIAL,
                               f"campaign:{seeded.CAMPAIGN_AUTUMN_COFFEE}": SOCIAL}) == []
    assert problems(settings, {}) == []


@pytest.mark.parametrize("value, expected", [
    ("newsletter", [(Error, "portal.E010")]),  # not key=value pairs (settings keep the string)
    ({"": NEWSLETTER}, [(Error, "portal.E011")]),
    ({"utm_campaign:": NEWSLETTER}, [(Error, "portal.E011")]),
    ({"newsletter": ""}, [(Error, "portal.E012")]),
    ({"newsletter": "not an id!"}, [(Error, "portal.E012")]),
    ({"utm_campain:autumn": NEWSLETTER}, [(Warning, "portal.W010")]),
])
def test_a_bad_mapping_is_named(settings, value, expected):
    assert problems(settings, value) == expected


def test_bad_lifetimes_and_public_url_are_named(settings):
    settings.PORTAL_ATTRIBUTION_COOKIE_AGE = -1
    settings.PORTAL_PUBLIC_URL = "club.example.com/path"
    ids = [p.id for p in check_public_pages_and_attribution()]
    assert ids == ["portal.E013", "portal.E014"]


@pytest.mark.parametrize("value, reported", [
    (f"newsletter={NEWSLETTER},utm_campaign:autumn={SOCIAL}", []),
    ("newsletter", ["portal.E010"]),  # not key=value: settings.py keeps the string for the check
    (f"newsletter={NEWSLETTER},facebook=", ["portal.E012"]),
])
@pytest.mark.slow
def test_manage_py_check_reads_the_environment_and_names_a_bad_mapping(value, reported):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "DEBUG": "True",
           "PORTAL_UTM_SOURCE_MAP": value}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    found = sorted(set(re.findall(r"portal\.[EW]01\d", result.stdout + result.stderr)))
    assert found == reported
    assert (result.returncode == 0) == (not reported)


# --- the record and the mapping, unit by unit (quick and precise, for make mutation) ---------------


@pytest.mark.parametrize(("data", "expected"), [
    ({"source": "newsletter", "at": 1_700_000_000}, Attribution(source="newsletter", at=1_700_000_000)),
    ({"source": "newsletter", "at": True}, Attribution(source="newsletter", at=0)),  # a bool is no time
    ({"source": "newsletter", "at": "1700000000"}, Attribution(source="newsletter", at=0)),
    ({"source": "newsletter"}, Attribution(source="newsletter", at=0)),
    ({"at": 1_700_000_000}, None),  # a time without a touch is nothing
    ({"campaign_id": "c4f1a9e27b3d5086e2a7f4c913"}, Attribution(campaign_id="c4f1a9e27b3d5086e2a7f4c913")),
    ("newsletter", None),
])
def test_a_stored_record_is_read_back_strictly(data, expected):
    assert Attribution.from_dict(data) == expected


def test_a_one_second_lifetime_still_reads_and_writes_the_cookie(settings):
    settings.PORTAL_ATTRIBUTION_COOKIE_AGE = 1
    settings.SESSION_COOKIE_SECURE = True
    request = RequestFactory().get("/")
    request.COOKIES[CONSENT_COOKIE] = ACCEPTED
    request.session = {}
    response = HttpResponse()
    attribution.remember(request, response, Attribution(source="newsletter", at=5))
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["max-age"] == 1 and cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert request.session[SESSION_KEY] == {"source": "newsletter", "at": 5}
    assert current_attribution(request_with_cookie(cookie.value)).source == "newsletter"


def test_the_mapping_keeps_only_entries_with_a_name_and_a_carecloud_id(settings):
    settings.PORTAL_UTM_SOURCE_MAP = {"from-settings": "abc"}
    assert attribution.source_map({"Newsletter": " id_1 ", "facebook": "not an id!", "utm_source:": "id_2"}) == {
        ("utm_source", "newsletter"): "id_1"}
    assert attribution.source_map() == {("utm_source", "from-settings"): "abc"}
    assert attribution.source_map(["newsletter=abc"]) == {}


@pytest.mark.parametrize(("key", "expected"), [
    ("utm_campaign:autumn:2026", ("utm_campaign", "autumn:2026")),  # split at the first colon
    (" Campaign : c4f1 ", ("campaign", "c4f1")),
    ("partner:acme", ("utm_source", "partner:acme")),  # not a known prefix: a source with a colon
    ("newsletter", ("utm_source", "newsletter")),
])
def test_a_mapping_key_names_its_kind(key, expected):
    assert attribution.split_key(key) == expected


@pytest.mark.parametrize("session, found", [
    (None, Attribution(source="newsletter", at=1_700_000_000)),  # no session (another URLconf): the cookie
    ({}, Attribution(source="newsletter", at=1_700_000_000)),
    ({SESSION_KEY: {"campaign": "autumn", "at": 1_700_000_500}}, Attribution(campaign="autumn", at=1_700_000_500)),
])
def test_the_attribution_is_the_sessions_else_the_cookies(settings, session, found):
    settings.PORTAL_ATTRIBUTION_COOKIE_AGE = 10**10
    cookie = signing.dumps({"source": "newsletter", "at": 1_700_000_000}, salt=SALT, compress=True)
    request = SimpleNamespace(COOKIES={COOKIE_NAME: cookie, CONSENT_COOKIE: ACCEPTED})
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


def test_the_longest_touch_a_link_can_leave_still_fits_in_a_cookie(settings):
    """Three values of 100 characters (emoji too: 12 bytes each once JSON-escaped) and a campaign id:
    a browser keeps a cookie of at most 4096 bytes (name and value), so the cookie is compressed."""
    settings.PORTAL_ATTRIBUTION_COOKIE_AGE = 3600
    values = ["".join(chr(0x1F300 + (i * 37 + k * 101) % 768) for i in range(100)) for k in range(3)]
    touch = Attribution(source=values[0], medium=values[1], campaign=values[2], campaign_id="c" * 64,
                        at=1_700_000_000)
    request = RequestFactory().get("/")
    request.COOKIES[CONSENT_COOKIE] = ACCEPTED
    request.session = {}
    response = HttpResponse()
    attribution.remember(request, response, touch)
    value = response.cookies[COOKIE_NAME].value
    assert len(COOKIE_NAME) + 1 + len(value) <= 4096
    assert current_attribution(request_with_cookie(value)) == touch


def test_consent_given_moves_the_visits_attribution_into_the_cookie(settings):
    settings.PORTAL_ATTRIBUTION_COOKIE_AGE = 3600
    request = RequestFactory().post("/en/cookies/")
    request.session = {SESSION_KEY: {"source": "newsletter", "at": 1_700_000_000}}
    response = HttpResponse()
    attribution.remember_in_cookie(request, response)
    assert cookie_data(response) == {"source": "newsletter", "at": 1_700_000_000}
    del request.session  # no session (another URLconf): nothing to move, and no error
    response = HttpResponse()
    attribution.remember_in_cookie(request, response)
    assert COOKIE_NAME not in response.cookies
