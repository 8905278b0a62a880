from django.apps import AppConfig


class OverviewConfig(AppConfig):
    name = "portal.overview"
    label = "overview"
    verbose_name = "Overview"
