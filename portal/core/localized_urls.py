"""The installable web app's language-prefixed URLs (/{lang}/...): its manifest and offline page."""

from django.urls import path

from . import webapp

app_name = "webapp"

urlpatterns = [
    path("manifest.webmanifest", webapp.manifest, name="manifest"),
    path("offline/", webapp.offline, name="offline"),
]
