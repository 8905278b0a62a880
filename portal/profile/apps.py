from django.apps import AppConfig


class ProfileConfig(AppConfig):
    name = "portal.profile"
    label = "profile"
    verbose_name = "Profile"
