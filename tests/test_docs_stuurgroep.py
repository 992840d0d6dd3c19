"""docs/stuurgroep.md shows what protocolkit really prints.

A block headed ``<!-- output: protocolkit ARGS -->`` is the whole output of that
command; one headed ``<!-- excerpt: protocolkit ARGS -->`` shows lines of it in their
order, "…" standing for the lines left out. (The guide once showed a `responsibilities`
answer without the "nog open - voorstel" a concept's answers carry.) The commands run
from the repository's root, as the guide's do.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "stuurgroep.md"


def _blocks(kind: str) -> list[tuple[list[str], str]]:
    text = GUIDE.read_text(encoding="utf-8")
    pattern = rf"<!-- {kind}: protocolkit (.+?) -->\n```text\n(.*?)```"
    return [(command.split(), body) for command, body in re.findall(pattern, text, re.DOTALL)]


def _run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    before = Path.cwd()
    os.chdir(ROOT)
    try:
        _, out, _ = run_cli(capsys, *argv)
    finally:
        os.chdir(before)
    return out


OUTPUTS = _blocks("output")
EXCERPTS = _blocks("excerpt")


def test_the_guide_has_checked_examples() -> None:
    assert [argv[0] for argv, _ in OUTPUTS] == ["responsibilities"]
    assert [argv[0] for argv, _ in EXCERPTS] == ["validate", "test"]


@pytest.mark.parametrize(("argv", "shown"), OUTPUTS, ids=[a[0] for a, _ in OUTPUTS])
def test_an_output_in_the_guide_is_the_real_output(capsys: pytest.CaptureFixture[str],
                                                   argv: list[str], shown: str) -> None:
    assert _run(capsys, argv) == shown


@pytest.mark.parametrize(("argv", "shown"), EXCERPTS, ids=[a[0] for a, _ in EXCERPTS])
def test_an_excerpt_in_the_guide_is_in_the_real_output(capsys: pytest.CaptureFixture[str],
                                                       argv: list[str], shown: str) -> None:
    lines = iter(_run(capsys, argv).splitlines())
    for wanted in shown.splitlines():
        if wanted.strip() in ("…", "..."):
            continue
        prefix = wanted.split("…", 1)[0]
        assert any(line.startswith(prefix) for line in lines), \
            f"not in the output (in order): {wanted}"
