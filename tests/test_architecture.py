"""The pipeline's stages import only downstream-to-upstream (docs/architecture.md).

Every import in ``src/protocolkit`` — at module level, inside functions and under
``TYPE_CHECKING`` alike — is read from the source and checked against the stage table:
a module may import its own stage and the stages before it, never one after it, and the
three consumers of the semantics (analysis, engine, diff) never import each other.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "protocolkit"

#: stage -> rank; a module may import a stage of lower or equal rank (siblings excepted).
STAGES: dict[str, int] = {
    "format": 0,
    "semantics": 1,
    "analysis": 2,
    "engine": 2,
    "diff": 2,
    "present": 3,
    "scenario_tests": 3,
    "cache": 3,
    "api": 3,
    "store": 3,
    "cli": 4,
    "__main__": 5,
}
#: Imports between stages of the same rank that the architecture allows, with the reason.
ALLOWED = {
    ("engine", "diff"): "a refused migration names what changed (CaseEngine.restore)",
}
#: The package root only re-exports (lazily) and holds the version.
ROOT_NAMES = {"__init__", "__version__"}


def stage_of(module: str) -> str:
    """'protocolkit.format.model' -> 'format'; 'protocolkit' -> '__init__'."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(), str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "protocolkit":
                found += [(node.lineno, f"protocolkit.{a.name}") for a in node.names
                          if a.name not in ROOT_NAMES]
            elif node.module.startswith("protocolkit."):
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names
                      if a.name.startswith("protocolkit.")]
    return found


MODULES = sorted(p for p in SRC.rglob("*.py") if p.name != "__init__.py" or p.parent != SRC)


def test_every_stage_is_in_the_table() -> None:
    stages = {p.relative_to(SRC).parts[0].removesuffix(".py") for p in MODULES}
    assert stages <= set(STAGES), sorted(stages - set(STAGES))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_imports_point_upstream(path: Path) -> None:
    own = path.relative_to(SRC).parts[0].removesuffix(".py")
    wrong = []
    for line, module in imports(path):
        other = stage_of(module)
        if other == own or other == "__init__":
            continue
        if (own, other) in ALLOWED:
            continue
        if STAGES[other] > STAGES[own] or (STAGES[other] == STAGES[own] == 2):
            wrong.append(f"{path.relative_to(SRC)}:{line} imports {module} ({other} after {own})")
    assert not wrong, "\n".join(wrong)
