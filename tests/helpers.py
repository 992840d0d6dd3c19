"""Helpers shared by the test modules."""

from __future__ import annotations

import os
import shutil

import pytest

from protocolkit.cli import main


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``protocolkit ARGV`` in-process: (exit code, stdout, stderr)."""
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


#: Set by ``.ci/run``: a test whose system tool is missing fails instead of skipping.
REQUIRE_TOOLS_ENV = "PROTOCOLKIT_REQUIRE_TOOLS"


def require_tool(*names: str, why: str = "") -> None:
    """Skip the calling test when a system tool is missing, with the reason; fail in CI.

    Most users have no Graphviz or Chromium, so on their machines such tests skip and
    say which Debian package brings the tool. ``.ci/run`` installs the tools and sets
    ``PROTOCOLKIT_REQUIRE_TOOLS=1``, which turns the same skip into a failure, so CI
    still proves those tests.
    """
    missing = [name for name in names if shutil.which(name) is None]
    if not missing:
        return
    reason = (f"needs {', '.join(missing)} (not installed{'; ' + why if why else ''}); "
              f".ci/run installs it and sets {REQUIRE_TOOLS_ENV}=1")
    if os.environ.get(REQUIRE_TOOLS_ENV) == "1":
        pytest.fail(reason)
    pytest.skip(reason)
