"""The portal's own language-prefixed pages that belong to no feature: the cookie page."""

from django.urls import path

from . import cookies

app_name = "core-pages"

urlpatterns = [
    path("cookies/", cookies.CookiesView.as_view(), name="cookies"),
]
