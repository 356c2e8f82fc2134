"""dataward's store for the HTTP app: opened on first use, disposed when the app stops.

Routes that need no store (the published notice) never open it, so the notice can be
served without a database; ``ApiSettings.store`` None means the store routes answer 503.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy.engine import Engine

from dataward.store import Settings, open_store


class StoreUnavailable(Exception):
    pass


class StoreHandle:
    def __init__(self, settings: Settings | None) -> None:
        self._settings = settings
        self._engine: Engine | None = None
        self._lock = threading.Lock()

    def engine(self) -> Engine:
        if self._settings is None:
            raise StoreUnavailable("this server runs without dataward's store")
        with self._lock:
            if self._engine is None:
                self._engine = open_store(self._settings)
            return self._engine

    def dispose(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None


@asynccontextmanager
async def store_lifespan(app: FastAPI) -> AsyncIterator[None]:
    try:
        yield
    finally:
        app.state.store.dispose()
