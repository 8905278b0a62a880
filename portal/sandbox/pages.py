"""Human-facing sandbox pages (the outbox, the hosted password-setup form): see handlers/customers.py."""

urlpatterns: list = []
