"""Sandbox models of the customers group (see handlers/customers.py)."""

__all__: list[str] = []
