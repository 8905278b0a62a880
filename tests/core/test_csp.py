"""The Content-Security-Policy's picture origins, called directly (quick and precise, for make
mutation): which CareCloud and file-host settings become an img-src origin, and that the middleware
adds them to the policy a response is sent with while keeping a view's own additions (csp_update)
in the enforced policy and the report-only one apart."""

import pytest
from django.http import HttpResponse

from portal.core.csp import CSPMiddleware, _origin, image_sources


@pytest.mark.parametrize("url, origin", [
    ("https://api.carecloud.example/webservice/rest-api/enterprise-interface/v1.0", "https://api.carecloud.example"),
    ("http://127.0.0.1:8765/api", "http://127.0.0.1:8765"),
    ("files.carecloud.example", "https://files.carecloud.example"),  # a bare host is https
    ("ftp://files.carecloud.example", ""),
    ("javascript:alert(1)", ""),
    ("https://evil.example; script-src *", ""),
])
def test_a_picture_host_setting_becomes_an_origin_or_nothing(url, origin):
    assert _origin(url) == origin


def test_the_picture_origins_are_carecloud_then_its_file_hosts_then_the_projects_once_each(settings):
    settings.CARECLOUD_API_URL = "https://api.carecloud.example/v1.0"
    settings.CARECLOUD_FILE_HOSTS = ["https://files.carecloud.example/img", "https://api.carecloud.example"]
    settings.PORTAL_CSP_IMG_HOSTS = ["cdn.example.com", "ftp://old.example.com"]
    assert image_sources() == ["https://api.carecloud.example", "https://files.carecloud.example",
                               "https://cdn.example.com"]


def test_the_policy_adds_the_picture_origins_and_keeps_a_views_own_update_enforced(rf, settings):
    settings.CARECLOUD_API_URL = "https://api.carecloud.example/v1.0"
    settings.CARECLOUD_FILE_HOSTS = []
    settings.PORTAL_CSP_IMG_HOSTS = []
    middleware = CSPMiddleware(lambda request: HttpResponse())
    response = HttpResponse()
    response._csp_update = {"style-src": ["'unsafe-hashes'"], "img-src": ["data:"]}
    parts = middleware.get_policy_parts(rf.get("/"), response)
    assert parts.update == {"style-src": ["'unsafe-hashes'"], "img-src": ["data:", "https://api.carecloud.example"]}
    report_only = middleware.get_policy_parts(rf.get("/"), response, report_only=True)
    assert report_only.update == {"img-src": ["https://api.carecloud.example"]}


def test_the_social_providers_sign_in_origins_join_form_action_only_when_configured(rf, settings):
    """A "Continue with" button's form is redirected to the provider: Chromium checks that redirect
    against form-action, so a configured provider's origin joins it (and only then)."""
    settings.CARECLOUD_FILE_HOSTS = settings.PORTAL_CSP_IMG_HOSTS = []
    middleware = CSPMiddleware(lambda request: HttpResponse())
    settings.PORTAL_SOCIAL_FORM_ACTION = []
    assert "form-action" not in middleware.get_policy_parts(rf.get("/"), HttpResponse()).update
    settings.PORTAL_SOCIAL_FORM_ACTION = ["https://accounts.google.com", "http://127.0.0.1:8001/oidc",
                                          "javascript:alert(1)", "https://accounts.google.com"]
    parts = middleware.get_policy_parts(rf.get("/"), HttpResponse())
    assert parts.update["form-action"] == ["https://accounts.google.com", "http://127.0.0.1:8001"]


def test_a_views_own_form_action_is_kept_beside_the_social_providers(rf, settings):
    settings.CARECLOUD_FILE_HOSTS = settings.PORTAL_CSP_IMG_HOSTS = []
    settings.PORTAL_SOCIAL_FORM_ACTION = ["https://accounts.google.com"]
    response = HttpResponse()
    response._csp_update = {"form-action": ["https://pay.example.com"]}
    parts = CSPMiddleware(lambda request: HttpResponse()).get_policy_parts(rf.get("/"), response)
    assert parts.update["form-action"] == ["https://pay.example.com", "https://accounts.google.com"]


def test_a_project_without_the_social_setting_gets_no_form_action_origins(rf, settings):
    settings.CARECLOUD_FILE_HOSTS = settings.PORTAL_CSP_IMG_HOSTS = []
    del settings.PORTAL_SOCIAL_FORM_ACTION
    parts = CSPMiddleware(lambda request: HttpResponse()).get_policy_parts(rf.get("/"), HttpResponse())
    assert "form-action" not in parts.update
