"""FastAPI's TestClient, imported once with the one warning it is known to raise.

Starlette 1.x warns at import that its TestClient prefers httpx2 to httpx; the project pins
httpx (the live-server test uses it too), so that warning, and only it, is expected here.
"""

from __future__ import annotations

import warnings

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

__all__ = ["TestClient"]
