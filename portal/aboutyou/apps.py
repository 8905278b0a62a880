from django.apps import AppConfig


class AboutYouConfig(AppConfig):
    name = "portal.aboutyou"
    label = "aboutyou"
    verbose_name = "About you (customer properties)"
