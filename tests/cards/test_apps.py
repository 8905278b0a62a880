"""The cards app's wiring (apps.py): the registration signal asks for the new member's digital card."""

from django.apps import apps

from portal.accounts.signals import customer_registered
from portal.cards import services

UID = "cards.digital-card"


def test_the_registration_signal_asks_for_the_new_members_digital_card(monkeypatch):
    asked = []

    def receiver(sender=None, *, request, customer_id, **kwargs):
        asked.append(customer_id)

    customer_registered.disconnect(dispatch_uid=UID)
    monkeypatch.setattr(services, "digital_card_at_registration", receiver)
    try:
        apps.get_app_config("cards").ready()
        customer_registered.send_robust(sender=None, request=None, customer_id="c1")
    finally:  # the real receiver again, whatever happened
        customer_registered.disconnect(dispatch_uid=UID)
        monkeypatch.undo()
        customer_registered.connect(services.digital_card_at_registration, dispatch_uid=UID)
    assert asked == ["c1"]
