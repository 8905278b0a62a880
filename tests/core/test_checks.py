"""System checks for CareCloud settings that cannot work (docs/architecture.md, "Settings")."""

import pytest
from django.core.checks import Error, Warning, run_checks

GOOD = {
    "CARECLOUD_API_URL": "https://demo.crmcarecloud.com/webservice/rest-api/customer-interface/v1.0",
    "CARECLOUD_AUTH_SCHEME": "bearer",
    "CARECLOUD_EXTERNAL_APP_ID": "a06f94938c68356a6555b8da23",
    "DEBUG": False,
    "SECRET_KEY": "a-long-random-production-secret-key-0f7a9c2e4b6d8f1a3c5e7b9d",
    "CACHES": {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                           "LOCATION": "redis://127.0.0.1:6379/0"}},
}


def portal_problems():
    return {m.id: m for m in run_checks() if m.id and m.id.startswith("portal.")}


@pytest.fixture
def good(settings):
    for name, value in GOOD.items():
        setattr(settings, name, value)
    return settings


def test_a_good_production_configuration_passes(good):
    assert portal_problems() == {}


def test_the_development_defaults_pass_with_debug(settings):
    settings.DEBUG = True
    assert portal_problems() == {}


@pytest.mark.parametrize("scheme", ["", "digest", "Bearer ", None])
def test_an_unknown_auth_scheme_is_an_error(good, scheme):
    good.CARECLOUD_AUTH_SCHEME = scheme
    problems = portal_problems()
    assert list(problems) == ["portal.E001"]
    assert isinstance(problems["portal.E001"], Error)


@pytest.mark.parametrize("scheme", ["bearer", "basic"])
def test_both_auth_schemes_are_fine(good, scheme):
    good.CARECLOUD_AUTH_SCHEME = scheme
    assert portal_problems() == {}


@pytest.mark.parametrize("url", [
    "",
    "demo.crmcarecloud.com/webservice/rest-api/customer-interface/v1.0",
    "ftp://demo.crmcarecloud.com/webservice/rest-api/customer-interface/v1.0",
    "https://demo.crmcarecloud.com/webservice/rest-api/customer-interface",
    "https://demo.crmcarecloud.com/webservice/rest-api/customer-interface/v1.0/customers",
    "https:///v1.0",
])
def test_a_bad_api_url_is_an_error(good, url):
    good.CARECLOUD_API_URL = url
    assert list(portal_problems()) == ["portal.E002"]


@pytest.mark.parametrize("url", [
    "http://carecloud.internal:8080/webservice/rest-api/customer-interface/v1.0",
    "https://demo.crmcarecloud.com/webservice/rest-api/customer-interface/v1.0/",
])
def test_good_api_urls_pass(good, url):
    good.CARECLOUD_API_URL = url
    assert portal_problems() == {}


@pytest.mark.parametrize("app_id", ["", "   ", None])
def test_an_empty_external_application_is_an_error(good, app_id):
    good.CARECLOUD_EXTERNAL_APP_ID = app_id
    assert list(portal_problems()) == ["portal.E003"]


@pytest.mark.parametrize("host", ["127.0.0.1:8001", "localhost:8001", "[::1]:8001"])
def test_the_local_sandbox_without_debug_is_a_warning(good, host):
    good.CARECLOUD_API_URL = f"http://{host}/webservice/rest-api/customer-interface/v1.0"
    problems = portal_problems()
    assert list(problems) == ["portal.W001"]
    assert isinstance(problems["portal.W001"], Warning)

    good.DEBUG = True
    assert portal_problems() == {}


def test_the_development_secret_key_without_debug_is_a_warning(good):
    good.SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789abcdef"
    assert list(portal_problems()) == ["portal.W002"]
    good.DEBUG = True
    assert portal_problems() == {}


def test_several_problems_are_reported_together(good):
    good.CARECLOUD_AUTH_SCHEME = "x"
    good.CARECLOUD_API_URL = "http://localhost/nope"
    good.CARECLOUD_EXTERNAL_APP_ID = ""
    assert set(portal_problems()) == {"portal.E001", "portal.E002", "portal.E003", "portal.W001"}


def test_a_per_process_cache_without_debug_is_a_warning(good):
    good.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert list(portal_problems()) == ["portal.W003"]


@pytest.mark.parametrize(("value", "says"), [
    ("login=20/5x/ip", "PORTAL_RATE_LIMITS: login: '20/5x/ip' is not amount/period/key"),
    ("logins=20/5m/ip", "PORTAL_RATE_LIMITS: 'logins' is not a rate-limited action"),
    ("export=10/h/contact", "PORTAL_RATE_LIMITS: export: cannot count by contact"),
    ({"registration": "5/h/contact,"}, "PORTAL_RATE_LIMITS: registration: '' is not amount/period/key"),
])
def test_a_malformed_rate_limit_or_an_unknown_action_or_key_is_an_error(good, value, says):
    good.PORTAL_RATE_LIMITS = value
    problems = portal_problems()
    assert list(problems) == ["portal.E020"] and isinstance(problems["portal.E020"], Error)
    assert problems["portal.E020"].msg.startswith(says), problems["portal.E020"].msg
    assert "login=20/5m/ip,10/5m/account-ip,20/5m/account" in problems["portal.E020"].hint


def test_each_bad_rate_limit_is_reported(good):
    good.PORTAL_RATE_LIMITS = "login=x; export=y; password-setup=3/15m/contact"
    assert [m.id for m in run_checks() if m.id == "portal.E020"] == ["portal.E020", "portal.E020"]


@pytest.mark.parametrize("value", ["", "login=30/5m/ip,5/5m/account-ip; export=2/h/customer",
                                   {"password-setup": "10/15m/ip,3/15m/contact,1/m/contact-ip"}])
def test_good_rate_limits_pass(good, value):
    good.PORTAL_RATE_LIMITS = value
    assert portal_problems() == {}


@pytest.mark.parametrize("backend", ["django.core.cache.backends.db.DatabaseCache",
                                     "django.core.cache.backends.filebased.FileBasedCache"])
def test_a_shared_cache_that_cannot_hold_the_rate_limits_is_an_error(good, backend, tmp_path):
    # (memcached too: Django's own checks load its client library, which the portal does not install)
    good.CACHES = {"default": {"BACKEND": backend, "LOCATION": str(tmp_path)}}
    problems = portal_problems()
    assert list(problems) == ["portal.E021"] and "moving windows need Redis" in problems["portal.E021"].msg


@pytest.mark.parametrize("source", ["", "   "])
def test_registration_needs_a_customer_source(good, source):
    good.PORTAL_CUSTOMER_SOURCE_ID = source
    problems = portal_problems()
    assert set(problems) == {"portal.E004"} and isinstance(problems["portal.E004"], Error)


@pytest.mark.parametrize("channels", [[], ["email", "fax"], ["pigeon"]])
def test_the_forgotten_password_form_needs_known_channels(good, channels):
    good.PORTAL_PASSWORD_SETUP_CHANNELS = channels
    assert set(portal_problems()) == {"portal.E005"}


@pytest.mark.parametrize("channels", [["email"], ["sms"], ["email", "sms"]])
def test_known_channels_pass(good, channels):
    good.PORTAL_PASSWORD_SETUP_CHANNELS = channels
    assert portal_problems() == {}


@pytest.mark.parametrize("types", [[], ["4a86ef3cc662c4e732bea3bb1d"], ["4a86ef3cc662c4e732bea3bb1d", " percent_type"]])
def test_percentage_reward_types_that_are_ids_pass(good, types):
    good.PORTAL_PERCENT_REWARD_TYPES = types
    assert portal_problems() == {}


@pytest.mark.parametrize("types", [["4a86ef3c;0a3fdddc"], ["4a86 ef3c"], [""], ["x" * 65], ["ok", "not/an/id"]])
def test_a_percentage_reward_type_that_is_no_id_is_an_error(good, types):
    good.PORTAL_PERCENT_REWARD_TYPES = types
    problems = portal_problems()
    assert set(problems) == {"portal.E051"} and isinstance(problems["portal.E051"], Error)
    assert repr(types[-1]) in problems["portal.E051"].msg


def test_percentage_reward_types_that_are_no_list_are_an_error(good):
    good.PORTAL_PERCENT_REWARD_TYPES = "4a86ef3cc662c4e732bea3bb1d"
    assert set(portal_problems()) == {"portal.E050"}


# --- what gunicorn refuses to start with (gunicorn.conf.py; tests/core/test_production.py starts it) ----


GOOD_KEY = "k3#9xQ!v" * 7  # 56 characters, 8 different


@pytest.mark.parametrize(("debug", "key", "expected"), [
    (False, GOOD_KEY, []),
    (True, GOOD_KEY, ["DEBUG is on"]),
    (False, "dev-only-insecure-" + GOOD_KEY, ["SECRET_KEY is missing"]),
    (False, "django-insecure-" + GOOD_KEY, ["SECRET_KEY is missing"]),
    (False, GOOD_KEY[:49], ["SECRET_KEY is too short"]),
    (False, GOOD_KEY[:50], []),
    (False, "abcd" * 20, ["SECRET_KEY is too short"]),  # long, but four characters
    (False, "abcde" * 20, []),
    (True, "dev-only-insecure-x", ["DEBUG is on", "SECRET_KEY is missing"]),
])
def test_production_problems_name_what_gunicorn_must_not_start_with(settings, debug, key, expected):
    from portal.core.checks import production_problems

    settings.DEBUG, settings.SECRET_KEY = debug, key
    problems = production_problems()
    assert len(problems) == len(expected) and all(map(str.startswith, problems, expected)), problems
