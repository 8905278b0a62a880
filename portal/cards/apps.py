from django.apps import AppConfig


class CardsConfig(AppConfig):
    name = "portal.cards"
    label = "cards"
    verbose_name = "Cards"
