from django.urls import path

from portal.core import converters  # noqa: F401  (registers ``ccid``: a CareCloud id)

from . import views

app_name = "campaigns"

urlpatterns = [
    path("campaigns/", views.CampaignListView.as_view(), name="list"),
    # The stable link marketing pastes: redirects (301) to the canonical address below.
    path("campaigns/<ccid:campaign_id>/", views.CampaignLinkView.as_view(), name="link"),
    path("campaigns/<ccid:campaign_id>/<slug:slug>/", views.CampaignDetailView.as_view(), name="detail"),
    # The picture of a campaign's link previews (og:image), by version: see portal/campaigns/sharing.py.
    # Any other version than the current one redirects to it.
    path("campaigns/<ccid:campaign_id>/sharing/<ccid:version>.jpg", views.CampaignSharingImageView.as_view(),
         name="sharing-image"),
    # A member's call to action on that page (portal/campaigns/events.py): on to the rewards.
    path("campaigns/<ccid:campaign_id>/<slug:slug>/take-part/", views.CampaignTakePartView.as_view(),
         name="take-part"),
]
