"""Handlers of the campaigns group: parse, call the models, serialize."""

from .. import api  # noqa: F401
