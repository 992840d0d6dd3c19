"""The installed package is the whole package.

``.ci/run`` builds a wheel, installs it in a clean virtualenv and runs the suite against
it with ``PROTOCOLKIT_TEST_INSTALLED=1``: a module or data file left out of the wheel
(``py.typed``, a subpackage) fails there instead of on a user's machine.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import protocolkit

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "protocolkit"
INSTALLED = Path(protocolkit.__file__).resolve().parent


def _files(top: Path) -> set[str]:
    return {p.relative_to(top).as_posix() for p in top.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


def test_the_suite_runs_against_the_installed_wheel_when_asked() -> None:
    if os.environ.get("PROTOCOLKIT_TEST_INSTALLED") != "1":
        pytest.skip("runs in .ci/run against the built wheel (PROTOCOLKIT_TEST_INSTALLED=1)")
    assert not INSTALLED.is_relative_to(ROOT), (
        f"protocolkit was imported from {INSTALLED}, not from the installed wheel")


def test_every_source_file_is_installed() -> None:
    missing = sorted(_files(SOURCE) - _files(INSTALLED))
    assert not missing, f"left out of the package: {missing}"


def test_the_package_declares_its_types() -> None:
    assert (INSTALLED / "py.typed").is_file()
