"""The sandbox's state, one module per resource group (handlers never hold state).

Cross-group references are plain id strings, as they are between resources of the real API.
"""

from .base import SandboxModel, new_id  # noqa: F401
from .campaigns import *  # noqa: F401,F403
from .core import Customer, ExternalApplication, ServiceUser, Token, UserToken  # noqa: F401
from .credits import *  # noqa: F401,F403
from .customers import *  # noqa: F401,F403
from .loyalty import *  # noqa: F401,F403
from .messages import *  # noqa: F401,F403
from .oidc import *  # noqa: F401,F403
from .otp import *  # noqa: F401,F403
from .points import *  # noqa: F401,F403
from .preferences import *  # noqa: F401,F403
from .recommendations import *  # noqa: F401,F403
from .reference import *  # noqa: F401,F403
from .stamper import *  # noqa: F401,F403
