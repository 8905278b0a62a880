"""Handlers of the loyalty group: parse, call the models, serialize."""

from .. import api  # noqa: F401
