from django.apps import AppConfig


class StampCardsConfig(AppConfig):
    name = "portal.stampcards"
    label = "stampcards"
    verbose_name = "Stamp cards"
