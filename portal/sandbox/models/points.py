"""Sandbox models of the points group (see handlers/points.py)."""

__all__: list[str] = []
