"""System checks of the staff settings: bad combinations are said at start-up."""

import pytest
from django.core.checks import Error, Warning, run_checks

GOOD = {
    "CARECLOUD_API_URL": "https://demo.crmcarecloud.com/webservice/rest-api/customer-interface/v1.0",
    "CARECLOUD_ENTERPRISE_API_URL": "https://demo.crmcarecloud.com/webservice/rest-api/enterprise-interface/v1.0",
    "CARECLOUD_ENTERPRISE_LOGIN": "portal-service",
    "CARECLOUD_ENTERPRISE_PASSWORD": "a-long-service-password",
    "STAFF_SESSION_COOKIE_AGE": 3600,
    "SESSION_COOKIE_AGE": 8 * 3600,
    "STAFF_PREVIEW_SECONDS": 1800,
    "DEBUG": False,
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


def staff_problems():
    return {m.id: m for m in run_checks() if m.id and m.id.startswith("staff.")}


@pytest.fixture
def good(settings):
    for name, value in GOOD.items():
        setattr(settings, name, value)
    return settings


def test_a_good_configuration_passes(good):
    assert staff_problems() == {}


def test_the_development_defaults_pass(settings):
    settings.DEBUG = True
    assert staff_problems() == {}


@pytest.mark.parametrize("url", ["", "ftp://x/v1.0", "https://demo.crmcarecloud.com/enterprise-interface",
                                 "not a url", None])
def test_a_bad_enterprise_url_is_an_error(good, url):
    good.CARECLOUD_ENTERPRISE_API_URL = url
    assert isinstance(staff_problems()["staff.E001"], Error)


def test_two_projects_are_a_warning(good):
    good.CARECLOUD_ENTERPRISE_API_URL = "https://other.crmcarecloud.com/webservice/rest-api/enterprise-interface/v1.0"
    assert isinstance(staff_problems()["staff.W001"], Warning)


@pytest.mark.parametrize("login,password", [("portal-service", ""), ("", "a-long-service-password")])
def test_half_a_service_user_is_an_error(good, login, password):
    good.CARECLOUD_ENTERPRISE_LOGIN, good.CARECLOUD_ENTERPRISE_PASSWORD = login, password
    assert isinstance(staff_problems()["staff.E002"], Error)


def test_no_service_user_at_all_is_allowed(good):
    good.CARECLOUD_ENTERPRISE_LOGIN = good.CARECLOUD_ENTERPRISE_PASSWORD = ""
    assert staff_problems() == {}


def test_a_staff_session_as_long_as_a_customers_is_a_warning(good):
    good.STAFF_SESSION_COOKIE_AGE = good.SESSION_COOKIE_AGE
    assert "staff.W002" in staff_problems()


@pytest.mark.parametrize("seconds,problem", [(0, "staff.E003"), (-5, "staff.E003"), (7200, "staff.W003")])
def test_a_preview_time_that_cannot_work(good, seconds, problem):
    good.STAFF_PREVIEW_SECONDS = seconds
    assert problem in staff_problems()


@pytest.mark.parametrize("backend", ["django.core.mail.backends.console.EmailBackend",
                                     "django.core.mail.backends.filebased.EmailBackend"])
def test_undelivered_mail_in_production_is_a_warning(good, backend):
    good.EMAIL_BACKEND = backend
    assert "staff.W004" in staff_problems()
    good.DEBUG = True
    assert "staff.W004" not in staff_problems()


def test_a_local_enterprise_url_in_production_is_a_warning(good):
    good.CARECLOUD_API_URL = "http://127.0.0.1:8001/webservice/rest-api/customer-interface/v1.0"
    good.CARECLOUD_ENTERPRISE_API_URL = "http://127.0.0.1:8001/webservice/rest-api/enterprise-interface/v1.0"
    assert "staff.W005" in staff_problems()
