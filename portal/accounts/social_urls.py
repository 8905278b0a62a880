"""The social account providers' URLs for customers, at /social/ (outside the language prefixes: a
provider is registered with one fixed callback URL, /social/<provider>/login/callback/, or
/social/oidc/<provider id>/login/callback/ for an OpenID Connect one), and outside /staff/, whose
requests carry the staff session. allauth's own pages for signing up or managing connected accounts
are not served: customers never get a Django user (portal/accounts/social.py)."""

from allauth.urls import build_provider_urlpatterns
from django.urls import path

from . import social

urlpatterns = [
    path("login/cancelled/", social.login_cancelled, name="socialaccount_login_cancelled"),
    path("login/error/", social.login_error, name="socialaccount_login_error"),
    *build_provider_urlpatterns(),
]
