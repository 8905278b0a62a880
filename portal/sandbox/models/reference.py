"""Sandbox models of the reference group (see handlers/reference.py)."""

__all__: list[str] = []
