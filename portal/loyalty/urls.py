from django.urls import path, register_converter

from portal.core import converters  # noqa: F401  (registers ``ccid``: a CareCloud id)

from . import views

app_name = "loyalty"


class CardFileTypeConverter:
    """A file type of postGenerateDigitalCard."""

    regex = "png|qr-png|wallet"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CardFileTypeConverter, "card_file_type")

urlpatterns = [
    path("overview/", views.DashboardView.as_view(), name="dashboard"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("profile/edit/", views.ProfileEditView.as_view(), name="profile-edit"),
    path("profile/interests/", views.InterestsEditView.as_view(), name="interests-edit"),
    path("profile/preferences/", views.PropertiesEditView.as_view(), name="properties-edit"),
    path("cards/", views.CardListView.as_view(), name="card-list"),
    path("vouchers/", views.VoucherListView.as_view(), name="voucher-list"),
    path("rewards/", views.RewardListView.as_view(), name="reward-list"),
    path("rewards/<ccid:reward_id>/", views.RewardDetailView.as_view(), name="reward-detail"),
    path("cards/till/", views.TillCardView.as_view(), name="till-card"),
    path("cards/<ccid:card_id>/files/<card_file_type:file_type>/", views.CardFileView.as_view(), name="card-file"),
]

urlpatterns += [
    path("rewards/<ccid:reward_id>/redeem/", views.RewardRedeemView.as_view(), name="reward-redeem"),
    path("vouchers/<ccid:voucher_id>/", views.VoucherDetailView.as_view(), name="voucher-detail"),
]
