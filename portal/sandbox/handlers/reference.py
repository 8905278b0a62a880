"""Handlers of the reference group: parse, call the models, serialize."""

from .. import api  # noqa: F401
