"""``dataward serve``: the HTTP API and the published notice, on uvicorn."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Annotated

import typer

from dataward.cli.policy_args import policy_or_exit
from dataward.store import Settings


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    policy: Annotated[
        Path | None,
        typer.Option(
            help="Policy YAML file. Default: the policy shipped with dataward.",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Serve the API (/api/v1/…, /openapi.json, /docs) and the notice (/privacy, /privacy.md).

    The policy is loaded once at startup; a policy with errors stops the server before it
    listens, with every problem listed (exit status 2).

    Example: dataward serve --port 8080 --policy ./privacy/policy.yaml
    """
    # The web stack is imported only when serving, so that other commands start fast.
    import uvicorn

    from dataward.api import ApiSettings, create_app

    loaded = policy_or_exit(policy)
    app = create_app(ApiSettings(policy_path=policy, store=Settings.from_env()), loaded)
    # What is loaded by now (the libraries, the policy, the app: some 180,000 objects)
    # lives as long as the process. Frozen, it is left out of the garbage collector's full
    # passes, each of which otherwise paused the request that set it off (70 ms here).
    gc.freeze()
    typer.echo(f"dataward: serving the notice at http://{host}:{port}/privacy", err=True)
    uvicorn.run(app, host=host, port=port)
