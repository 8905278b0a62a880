"""One module per resource group; importing them fills the operation registry (api.REGISTRY)."""

from . import customers, loyalty, points, preferences, reference, tokens  # noqa: F401
