from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("", views.SearchView.as_view(), name="home"),
    path("customers/<slug:customer_id>/preview/", views.PreviewStartView.as_view(), name="preview-start"),
    path("preview/end/", views.PreviewEndView.as_view(), name="preview-end"),
]
