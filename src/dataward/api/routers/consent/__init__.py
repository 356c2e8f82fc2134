"""The consent part's HTTP routes: decisions, the ledger, unsubscribe, suppression, cookies.

One ``router`` to include; each module holds one resource. Input errors of the consent
services become 422 answers naming the field (:class:`~.deps.ConsentRoute`).
"""

from fastapi import APIRouter

from dataward.api.routers.consent import cookies, decisions, ledger, suppression, unsubscribe

router = APIRouter()
for module in (decisions, ledger, unsubscribe, suppression, cookies):
    router.include_router(module.router)

__all__ = ["router"]
