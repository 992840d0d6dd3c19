"""Regenerate the generated blocks of docs/diff.md: each ``<!-- example: protocolkit CMD -->``
and ``<!-- summary: protocolkit CMD -->`` block becomes the real output of that command,
run through ``protocolkit.cli.main`` under ``LANG=nl_NL.UTF-8`` from the repository root
(tests/test_diff_cli.py checks that they are). Excerpts are left alone (they are chosen
lines, checked to occur in order).

    python scripts/regenerate_diff_examples.py [--check]
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "diff.md"
BLOCK = re.compile(r"(<!-- (?:example|summary): protocolkit (.+?) -->\n```text\n)(.*?)(```)",
                   re.DOTALL)


def output(command: str) -> str:
    """What ``protocolkit COMMAND`` writes on stdout, as the test runs it."""
    from protocolkit.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        main(command.split())
    return out.getvalue()


def regenerate(text: str) -> str:
    return BLOCK.sub(lambda m: m.group(1) + output(m.group(2)) + m.group(4), text)


def main() -> int:
    os.chdir(ROOT)
    os.environ["LANG"] = "nl_NL.UTF-8"
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "PROTOCOLKIT_LANG"):
        os.environ.pop(name, None)
    before = GUIDE.read_text(encoding="utf-8")
    after = regenerate(before)
    if "--check" in sys.argv[1:]:
        return 0 if after == before else 1
    GUIDE.write_text(after, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
