from django.urls import path, re_path

from portal.core import converters  # noqa: F401  (registers ``ccid``: a CareCloud id)

from . import views

app_name = "campaigns"

urlpatterns = [
    path("campaigns/", views.CampaignListView.as_view(), name="list"),
    # The stable link marketing pastes: redirects (301) to the canonical address below.
    path("campaigns/<ccid:campaign_id>/", views.CampaignLinkView.as_view(), name="link"),
    path("campaigns/<ccid:campaign_id>/<slug:slug>/", views.CampaignDetailView.as_view(), name="detail"),
    # The picture of a campaign's link previews (og:image), by version: see portal/campaigns/sharing.py.
    re_path(r"^campaigns/(?P<campaign_id>[0-9A-Za-z_-]{1,64})/sharing/(?P<version>[0-9a-f]{20})\.jpg$",
            views.CampaignSharingImageView.as_view(), name="sharing-image"),
]
