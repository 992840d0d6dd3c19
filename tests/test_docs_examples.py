"""The documentation's examples run: Python blocks execute, shell commands work.

Every ```python block of README.md and docs/**/*.md runs, file by file in one namespace,
from the repository root (docs/engine.md has its own, stricter test). Every
`protocolkit ...` line of a ```sh block runs through the CLI in a scratch copy of the
repository's protocols, and must not be a usage error.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import shutil
from pathlib import Path

import pytest

from protocolkit.cli import main
from tests.helpers import require_tool

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md"] + sorted(p for p in (ROOT / "docs").rglob("*.md")
                                      if p.name != "engine.md")


def blocks(page: Path, language: str) -> list[str]:
    text = page.read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```", text, flags=re.DOTALL | re.MULTILINE)


def commands(page: Path) -> list[str]:
    found: list[str] = []
    for block in blocks(page, "sh"):
        for line in block.splitlines():
            line = line.strip().removeprefix("$ ")
            line = line.split("  #")[0].strip()
            if line.startswith("protocolkit "):
                found.append(line)
    return found


PY_PAGES = [p for p in PAGES if blocks(p, "python")]
#: ``print(EXPR)  # VALUE`` where VALUE is a literal (a dict, list, string or number).
_SHOWN_VALUE = re.compile(r"""^(\s*)print\((.+)\)\s+# ((?:\{.*\}|\[.*\]|'[^']*'|\d+))$""",
                          re.MULTILINE)
SH_COMMANDS = [(p, c) for p in PAGES for c in commands(p)]


@pytest.fixture
def at(tmp_path: Path):
    def chdir(where: Path) -> None:
        os.chdir(where)
    previous = os.getcwd()
    yield chdir
    os.chdir(previous)


@pytest.mark.parametrize("page", PY_PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_python_examples_run(page: Path, at) -> None:
    at(ROOT)
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for number, block in enumerate(blocks(page, "python"), start=1):
        # A value the page says a print shows (`print(x)  # {'error': 0}`) is checked.
        block = _SHOWN_VALUE.sub(r"\1assert (\2) == \3, \2", block)
        with contextlib.redirect_stdout(io.StringIO()):
            # A failing block's traceback names the page and block through the code's filename.
            exec(compile(block, f"{page.relative_to(ROOT)} python block {number}", "exec"),  # noqa: S102  running the docs' examples is the point
                 namespace)


@pytest.mark.parametrize("page, command", SH_COMMANDS,
                         ids=[f"{p.relative_to(ROOT)}: {c[:60]}" for p, c in SH_COMMANDS])
def test_shell_examples_run(page: Path, command: str, tmp_path: Path, at) -> None:
    for folder in ("protocols", "tests/data", "docs"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    at(tmp_path)
    argv = shlex.split(command)[1:]
    if "svg" in argv or any(a.endswith(".svg") for a in argv):
        require_tool("dot", why="an SVG diagram needs Graphviz; Debian: apt-get install graphviz")
    argv = [str(p) for a in argv for p in (sorted(Path().glob(a)) if "*" in a else [a])]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        try:
            code = main(argv)
        except SystemExit as exit_:
            code = int(exit_.code or 0)
    assert code in (0, 1), f"`{command}` from {page.relative_to(ROOT)}: exit {code}: {err.getvalue()}"


def test_readme_links_resolve() -> None:
    for page in PAGES:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if "://" in target:
                continue
            assert (page.parent / target).exists(), f"{page.relative_to(ROOT)} links to {target}"
