"""The ``dataward`` entry point: the version, and loading only the group that runs."""

from __future__ import annotations

import subprocess
import sys

from dataward import __version__

PROBE = """
import sys
sys.argv = ["dataward", *sys.argv[1:]]
from dataward.cli.main import main
try:
    main()
except SystemExit:
    pass
print(sorted(name for name in sys.modules if name.startswith("dataward.cli.")))
"""


def _run(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROBE, *arguments], capture_output=True, text=True, check=True
    )


def test_version_needs_no_command() -> None:
    assert _run("--version").stdout.splitlines()[0] == __version__


def test_a_command_loads_only_its_own_group() -> None:
    loaded = _run("policy", "--help").stdout.splitlines()[-1]
    assert "'dataward.cli.policy'" in loaded
    assert "'dataward.cli.retention'" not in loaded
    assert "'dataward.cli.redact'" not in loaded


def test_the_root_help_lists_every_group() -> None:
    output = _run("--help").stdout
    for name in ("retention", "requests", "consent", "redact", "staff", "campaign"):
        assert name in output
