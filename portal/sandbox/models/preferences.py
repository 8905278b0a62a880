"""Sandbox models of the preferences group (see handlers/preferences.py)."""

__all__: list[str] = []
