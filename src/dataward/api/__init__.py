"""The HTTP API: FastAPI routers over the parts, built by :func:`create_app` (never at import).

Routers are thin: they read the loaded policy (and later the store) through the
dependencies in :mod:`dataward.api.deps` and call the parts; they hold no rules of their own.
"""

from dataward.api.app import create_app
from dataward.api.settings import ApiSettings

__all__ = ["ApiSettings", "create_app"]
