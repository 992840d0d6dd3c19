"""The pre-commit hooks: this project's own (.pre-commit-config.yaml) and the ones a
municipality's protocol repository uses (.pre-commit-hooks.yaml, docs/stuurgroep.md)."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

from protocolkit.cli import COMMANDS

ROOT = Path(__file__).resolve().parents[1]
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def run_hook(hook_id: str, files: list[str]) -> subprocess.CompletedProcess[str]:
    """Run a hook the way pre-commit does: its entry, then the staged file names."""
    (hook,) = [h for h in HOOKS if h["id"] == hook_id]
    program, *args = shlex.split(hook["entry"])
    assert program == "protocolkit"
    return subprocess.run([sys.executable, "-m", "protocolkit", *args, *files], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=False)


def test_the_hooks_are_installable_protocolkit_commands() -> None:
    assert [h["id"] for h in HOOKS] == ["protocolkit-validate", "protocolkit-validate-strict"]
    for hook in HOOKS:
        assert hook["language"] == "python"          # pre-commit pip-installs this package
        assert shlex.split(hook["entry"])[1] in COMMANDS
        assert re.search(hook["files"], "protocollen/aalsmeer.yaml")
        assert not re.search(hook["files"], "src/protocolkit/cli/__init__.py")


def test_the_hook_passes_good_protocols_and_stops_a_broken_one(tmp_path: Path) -> None:
    shipped = ["protocols/arnhem.yaml", "protocols/oostzaan.yaml", "protocols/aalsmeer_draft.yaml"]
    assert run_hook("protocolkit-validate", shipped).returncode == 0
    broken = tmp_path / "kapot.yaml"
    text = (ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("actor: onderzoeker\n", "actor: onderzoekr\n", 1),
                      encoding="utf-8")
    done = run_hook("protocolkit-validate", [shipped[0], str(broken)])
    assert done.returncode == 1
    assert "unknown-role" in done.stdout + done.stderr


def test_the_strict_hook_stops_open_points() -> None:
    # The Aalsmeer concept still has open points: not ready for adoption.
    assert run_hook("protocolkit-validate-strict", ["protocols/aalsmeer_draft.yaml"]).returncode == 1
    assert run_hook("protocolkit-validate", ["protocols/aalsmeer_draft.yaml"]).returncode == 0


def test_the_guide_configures_hooks_that_exist() -> None:
    guide = (ROOT / "docs" / "stuurgroep.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", guide, flags=re.DOTALL)
    configured = [yaml.safe_load(b) for b in blocks if "repos:" in b]
    assert len(configured) == 2
    ids = {h["id"] for h in HOOKS}
    for config in configured:
        for repo in config["repos"]:
            for hook in repo["hooks"]:
                assert hook["id"] in ids
                assert re.search(hook["files"], "protocollen/arnhem.yaml")
                assert not re.search(hook["files"], "protocollen/tests.py")


def test_the_project_hooks_run_what_ci_runs() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = [h["entry"] for repo in config["repos"] for h in repo["hooks"]]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for tool in ("ruff check", "mypy"):
        assert any(e.startswith(f".venv/bin/{tool}") for e in entries), tool
        assert f".venv/bin/{tool}" in ci, tool
