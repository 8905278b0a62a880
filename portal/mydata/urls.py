from django.urls import path

from . import views

app_name = "mydata"

urlpatterns = [
    path("profile/data/", views.MyDataView.as_view(), name="my-data"),
    path("profile/data/download/", views.MyDataDownloadView.as_view(), name="my-data-download"),
    path("profile/data/print/", views.MyDataPrintView.as_view(), name="my-data-print"),
]
