from django.urls import path, register_converter

from . import views

app_name = "loyalty"


class CareCloudIdConverter:
    """A CareCloud id in a URL: letters, digits, ``-`` and ``_`` only."""

    regex = r"[0-9A-Za-z_-]{1,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CareCloudIdConverter, "ccid")

urlpatterns = [
    path("overview/", views.DashboardView.as_view(), name="dashboard"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("profile/edit/", views.ProfileEditView.as_view(), name="profile-edit"),
    path("profile/interests/", views.InterestsEditView.as_view(), name="interests-edit"),
    path("profile/preferences/", views.PropertiesEditView.as_view(), name="properties-edit"),
    path("cards/", views.CardListView.as_view(), name="card-list"),
    path("vouchers/", views.VoucherListView.as_view(), name="voucher-list"),
    path("points/", views.PointsView.as_view(), name="points"),
    path("rewards/", views.RewardListView.as_view(), name="reward-list"),
    path("rewards/<ccid:reward_id>/", views.RewardDetailView.as_view(), name="reward-detail"),
]
