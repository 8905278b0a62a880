from django.urls import path

from . import views

app_name = "aboutyou"

urlpatterns = [
    path("profile/preferences/", views.PropertiesEditView.as_view(), name="properties-edit"),
]
