from django.urls import path

from . import views

app_name = "points"

urlpatterns = [
    path("points/", views.PointsView.as_view(), name="points"),
]
