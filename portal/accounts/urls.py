from django.urls import path

from portal.core import converters  # noqa: F401  (registers ``ccid``: a CareCloud id)

from . import views

app_name = "accounts"

# Included at the root of each language prefix: stable public URLs (e-mails and marketing link to
# /{lang}/register/ and /{lang}/password/forgotten/; docs/marketing.md).
urlpatterns = [
    path("account/login/", views.LoginView.as_view(), name="login"),
    path("account/login/code/", views.LoginCodeRequestView.as_view(), name="login-code"),
    path("account/login/code/verify/", views.LoginCodeVerifyView.as_view(), name="login-code-verify"),
    path("account/logout/", views.LogoutView.as_view(), name="logout"),
    # Hand-over between the retailer's applications: in (a stable URL the other applications open) and out.
    path("account/continue/", views.HandoverContinueView.as_view(), name="handover-continue"),
    path("account/open/<ccid:application_id>/", views.HandoverOutView.as_view(), name="handover-out"),
    path("register/", views.RegisterView.as_view(), name="register"),
    path("password/forgotten/", views.PasswordForgottenView.as_view(), name="password-forgotten"),
    path("password/forgotten/sent/", views.PasswordForgottenSentView.as_view(), name="password-forgotten-sent"),
    path("profile/password/", views.PasswordChangeView.as_view(), name="password-change"),
]
