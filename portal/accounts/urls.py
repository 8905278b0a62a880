from django.urls import path

from . import views

app_name = "accounts"

# Included at the root of each language prefix: stable public URLs (e-mails and marketing link to
# /{lang}/register/ and /{lang}/password/forgotten/; docs/marketing.md).
urlpatterns = [
    path("account/login/", views.LoginView.as_view(), name="login"),
    path("account/login/code/", views.LoginCodeRequestView.as_view(), name="login-code"),
    path("account/login/code/verify/", views.LoginCodeVerifyView.as_view(), name="login-code-verify"),
    path("account/logout/", views.LogoutView.as_view(), name="logout"),
    path("register/", views.RegisterView.as_view(), name="register"),
    path("password/forgotten/", views.PasswordForgottenView.as_view(), name="password-forgotten"),
    path("password/forgotten/sent/", views.PasswordForgottenSentView.as_view(), name="password-forgotten-sent"),
    path("profile/password/", views.PasswordChangeView.as_view(), name="password-change"),
]
