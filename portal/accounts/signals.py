"""What the account's life tells the features above it (which accounts may not import): a feature
connects a receiver in its AppConfig.ready()."""

from django.dispatch import Signal

# A new customer registered and this browser session is logged in as them (services.customer_register):
# ``request`` (its ``customer`` session is theirs) and ``customer_id``. Sent robustly: a receiver that
# fails never fails the registration (portal/cards gives a digital card here).
customer_registered = Signal()
