"""Sandbox models of the campaigns group: campaigns, campaign products, products."""

__all__: list[str] = []
