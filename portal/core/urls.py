from django.urls import path

from . import health, views, webapp

app_name = "core"

urlpatterns = [
    path("language/", views.set_language, name="set-language"),
    path("healthz", health.liveness, name="liveness"),
    path("readyz", health.readiness, name="readiness"),
    path("sw.js", webapp.service_worker, name="service-worker"),
]
