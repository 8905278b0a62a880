"""Sandbox models of the loyalty group (see handlers/loyalty.py)."""

__all__: list[str] = []
