from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "portal.campaigns"
    label = "campaigns"
    verbose_name = "Campaign pages"

    def ready(self):
        from . import events  # noqa: F401  (connects its request_finished receiver)
