"""Handlers of the points group: parse, call the models, serialize."""

from .. import api  # noqa: F401
