from django.urls import path

from . import views

app_name = "stampcards"

urlpatterns = [
    path("stamp-cards/", views.StampCardsView.as_view(), name="stamp-card-list"),
]
