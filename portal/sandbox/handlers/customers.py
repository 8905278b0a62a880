"""Handlers of the customers group: parse, call the models, serialize."""

from .. import api  # noqa: F401
