"""The CareCloud API client: the only code in the portal that speaks HTTP to CareCloud."""

from . import budget  # noqa: F401
from .client import CareCloudClient, Page, get_client  # noqa: F401
from .exceptions import (  # noqa: F401
    AuthenticationError,
    CareCloudError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    UnavailableError,
    ValidationError,
)
