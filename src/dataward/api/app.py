"""The application factory: settings in, a ready FastAPI app out; nothing global."""

from __future__ import annotations

from fastapi import FastAPI

from dataward import __version__
from dataward.api.routers import about, consent, notice
from dataward.api.routers import holds as holds_api
from dataward.api.routers import policy as policy_api
from dataward.api.routers import requests as requests_api
from dataward.api.routers import retention as retention_api
from dataward.api.routers import staff_requests as staff_requests_api
from dataward.api.settings import ApiSettings
from dataward.api.store import StoreHandle, store_lifespan
from dataward.inventory.connectors.registry import default_registry
from dataward.policy import Policy, load_policy
from dataward.policy.render import NoticeFormat
from dataward.requests.handle import ContextHandle
from dataward.web.router import router as web_router


def create_app(settings: ApiSettings, policy: Policy | None = None) -> FastAPI:
    """Build the app for ``settings``; pass ``policy`` to serve a policy already loaded.

    Loading the policy here, once, means a bad policy fails at startup with every problem
    listed (:class:`~dataward.policy.PolicyError`), not on the first request.
    """
    app = FastAPI(
        title="dataward",
        version=__version__,
        summary="A privacy notice written once as policy, enforced over real databases.",
        lifespan=store_lifespan,
    )
    app.state.settings = settings
    app.state.store = StoreHandle(settings.store)
    app.state.policy = policy if policy is not None else load_policy(settings.policy_path)
    app.state.requests = ContextHandle(app.state.policy, settings.inventory_path)
    # What this instance has loaded, for GET /api/v1/about; later parts add their plugins.
    app.state.components = {
        "connectors": default_registry().names(),
        "renderers": {"notice": [format.value for format in NoticeFormat]},
    }
    # One line per part; later parts (requests, consent, holds, audit) add theirs here.
    app.include_router(about.router)
    app.include_router(policy_api.router)
    app.include_router(notice.router)
    app.include_router(consent.router)
    app.include_router(retention_api.router)
    app.include_router(holds_api.router)
    app.include_router(requests_api.router)
    app.include_router(staff_requests_api.router)
    app.include_router(web_router)
    return app
