"""The portal's own language-prefixed pages that belong to no feature: the cookie page."""

from django.urls import path

from . import cookie_page

app_name = "core-pages"

urlpatterns = [
    path("cookies/", cookie_page.CookiesView.as_view(), name="cookies"),
]
