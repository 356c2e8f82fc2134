"""What the pages share, built on the first page served (never at import or app creation).

Building it lazily keeps ``create_app`` free of web concerns: the API-only tests and the
published notice never pay for templates, keys or the previous policy.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import jinja2
from fastapi import Request
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from dataward.policy import Policy, PolicyError, load_policy
from dataward.web.keys import WebKeys, web_keys
from dataward.web.settings import WebSettings
from dataward.web.templating import make_environment

_BUILDING = threading.Lock()


@dataclass(frozen=True)
class Previous:
    """The previous policy version, or why there is none to compare with."""

    policy: Policy | None
    problem: str | None


class WebState:
    def __init__(self, settings: WebSettings) -> None:
        self.settings = settings
        self.templates: jinja2.Environment = make_environment()
        self._keys: WebKeys | None = None
        self._previous: Previous | None = None
        self._lock = threading.Lock()

    def keys(self, engine: Engine) -> WebKeys:
        with self._lock:
            if self._keys is None:
                # Its own transaction: the secret may be generated now and must commit.
                with Session(engine) as session, session.begin():
                    self._keys = web_keys(session)
            return self._keys

    def previous(self) -> Previous:
        with self._lock:
            if self._previous is None:
                self._previous = self._load_previous()
            return self._previous

    def _load_previous(self) -> Previous:
        path = self.settings.previous_policy
        if path is None:
            return Previous(None, "No previous version of the policy is configured.")
        try:
            return Previous(load_policy(path), None)
        except (OSError, PolicyError) as error:
            return Previous(None, f"The previous policy ({path.name}) could not be read: {error}")


def web_state(request: Request) -> WebState:
    state: WebState | None = getattr(request.app.state, "web", None)
    if state is None:
        with _BUILDING:
            state = getattr(request.app.state, "web", None)
            if state is None:
                state = request.app.state.web = WebState(WebSettings.from_env())
    return state
