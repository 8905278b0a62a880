from django.urls import path

from . import views

app_name = "loyalty"

urlpatterns = [
    path("overview/", views.DashboardView.as_view(), name="dashboard"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("cards/", views.CardListView.as_view(), name="card-list"),
    path("vouchers/", views.VoucherListView.as_view(), name="voucher-list"),
    path("points/", views.PointsView.as_view(), name="points"),
    path("rewards/", views.RewardListView.as_view(), name="reward-list"),
]
