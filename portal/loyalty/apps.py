from django.apps import AppConfig


class LoyaltyConfig(AppConfig):
    name = "portal.loyalty"
    label = "loyalty"
    verbose_name = "Loyalty pages"
