from django.urls import path

from . import views, webapp

app_name = "core"

urlpatterns = [
    path("language/", views.set_language, name="set-language"),
    path("sw.js", webapp.service_worker, name="service-worker"),
]
