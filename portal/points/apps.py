from django.apps import AppConfig


class PointsConfig(AppConfig):
    name = "portal.points"
    label = "points"
    verbose_name = "Points"
