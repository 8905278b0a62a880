from django.urls import path

# The ``ccid`` converter (a CareCloud id: letters, digits, - and _) is registered there.
from portal.loyalty.urls import CareCloudIdConverter  # noqa: F401

from . import views

app_name = "campaigns"

urlpatterns = [
    path("campaigns/", views.CampaignListView.as_view(), name="list"),
    # The stable link marketing pastes: redirects (301) to the canonical address below.
    path("campaigns/<ccid:campaign_id>/", views.CampaignLinkView.as_view(), name="link"),
    path("campaigns/<ccid:campaign_id>/<slug:slug>/", views.CampaignDetailView.as_view(), name="detail"),
]
