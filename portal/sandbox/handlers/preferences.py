"""Handlers of the preferences group: parse, call the models, serialize."""

from .. import api  # noqa: F401
