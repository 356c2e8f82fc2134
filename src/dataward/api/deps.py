"""Dependencies the routers declare, as ``Annotated`` aliases (``policy: PolicyDep``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from dataward.api.settings import ApiSettings
from dataward.policy import Policy


def get_policy(request: Request) -> Policy:
    policy: Policy = request.app.state.policy
    return policy


def get_settings(request: Request) -> ApiSettings:
    settings: ApiSettings = request.app.state.settings
    return settings


PolicyDep = Annotated[Policy, Depends(get_policy)]
SettingsDep = Annotated[ApiSettings, Depends(get_settings)]
