from django.urls import path

from . import views

app_name = "overview"

urlpatterns = [
    path("overview/", views.DashboardView.as_view(), name="dashboard"),
]
