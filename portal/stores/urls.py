from django.urls import path

from . import views

app_name = "stores"

urlpatterns = [
    path("stores/", views.StoresView.as_view(), name="stores"),
]
