from django.urls import path

from portal.core import converters  # noqa: F401  (registers ``ccid``: a CareCloud id)

from . import views

app_name = "purchases"

urlpatterns = [
    path("purchases/", views.PurchaseListView.as_view(), name="purchase-list"),
    path("purchases/<ccid:purchase_id>/", views.PurchaseDetailView.as_view(), name="purchase-detail"),
]
