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


def test_the_readme_command_table_lists_every_command_and_action() -> None:
    """README's "What it does" table names every subcommand, and every action of a
    command that has actions (``cases migrate``), as the CLI registers them."""
    import argparse

    from protocolkit.cli import build_parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("| command | what it answers |", 1)[1].split("\n\n", 1)[0]
    listed: set[str] = set()
    for cell in re.findall(r"^\| `protocolkit ([^`]+)`", table, flags=re.MULTILINE):
        name, _, rest = cell.partition(" ")
        listed.add(name)
        first = rest.split(" ", 1)[0]
        if "\\|" in first:                    # cases init\|open\|...
            listed.update(f"{name} {a}" for a in first.split("\\|"))
    registered: set[str] = set()
    parser = build_parser()
    [commands] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    for name, command in commands.choices.items():
        registered.add(name)
        for action in command._actions:
            if isinstance(action, argparse._SubParsersAction):
                registered.update(f"{name} {a}" for a in action.choices)
    assert registered - listed == set()
    assert listed - registered == set()
