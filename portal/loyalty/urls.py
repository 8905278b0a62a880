from django.urls import path

from portal.core import converters  # noqa: F401  (registers ``ccid``: a CareCloud id)

from . import views

app_name = "loyalty"


urlpatterns = [
    path("overview/", views.DashboardView.as_view(), name="dashboard"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("profile/edit/", views.ProfileEditView.as_view(), name="profile-edit"),
    path("profile/interests/", views.InterestsEditView.as_view(), name="interests-edit"),
    path("profile/preferences/", views.PropertiesEditView.as_view(), name="properties-edit"),
    path("vouchers/", views.VoucherListView.as_view(), name="voucher-list"),
    path("rewards/", views.RewardListView.as_view(), name="reward-list"),
    path("rewards/<ccid:reward_id>/", views.RewardDetailView.as_view(), name="reward-detail"),
]

urlpatterns += [
    path("rewards/<ccid:reward_id>/redeem/", views.RewardRedeemView.as_view(), name="reward-redeem"),
    path("vouchers/<ccid:voucher_id>/", views.VoucherDetailView.as_view(), name="voucher-detail"),
]
