from django.urls import path

from . import views

app_name = "loyalty"

urlpatterns = [
    path("overview/", views.DashboardView.as_view(), name="dashboard"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("profile/edit/", views.ProfileEditView.as_view(), name="profile-edit"),
    path("profile/interests/", views.InterestsEditView.as_view(), name="interests-edit"),
    path("profile/preferences/", views.PropertiesEditView.as_view(), name="properties-edit"),
]
