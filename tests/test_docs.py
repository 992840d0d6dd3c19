"""The documentation stays true: every finding code and command is documented."""

from __future__ import annotations

import re
from pathlib import Path

from protocolkit.cli import COMMANDS
from protocolkit.format.diagnostics import CODES

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def documented_codes() -> set[str]:
    text = (DOCS / "diagnostics.md").read_text(encoding="utf-8")
    codes = set(re.findall(r"^### `([a-z-]+)`", text, flags=re.MULTILINE))
    checks = DOCS / "checks"
    if checks.is_dir():
        codes |= {p.stem for p in checks.glob("*.md") if p.stem != "README"}
    return codes


def test_every_finding_code_is_documented() -> None:
    missing = sorted(set(CODES) - documented_codes())
    assert not missing, f"document these codes in docs/diagnostics.md or docs/checks/: {missing}"


def test_no_documented_code_is_stale() -> None:
    stale = sorted(documented_codes() - set(CODES))
    assert not stale, f"documented but never emitted: {stale}"


def test_every_command_is_documented() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in DOCS.rglob("*.md"))
    text += (ROOT / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"protocolkit {command}" in text, f"no docs mention `protocolkit {command}`"
