from django.urls import path

from . import health, webapp

app_name = "core"

urlpatterns = [
    path("healthz", health.liveness, name="liveness"),
    path("readyz", health.readiness, name="readiness"),
    path("sw.js", webapp.service_worker, name="service-worker"),
]
