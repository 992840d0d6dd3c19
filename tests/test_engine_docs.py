"""docs/engine.md stays true: its Python examples run, in order, as one program, and
the CLI output it shows is what the command prints."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
from pathlib import Path

import pytest

from protocolkit.cli import main

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "engine.md"


def blocks(language: str) -> list[str]:
    text = GUIDE.read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```", text, flags=re.DOTALL | re.MULTILINE)


@pytest.fixture
def at_root() -> object:
    previous = os.getcwd()
    os.chdir(ROOT)
    try:
        yield ROOT
    finally:
        os.chdir(previous)


def test_the_guide_has_examples_for_open_advance_store_and_restore() -> None:
    code = "\n".join(blocks("python"))
    for call in ("engine.open(", ".record(", ".open_steps(", ".to_json()", ".restore("):
        assert call in code, f"docs/engine.md shows no example of {call}"


def test_the_python_examples_run(at_root: object, caplog: pytest.LogCaptureFixture) -> None:
    """The examples run in order as one program, and quietly: the broken listener of
    "Listeners" fails (and is logged) twice, in its own example, and is unsubscribed
    there; left subscribed, every later example printed its "division by zero"."""
    namespace: dict[str, object] = {"__name__": "engine_guide"}
    with caplog.at_level(logging.WARNING):
        for number, block in enumerate(blocks("python"), start=1):
            # A failing block's traceback names the block through the code's filename.
            exec(compile(block, f"docs/engine.md python block {number}", "exec"), namespace)  # noqa: S102  running the docs' examples is the point
    failures = [r for r in caplog.records if r.name == "protocolkit.engine"]
    assert len(failures) == 2, [r.getMessage() for r in failures]
    assert all("division by zero" in r.getMessage() for r in failures)
    assert [r.getMessage() for r in caplog.records if r not in failures] == []


def test_the_case_store_section_runs_on_its_own(at_root: object) -> None:
    """"A case store" is the tool builder's worked example: a reader copies it alone,
    so it runs without the names earlier sections made (``text``, ``Path``,
    ``load_text``), and the examples after it in the section continue it."""
    guide = GUIDE.read_text(encoding="utf-8")
    section = guide.split("\n## A case store\n", 1)[1].split("\n## ", 1)[0]
    found = re.findall(r"^```python\n(.*?)^```", section, flags=re.DOTALL | re.MULTILINE)
    assert len(found) >= 3 and "Casebook(" in found[0]
    namespace: dict[str, object] = {"__name__": "case_store_example"}
    for number, block in enumerate(found, start=1):
        exec(compile(block, f"docs/engine.md 'A case store' block {number}", "exec"), namespace)  # noqa: S102  running the docs' examples is the point


def test_the_cli_output_shown_is_what_simulate_prints(at_root: object) -> None:
    [shown] = [b for b in blocks("text") if b.startswith("$ protocolkit simulate")]
    command, *expected = shown.rstrip("\n").split("\n")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(command.split()[2:])
    assert code == 0
    assert out.getvalue().rstrip("\n").split("\n") == expected


def test_the_cases_commands_shown_run_in_order(tmp_path: Path) -> None:
    import shlex
    import shutil

    [shown] = [b for b in blocks("sh") if "protocolkit cases" in b]
    shutil.copytree(ROOT / "tests" / "data", tmp_path / "tests" / "data")
    previous = os.getcwd()
    os.chdir(tmp_path)
    try:
        for line in shown.strip().splitlines():
            argv = shlex.split(line)[1:]
            with contextlib.redirect_stdout(io.StringIO()):
                assert main(argv) == 0, line
    finally:
        os.chdir(previous)
