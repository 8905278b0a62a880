from django.urls import path

from . import views

app_name = "credits"

urlpatterns = [
    path("credits/", views.CreditsView.as_view(), name="credits"),
]
