from django.urls import path

from . import views

app_name = "loyalty"

urlpatterns = [
    path("overview/", views.DashboardView.as_view(), name="dashboard"),
]
