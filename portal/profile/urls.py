from django.urls import path

from . import views

app_name = "profile"

urlpatterns = [
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("profile/edit/", views.ProfileEditView.as_view(), name="profile-edit"),
    path("profile/interests/", views.InterestsEditView.as_view(), name="interests-edit"),
]
