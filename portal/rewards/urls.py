from django.urls import path

from portal.core import converters  # noqa: F401  (registers ``ccid``: a CareCloud id)

from . import views

app_name = "rewards"

urlpatterns = [
    path("rewards/", views.RewardListView.as_view(), name="reward-list"),
    path("rewards/<ccid:reward_id>/", views.RewardDetailView.as_view(), name="reward-detail"),
    path("rewards/<ccid:reward_id>/redeem/", views.RewardRedeemView.as_view(), name="reward-redeem"),
    path("vouchers/", views.VoucherListView.as_view(), name="voucher-list"),
    path("vouchers/<ccid:voucher_id>/", views.VoucherDetailView.as_view(), name="voucher-detail"),
]
