from django.apps import AppConfig


class CardsConfig(AppConfig):
    name = "portal.cards"
    label = "cards"
    verbose_name = "Cards"

    def ready(self):
        from portal.accounts.signals import customer_registered

        from . import services

        customer_registered.connect(services.digital_card_at_registration, dispatch_uid="cards.digital-card")
