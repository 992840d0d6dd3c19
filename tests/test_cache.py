"""The findings cache answers only what a fresh check would: same output, never stale."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from protocolkit import cache
from protocolkit.api import validate_files
from protocolkit.cli import main

ROOT = Path(__file__).resolve().parents[1]
FILES = [str(p) for p in sorted((ROOT / "protocols").glob("*.yaml"))]


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROTOCOLKIT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_cached_output_is_the_fresh_output(fresh_cache: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    fresh = run(capsys, "validate", "--no-cache", "--format", "json", *FILES)
    assert not fresh_cache.exists()                   # --no-cache writes nothing
    first = run(capsys, "validate", "--format", "json", *FILES)
    assert cache.cached_report(FILES) is not None     # now every file is known
    second = run(capsys, "validate", "--format", "json", *FILES)
    assert first == fresh and second == fresh
    witnesses = [f["witness"] for file in json.loads(second[1])["files"]
                 for f in file["findings"] if f.get("witness")]
    assert witnesses, "the shipped protocols' acknowledged findings carry witnesses"


def test_a_changed_file_is_checked_afresh(fresh_cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    text = (ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    assert validate_files([path], cache=True).exit_code() == 0
    path.write_text(text.replace("actor: onderzoeker\n", "actor: onderzoekr\n", 1),
                    encoding="utf-8")
    assert cache.cached_report([str(path)]) is None
    report = validate_files([path], cache=True)
    assert [f.code for f in report.findings if f.severity.value == "error"] == ["unknown-role"]


def test_a_changed_protocolkit_misses(fresh_cache: Path, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    validate_files(FILES[:1], cache=True)
    assert cache.cached_report(FILES[:1]) is not None
    copy = tmp_path / "protocolkit"
    shutil.copytree(Path(cache.__file__).parent, copy)
    (copy / "semantics" / "__init__.py").write_text((copy / "semantics" / "__init__.py").read_text() + "\n# changed\n")
    monkeypatch.setattr(cache, "_PACKAGE", copy)
    cache.fingerprint.cache_clear()
    try:
        assert cache.cached_report(FILES[:1]) is None
    finally:
        cache.fingerprint.cache_clear()


def test_no_cache_environment_and_unwritable_folder(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("PROTOCOLKIT_CACHE_DIR", str(blocker / "cache"))
    assert validate_files(FILES[:1], cache=True).exit_code() == 0   # cannot write: fine
    monkeypatch.setenv("PROTOCOLKIT_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("PROTOCOLKIT_NO_CACHE", "1")
    validate_files(FILES[:1], cache=True)
    assert not (tmp_path / "c").exists()
    assert cache.cached_report(FILES[:1]) is None


def test_corrupt_entries_are_ignored(fresh_cache: Path) -> None:
    validate_files(FILES[:1], cache=True)
    for entry in fresh_cache.rglob("*.json"):
        entry.write_text("{not json")
    assert cache.cached_report(FILES[:1]) is None
    assert validate_files(FILES[:1], cache=True).exit_code() == 0


def test_a_cached_validate_never_loads_the_model(tmp_path: Path) -> None:
    """The point of the cache: unchanged files are answered without importing the
    loader, the model or the checks (a usage check that imported the loader once made a
    warm ``validate`` cost three times as much)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PROTOCOLKIT_CACHE_DIR": str(tmp_path / "cache")}
    script = ("import sys\nfrom protocolkit.cli import main\n"
              f"code = main(['validate', *{FILES!r}])\n"
              "heavy = [m for m in ('protocolkit.format.loader', 'protocolkit.format.model',"
              " 'protocolkit.analysis', 'pydantic.main') if m in sys.modules]\n"
              "print(code, heavy, file=sys.stderr)\n")
    first = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                           text=True, cwd=ROOT, check=False)
    assert "protocolkit.format.model" in first.stderr   # a cold run loads it
    again = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                           text=True, cwd=ROOT, check=False)
    assert again.stderr.strip().splitlines()[-1] == "0 []", again.stderr
